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
        Render(text, 0, text.Length, Matches(text, terms, 0, text.Length));

    /// <summary>A window of about <paramref name="length"/> characters around the first match (or the start).</summary>
    /// <remarks>
    /// Only the first match and the window are searched: culture-aware matching (ICU) is slow, and a common word
    /// (安全) occurs hundreds of times in a search page's 50 articles. Marking every occurrence of the whole text took
    /// about 30 ms of a 50 ms search (docs/benchmarks.md).
    /// </remarks>
    public static string Snippet(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms, int length = 220)
    {
        var first = FirstMatch(text, terms);
        var start = 0;
        if (first > length / 3)
        {
            start = first - length / 4;
            var space = text.IndexOf(' ', start, Math.Min(20, first - start));
            if (space >= 0) start = space + 1;
            if (char.IsLowSurrogate(text[start])) start++;
        }
        var end = Math.Min(text.Length, start + length);
        if (end < text.Length && char.IsLowSurrogate(text[end])) end++;
        var html = Render(text, start, end, Matches(text, terms, start, end));
        return (start > 0 ? "…" : "") + html + (end < text.Length ? "…" : "");
    }

    /// <summary>Text [start, end) HTML-encoded, with the parts of <paramref name="matches"/> inside it marked.</summary>
    internal static string Render(string text, int start, int end, List<(int Start, int End)> matches)
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

    /// <summary>Where the earliest match of any term starts, or -1.</summary>
    private static int FirstMatch(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms)
    {
        var first = -1;
        foreach (var term in terms)
        {
            // A later term only matters if it starts before the best so far.
            var limit = first < 0 ? text.Length : Math.Min(text.Length, first + Reach(term));
            foreach (var (start, _) in Occurrences(text, term, 0, limit))
            {
                if (first < 0 || start < first) first = start;
                break;
            }
        }
        return first;
    }

    /// <summary>Non-overlapping ranges of the matches that overlap [<paramref name="from"/>, <paramref name="to"/>), in
    /// order. Words match at word starts (and ends, unless a prefix); CJK terms match anywhere.</summary>
    private static List<(int Start, int End)> Matches(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms, int from, int to)
    {
        var found = new List<(int Start, int End)>();
        foreach (var term in terms)
        {
            // A match overlapping the window starts at most one match length before it, or at the start of the word
            // the window opens in (a prefix match runs to its word's end).
            var searchFrom = WordStart(text, from) - Reach(term);
            var limit = Math.Min(text.Length, to + Reach(term));
            foreach (var match in Occurrences(text, term, Math.Max(0, searchFrom), limit))
                if (match.End > from && match.Start < to) found.Add(match);
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

    /// <summary>The term's matches that start in [<paramref name="from"/>, <paramref name="limit"/>) and end by
    /// <paramref name="limit"/> (a prefix match then runs on to its word's end), in order.</summary>
    private static IEnumerable<(int Start, int End)> Occurrences(string text, SearchPlan.HighlightTerm term, int from, int limit)
    {
        while (from < limit)
        {
            var index = Compare.IndexOf(text.AsSpan(from, limit - from), term.Text, Loose, out var length);
            if (index < 0 || length == 0) yield break;
            index += from;
            var after = index + length;
            if (term.IsCjk || (IsBoundary(text, index - 1) && (term.Prefix || IsBoundary(text, after))))
                yield return (index, term.Prefix && !term.IsCjk ? WordEnd(text, after) : after);
            from = index + 1;
        }
    }

    /// <summary>More than the longest text a loose match of the term can span (combining marks are ignored).</summary>
    private static int Reach(SearchPlan.HighlightTerm term) => 4 * term.Text.Length + 16;

    private static int WordStart(string text, int i)
    {
        while (i > 0 && char.IsLetterOrDigit(text[i - 1])) i--;
        return i;
    }

    private static bool IsBoundary(string text, int i) => i < 0 || i >= text.Length || !char.IsLetterOrDigit(text[i]);

    private static int WordEnd(string text, int i)
    {
        while (i < text.Length && char.IsLetterOrDigit(text[i]) && !SearchTokenizer.IsCjk(text[i])) i++;
        return i;
    }
}
