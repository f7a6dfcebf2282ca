using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Inertia.Feeds.Xml;

/// <summary>
/// Atomizes element/attribute names, prefixes and namespace URIs for <see cref="Utf8TreeReader"/>: a feed repeats the same
/// few dozen, so each is decoded once per reader instead of once per occurrence. Names of up to 16 bytes (nearly all) are
/// keyed by their bytes packed into two integers, so that a lookup compares two words in the slot instead of calling a
/// byte comparison on an array elsewhere in memory: there are two or three lookups per element.
/// </summary>
internal sealed class Utf8NameTable
{
    private const int MaxEntries = 4096;
    private const int MaxPacked = 16;
    private Entry[] _slots = new Entry[256];
    private int _count;

    private struct Entry
    {
        public int Hash;
        public int Length;
        public ulong A, B; // the bytes of a name of ≤ 16 bytes (see Pack)
        public byte[]? Bytes; // longer names only
        public string? Value; // null: an empty slot
    }

    /// <summary>The string for these (ASCII-checked or valid UTF-8) bytes; the reader gives up on invalid ones.</summary>
    public string Get(ReadOnlySpan<byte> bytes) => Find(bytes) ?? Add(bytes, Decode(bytes));

    /// <summary>The shared instance equal to a string decoded elsewhere (namespace URIs come from attribute values).</summary>
    public string Get(string s)
    {
        if (s.Length > 256) return s;
        Span<byte> buffer = stackalloc byte[1024];
        var bytes = buffer[..Encoding.UTF8.GetBytes(s, buffer)];
        return Find(bytes) ?? Add(bytes, s);
    }

    /// <summary>Keeps the table for the next document unless a hostile one filled it with junk.</summary>
    public void Trim()
    {
        if (_count < MaxEntries / 2) return;
        _slots = new Entry[256];
        _count = 0;
    }

    private string? Find(ReadOnlySpan<byte> bytes)
    {
        var n = bytes.Length;
        var (a, b) = Pack(bytes);
        var hash = Hash(bytes, a, b);
        var mask = _slots.Length - 1;
        for (var k = hash & mask; ; k = (k + 1) & mask)
        {
            ref var e = ref _slots[k];
            if (e.Value is null) return null;
            if (e.Hash != hash || e.Length != n) continue;
            if (n <= MaxPacked ? e.A == a && e.B == b : bytes.SequenceEqual(e.Bytes)) return e.Value;
        }
    }

    private string Add(ReadOnlySpan<byte> bytes, string value)
    {
        if (_count >= MaxEntries) return value;
        if (_count * 2 >= _slots.Length) Grow();
        var (a, b) = Pack(bytes);
        Insert(new Entry
        {
            Hash = Hash(bytes, a, b), Length = bytes.Length, A = a, B = b,
            Bytes = bytes.Length <= MaxPacked ? null : bytes.ToArray(), Value = value,
        });
        _count++;
        return value;
    }

    private void Insert(in Entry entry)
    {
        var mask = _slots.Length - 1;
        var k = entry.Hash & mask;
        while (_slots[k].Value is not null) k = (k + 1) & mask;
        _slots[k] = entry;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Entry[old.Length * 2];
        foreach (var e in old)
            if (e.Value is not null) Insert(e);
    }

    /// <summary>
    /// Up to 16 bytes as two words: the first and the last eight (overlapping when shorter than 16), or the bytes shifted
    /// together when fewer than eight. With the length, the pair determines the bytes.
    /// </summary>
    private static (ulong A, ulong B) Pack(ReadOnlySpan<byte> bytes)
    {
        var n = bytes.Length;
        if (n > MaxPacked) return (0, 0);
        ref var r = ref MemoryMarshal.GetReference(bytes);
        if (n >= 8) return (Unsafe.ReadUnaligned<ulong>(ref r), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, n - 8)));
        ulong a = 0;
        for (var i = 0; i < n; i++) a = (a << 8) | Unsafe.Add(ref r, i);
        return (a, 0);
    }

    private static int Hash(ReadOnlySpan<byte> bytes, ulong a, ulong b) =>
        bytes.Length <= MaxPacked
            ? (int)(((a ^ BitOperations.RotateLeft(b, 23) ^ (ulong)bytes.Length) * 0x9E3779B97F4A7C15UL) >> 33)
            : Utf8TreeReader.QuickHash(bytes);

    private static string Decode(ReadOnlySpan<byte> bytes) =>
        Utf8Text.TryDecode(bytes, out var s) ? s : throw Utf8TreeReader.Unsupported;
}
