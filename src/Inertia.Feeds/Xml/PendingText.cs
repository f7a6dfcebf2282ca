using System.Buffers;

namespace Inertia.Feeds.Xml;

/// <summary>
/// A large CDATA body decoded into a pooled buffer rather than a string. Its usual reader (content URL resolution) builds
/// the trimmed or rewritten string straight from the buffer, so the body costs one large string instead of two; any
/// other reader gets a string made on first use (<see cref="ToText"/>). The buffer goes back to the pool when the parse
/// ends (<see cref="TreeBuilder.ReleasePending"/>); reading the text after that is a bug and throws.
/// </summary>
internal sealed class PendingText(char[] buffer, int length)
{
    private char[]? _buffer = buffer;
    private string? _text;

    public int Length { get; } = length;

    public ReadOnlyMemory<char> Memory =>
        _text?.AsMemory() ?? _buffer?.AsMemory(0, Length) ?? throw new InvalidOperationException("pending text read after the parse");

    public ReadOnlySpan<char> Span => Memory.Span;

    public string ToText() => _text ??= new string(Span);

    public void Release()
    {
        if (_buffer is null) return;
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = null;
    }
}
