using System.Globalization;
using System.Net;
using System.Text;

namespace Inertia.Storage.Search;

/// <summary>
/// Marks the searched terms in plain text, computed in C# so both engines give identical highlights. Output is HTML:
/// the text is encoded, matches are wrapped in &lt;mark&gt;.
/// </summary>
internal static class Highlighter
{
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth;
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    public static string Highlight(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms) =>
        Render(text, 0, text.Length, Matches(text, terms));

    /// <summary>A window of about <paramref name="length"/> characters around the first match (or the start).</summary>
    public static string Snippet(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms, int length = 220)
    {
        var matches = Matches(text, terms);
        var start = 0;
        if (matches.Count > 0 && matches[0].Start > length / 3)
        {
            start = matches[0].Start - length / 4;
            var space = text.IndexOf(' ', start, Math.Min(20, matches[0].Start - start));
            if (space >= 0) start = space + 1;
            if (char.IsLowSurrogate(text[start])) start++;
        }
        var end = Math.Min(text.Length, start + length);
        if (end < text.Length && char.IsLowSurrogate(text[end])) end++;
        var html = Render(text, start, end, matches);
        return (start > 0 ? "…" : "") + html + (end < text.Length ? "…" : "");
    }

    private static string Render(string text, int start, int end, List<(int Start, int End)> matches)
    {
        var sb = new StringBuilder();
        var at = start;
        foreach (var (s, e) in matches)
        {
            if (e <= at || s >= end) continue;
            var ms = Math.Max(s, at);
            var me = Math.Min(e, end);
            sb.Append(WebUtility.HtmlEncode(text[at..ms])).Append("<mark>").Append(WebUtility.HtmlEncode(text[ms..me])).Append("</mark>");
            at = me;
        }
        sb.Append(WebUtility.HtmlEncode(text[at..end]));
        return sb.ToString();
    }

    /// <summary>Non-overlapping match ranges in order. Words match at word starts (and ends, unless a prefix);
    /// CJK terms match anywhere.</summary>
    private static List<(int Start, int End)> Matches(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms)
    {
        var found = new List<(int Start, int End)>();
        foreach (var term in terms)
        {
            var from = 0;
            while (from < text.Length)
            {
                var index = Compare.IndexOf(text.AsSpan(from), term.Text, Loose, out var length);
                if (index < 0 || length == 0) break;
                index += from;
                var after = index + length;
                if (term.IsCjk || (IsBoundary(text, index - 1) && (term.Prefix || IsBoundary(text, after))))
                    found.Add((index, term.Prefix && !term.IsCjk ? WordEnd(text, after) : after));
                from = index + 1;
            }
        }
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var merged = new List<(int Start, int End)>();
        foreach (var m in found)
        {
            if (merged.Count > 0 && m.Start < merged[^1].End)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, m.End));
            else
                merged.Add(m);
        }
        return merged;
    }

    private static bool IsBoundary(string text, int i) => i < 0 || i >= text.Length || !char.IsLetterOrDigit(text[i]);

    private static int WordEnd(string text, int i)
    {
        while (i < text.Length && char.IsLetterOrDigit(text[i]) && !SearchTokenizer.IsCjk(text[i])) i++;
        return i;
    }
}
