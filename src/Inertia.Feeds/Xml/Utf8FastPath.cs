using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace Inertia.Feeds.Xml;

/// <summary>
/// Most feeds are valid UTF-8 and well-formed. For those the document is streamed straight from its bytes into the XML
/// reader — no decoded copy of the whole document, which for large feeds would be a large-object-heap allocation per
/// parse. Anything unusual (invalid bytes, forbidden characters, an internal DTD subset, text before the root) takes the
/// general path instead.
/// </summary>
internal static class Utf8FastPath
{
    /// <summary>
    /// Whether the document may take the fast path. UTF-8 validity is left out: the byte-level tokenizer checks it as it
    /// decodes (one pass instead of two), and the streaming fallback checks it with <see cref="IsValid"/> first.
    /// </summary>
    public static bool Eligible(ReadOnlySpan<byte> body)
    {
        var start = 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start >= body.Length || body[start] != (byte)'<') return false;
        if (HasForbiddenOrNonCharacter(body)) return false;
        var head = body[..Math.Min(body.Length, 4096)];
        var doctype = head.IndexOf("<!DOCTYPE"u8);
        if (doctype >= 0)
        {
            var rest = head[doctype..];
            var close = rest.IndexOf((byte)'>');
            var subset = rest.IndexOf((byte)'[');
            if (subset >= 0 && (close < 0 || subset < close)) return false; // internal subset: entities to expand
        }
        return true;
    }

    public static bool IsValid(ReadOnlySpan<byte> body) => Utf8.IsValid(body);

    /// <summary>
    /// A control character XML forbids (C0 other than tab, LF, CR) or U+FFFE/U+FFFF (EF BF BE, EF BF BF), found in one
    /// vectorized pass: every byte of the document is read once here, so two searches of their own cost twice that.
    /// </summary>
    internal static bool HasForbiddenOrNonCharacter(ReadOnlySpan<byte> body)
    {
        var i = 0;
        if (Avx2.IsSupported)
        {
            // The same test in fewer operations and one branch per block: vpshufb looks each byte's low nibble up in a
            // table holding 9, 10 and 13 at their own positions (and 0xFF elsewhere; bytes ≥ 0x80 give 0), so a byte
            // below 0x20 equal to its lookup is one of the three allowed controls.
            var allowed = Vector256.Create((byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 9, 10, 0xFF, 0xFF, 13, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 9, 10, 0xFF, 0xFF, 13, 0xFF, 0xFF);
            ref var src = ref MemoryMarshal.GetReference(body);
            for (; i + 32 <= body.Length; i += 32)
            {
                // Two blocks per branch where there are two: the answer is almost always "none".
                if (i + 64 <= body.Length)
                {
                    if ((Flags(Vector256.LoadUnsafe(ref src, (nuint)i), allowed) | Flags(Vector256.LoadUnsafe(ref src, (nuint)(i + 32)), allowed))
                        == Vector256<byte>.Zero)
                    {
                        i += 32;
                        continue;
                    }
                }
                var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                if (Flags(v, allowed) == Vector256<byte>.Zero) continue;
                if (Forbidden(v, allowed) != Vector256<byte>.Zero) return true;
                // EF leads U+F000–U+FFFF, rare in text: those few blocks are checked byte by byte.
                if (HasNonCharacterAt(body, i, i + 32)) return true;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            ref var src = ref MemoryMarshal.GetReference(body);
            for (; i + 32 <= body.Length; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                var control = Vector256.LessThan(v, Vector256.Create((byte)0x20))
                    & ~(Vector256.Equals(v, Vector256.Create((byte)'\t')) | Vector256.Equals(v, Vector256.Create((byte)'\n'))
                        | Vector256.Equals(v, Vector256.Create((byte)'\r')));
                if (control != Vector256<byte>.Zero) return true;
                // EF leads U+F000–U+FFFF, rare in text: those few blocks are checked byte by byte.
                if (Vector256.Equals(v, Vector256.Create((byte)0xEF)) != Vector256<byte>.Zero && HasNonCharacterAt(body, i, i + 32)) return true;
            }
        }
        var tail = i;
        for (; i < body.Length; i++)
            if (body[i] < 0x20 && body[i] is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) return true;
        return HasNonCharacterAt(body, tail, body.Length);
    }

    /// <summary>Bytes below 0x20 other than tab, LF and CR (see the table in <see cref="HasForbiddenOrNonCharacter"/>).</summary>
    private static Vector256<byte> Forbidden(Vector256<byte> v, Vector256<byte> allowed) =>
        Vector256.AndNot(Vector256.Equals(Vector256.Min(v, Vector256.Create((byte)0x1F)), v), Vector256.Equals(Avx2.Shuffle(allowed, v), v));

    /// <summary>Forbidden bytes and EF leads: a block without either needs no closer look.</summary>
    private static Vector256<byte> Flags(Vector256<byte> v, Vector256<byte> allowed) =>
        Forbidden(v, allowed) | Vector256.Equals(v, Vector256.Create((byte)0xEF));

    /// <summary>Does a U+FFFE or U+FFFF sequence start in body[from..to)?</summary>
    private static bool HasNonCharacterAt(ReadOnlySpan<byte> body, int from, int to)
    {
        for (var k = from; k < to; k++)
            if (body[k] == 0xEF && k + 2 < body.Length && body[k + 1] == 0xBF && body[k + 2] is 0xBE or 0xBF) return true;
        return false;
    }
}
