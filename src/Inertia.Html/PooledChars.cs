using System.Buffers;

namespace Inertia.Html;

/// <summary>
/// Text built in a buffer rented from <see cref="ArrayPool{T}"/> that grows as needed: what it holds costs one string
/// at the end (a <see cref="System.Text.StringBuilder"/> costs its chunks too). The sanitizer's output and the search
/// tokens, written for every stored entry, are built this way. A mutable struct: keep it in a field or pass it by
/// reference, and dispose it once to return the buffer.
/// </summary>
public struct PooledChars(int capacity) : IDisposable
{
    char[] _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
    int _length;

    /// <summary>What has been written so far.</summary>
    public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    public void Append(char c)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = c;
    }

    public void Append(ReadOnlySpan<char> text) => text.CopyTo(AppendSpan(text.Length));

    /// <summary>The next <paramref name="length"/> characters, counted as written, for the caller to fill.</summary>
    public Span<char> AppendSpan(int length)
    {
        if (_length + length > _buffer.Length) Grow(length);
        var span = _buffer.AsSpan(_length, length);
        _length += length;
        return span;
    }

    void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}
