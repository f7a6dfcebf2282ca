using System.Globalization;
using System.Text;
using Inertia.Storage.Search;

namespace Inertia.Tests.Storage;

/// <summary>
/// The snippet searches only around the first match (culture-aware matching is slow); these tests hold it to the
/// plain definition: every match of the whole text, then the window around the first one.
/// </summary>
public class HighlighterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Snippets_equal_marking_every_match_of_the_whole_text(int seed)
    {
        var random = new Random(seed);
        string[] queries = ["安全", "漏洞 安全", "secur*", "security 漏洞", "hole", "a*", "全", "ｓｅｃｕｒｉｔｙ", "café", "iPhone手机"];
        string[] pieces = ["安全", "漏洞", "安", "全", "security", "Security", "SECURITY", "insecure", "secure", "ｓｅｃｕｒｉｔｙ",
            "cafe\u0301", "café", "Café", "hole", "holes", "a", "ab", "iPhone", "手机", "lorem", "ipsum", "dolor", " ", " ", " ", ",",
            "<b>", "&", "é", "\U0001F600", "😀安全", "中文内容", "—", "\n"];
        for (var i = 0; i < 400; i++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, 300);
            for (var j = 0; j < count; j++) text.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(3) == 0 ? " " : "");
            var terms = SearchPlan.Parse(queries[random.Next(queries.Length)]).Highlights;
            var length = random.Next(3) == 0 ? 60 : 220;
            Assert.Equal(Reference.Snippet(text.ToString(), terms, length), Highlighter.Snippet(text.ToString(), terms, length));
        }
    }

    [Fact]
    public void A_match_far_into_a_long_text_is_found_and_centred()
    {
        var terms = SearchPlan.Parse("漏洞").Highlights;
        var text = string.Concat(Enumerable.Repeat("安全 管理 能力 ", 5_000)) + "内核漏洞修复" + string.Concat(Enumerable.Repeat("方面 国家 ", 100));
        var snippet = Highlighter.Snippet(text, terms);
        Assert.StartsWith("…", snippet);
        Assert.Contains("内核<mark>漏洞</mark>修复", snippet);
        Assert.Equal(Reference.Snippet(text, terms, 220), snippet);
    }

    /// <summary>The definition: all matches of the whole text, merged, then the window around the first (rendered
    /// by the same code).</summary>
    private static class Reference
    {
        private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth;

        public static string Snippet(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms, int length)
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
            var html = Highlighter.Render(text, start, end, matches);
            return (start > 0 ? "…" : "") + html + (end < text.Length ? "…" : "");
        }

        private static List<(int Start, int End)> Matches(string text, IReadOnlyList<SearchPlan.HighlightTerm> terms)
        {
            var found = new List<(int Start, int End)>();
            foreach (var term in terms)
            {
                for (var from = 0; from < text.Length;)
                {
                    var index = CultureInfo.InvariantCulture.CompareInfo.IndexOf(text.AsSpan(from), term.Text, Loose, out var matched);
                    if (index < 0 || matched == 0) break;
                    index += from;
                    var after = index + matched;
                    if (term.IsCjk || (Boundary(text, index - 1) && (term.Prefix || Boundary(text, after))))
                        found.Add((index, term.Prefix && !term.IsCjk ? WordEnd(text, after) : after));
                    from = index + 1;
                }
            }
            found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
            var merged = new List<(int Start, int End)>();
            foreach (var m in found)
            {
                if (merged.Count > 0 && m.Start < merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, m.End));
                else merged.Add(m);
            }
            return merged;
        }

        private static bool Boundary(string text, int i) => i < 0 || i >= text.Length || !char.IsLetterOrDigit(text[i]);

        private static int WordEnd(string text, int i)
        {
            while (i < text.Length && char.IsLetterOrDigit(text[i]) && !SearchTokenizer.IsCjk(text[i])) i++;
            return i;
        }
    }
}
