using System.Net;
using System.Text.RegularExpressions;

namespace Inertia.Storage;

/// <summary>Plain text out of (already sanitized) entry HTML, for snippets and the search index. Not a sanitizer:
/// its output is text, which the web layer encodes when rendering.</summary>
internal static partial class PlainText
{
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        return Whitespace().Replace(text, " ").Trim();
    }

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
            var text = FromHtml(head.ToString());
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

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
