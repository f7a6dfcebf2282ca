using System.Buffers;
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
    private static readonly SearchValues<byte> ForbiddenBytes = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F]);

    /// <summary>
    /// Whether the document may take the fast path. UTF-8 validity is left out: the byte-level tokenizer checks it as it
    /// decodes (one pass instead of two), and the streaming fallback checks it with <see cref="IsValid"/> first.
    /// </summary>
    public static bool Eligible(ReadOnlySpan<byte> body)
    {
        var start = 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start >= body.Length || body[start] != (byte)'<') return false;
        if (body.IndexOfAny(ForbiddenBytes) >= 0) return false;
        if (HasNonCharacter(body)) return false;
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

    /// <summary>U+FFFE or U+FFFF (EF BF BE, EF BF BF), found in one pass over the document.</summary>
    private static bool HasNonCharacter(ReadOnlySpan<byte> body)
    {
        var i = 0;
        while (true)
        {
            var at = body[i..].IndexOf((ReadOnlySpan<byte>)[0xEF, 0xBF]);
            if (at < 0) return false;
            i += at + 2;
            if (i < body.Length && body[i] is 0xBE or 0xBF) return true;
        }
    }
}
