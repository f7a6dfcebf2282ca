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
