using System.Buffers;
using System.Net;
using System.Globalization;
using System.Text;
using Inertia.Html;

namespace Inertia.Storage;

/// <summary>Plain text out of (already sanitized) entry HTML, for snippets and the search index. Not a sanitizer:
/// its output is text, which the web layer encodes when rendering.</summary>
internal static class PlainText
{
    /// <summary>
    /// Tags (with the content of script and style) and comments become spaces, entities are decoded, whitespace
    /// collapses. One pass without regular expressions: the search indexer runs this on every stored entry.
    /// </summary>
    public static string FromHtml(string? html) => string.IsNullOrWhiteSpace(html) ? "" : FromHtml(html.AsSpan());

    // Stripped into a pooled buffer and decoded only when there is an entity: a stored entry's text is made twice
    // (its list snippet, its search document), and the builder, its string and the decoder's copy were most of what
    // that allocated.
    static string FromHtml(ReadOnlySpan<char> html)
    {
        // Never longer than the HTML: each tag, at least one character, becomes one space.
        var buffer = ArrayPool<char>.Shared.Rent(html.Length);
        try
        {
            var length = 0;
            void Append(ReadOnlySpan<char> text) { text.CopyTo(buffer.AsSpan(length)); length += text.Length; }
            var rest = html;
            for (int open; (open = rest.IndexOf('<')) >= 0;)
            {
                Append(rest[..open]);
                rest = rest[open..];
                var skip = rest.StartsWith("<!--") ? Past(rest, "-->", 4)
                    : RawText(rest) is { } name ? PastEndTag(rest, name)
                    : rest.IndexOf('>') + 1;
                if (skip <= 0) break; // no end: the rest is text, as the regex left it
                Append(" ");
                rest = rest[skip..];
            }
            Append(rest);
            var stripped = buffer.AsSpan(0, length);
            return stripped.Contains('&') ? Whitespace.Collapse(WebUtility.HtmlDecode(stripped.ToString())) : Whitespace.Collapse(stripped);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>"script" or "style" when <paramref name="tag"/> opens one (a whole tag: it has its '&gt;').</summary>
    static string? RawText(ReadOnlySpan<char> tag)
    {
        foreach (var name in (ReadOnlySpan<string>)["script", "style"])
            if (tag.Length > name.Length + 1 && tag[1..].StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && !IsWordChar(tag[name.Length + 1]) && tag.IndexOf('>') > 0) return name;
        return null;
    }

    /// <summary>Past "&lt;/name\s*&gt;" after the open tag, or past the open tag alone when it is never closed.</summary>
    static int PastEndTag(ReadOnlySpan<char> rest, string name)
    {
        var start = rest.IndexOf('>') + 1;
        for (var at = start; ;)
        {
            var close = rest[at..].IndexOf("</", StringComparison.Ordinal);
            if (close < 0) return start;
            at += close + 2;
            if (!rest[at..].StartsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            var end = at + name.Length;
            while (end < rest.Length && char.IsWhiteSpace(rest[end])) end++;
            if (end < rest.Length && rest[end] == '>') return end + 1;
        }
    }

    static int Past(ReadOnlySpan<char> rest, string terminator, int from)
    {
        var at = rest[from..].IndexOf(terminator, StringComparison.Ordinal);
        return at < 0 ? rest.IndexOf('>') + 1 : from + at + terminator.Length;
    }

    static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;

    /// <summary>
    /// <see cref="Truncate"/>(<see cref="FromHtml"/>(html), length), reading only as much of the HTML as the snippet
    /// needs: a list snippet of 300 characters should not cost a regex pass over a 100 KB article.
    /// </summary>
    public static string Snippet(string? html, int length)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        for (var prefix = Math.Max(length, 64) * 8; ; prefix *= 4)
        {
            if (prefix >= html.Length) return Truncate(FromHtml(html), length);
            var head = html.AsSpan(0, prefix);
            var open = head.LastIndexOf('<');
            if (open > head.LastIndexOf('>')) head = head[..open]; // never a tag cut in half
            var text = FromHtml(head);
            // Past the margin the text is a true prefix of the whole text (an entity or whitespace cut at the end
            // changes only the end), so truncating it gives the same snippet.
            if (text.Length > length + 16) return Truncate(text, length);
        }
    }

    /// <summary>At most <paramref name="length"/> characters, cut at a word where possible, with an ellipsis.</summary>
    public static string Truncate(string text, int length)
    {
        if (text.Length <= length) return text;
        var cut = text.LastIndexOf(' ', length, Math.Min(60, length));
        if (cut <= 0) cut = length;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut].TrimEnd() + "…";
    }

}
