using Inertia.Storage.Search;

namespace Inertia.Tests.Storage;

/// <summary>The C# side of search: what is indexed, how queries parse, what is highlighted. Engine-independent.</summary>
public class SearchTokenizerTests
{
    [Fact]
    public void Words_are_lower_cased_without_latin_accents_and_cjk_runs_become_bigrams()
    {
        Assert.Equal(["网络", "络安", "安全", "全", "security", "cafe", "2026", "漏", "naive"],
            SearchTokenizer.Tokens("网络安全 Security, Café 2026！漏 naïve"));
        Assert.Equal(["hello"], SearchTokenizer.Tokens("ＨＥＬＬＯ")); // full-width letters fold to ASCII
        Assert.Equal(["が"], SearchTokenizer.Tokens("が")); // Japanese voicing marks are kept
        Assert.Equal(["𠀀𠀁", "𠀁"], SearchTokenizer.Tokens("𠀀𠀁")); // characters outside the BMP
        Assert.Empty(SearchTokenizer.Tokens("  ,.!? "));
        Assert.Equal(3, SearchTokenizer.Tokens("one two three four", max: 3).Count);
    }

    [Theory]
    [InlineData("网络安全 Security, Café 2026！漏 naïve")]
    [InlineData("ＨＥＬＬＯ が 𠀀𠀁 e\u0301cole Ǆ ﬁne x\u0308\u0301 漏\u0301洞 a漏b 한국어 텍스트 ٢٠٢٦ العربية")]
    [InlineData("supercalifragilisticexpialidocious-and-then-some-more-antidisestablishmentarianism 123")]
    [InlineData("a1b2c3 ÉCOLE Straße İstanbul ΣΊΣΥΦΟΣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u0301start 末尾")]
    public void Joined_tokens_equal_the_token_list(string text)
    {
        text = System.Text.RegularExpressions.Regex.Unescape(text);
        Assert.Equal(string.Join(' ', SearchTokenizer.Tokens(text)), SearchTokenizer.Joined(text));
        for (var max = 0; max < 12; max++)
            Assert.Equal(string.Join(' ', SearchTokenizer.Tokens(text, max)), SearchTokenizer.Joined(text, max));
    }

    [Fact]
    public void Two_texts_join_as_if_one_with_a_space_between()
    {
        // Long enough CJK text that the output outgrows its first buffer several times.
        var chinese = string.Concat(Enumerable.Repeat("惯性聚合网络安全漏洞", 60));
        (string? First, string Second)[] cases =
        [
            ("张三", chinese), (null, chinese), ("", "Security news"), ("Ann Author", "网络安全 Security"), ("网络", "安全"), ("café", "naïve 漏"),
        ];
        foreach (var (first, second) in cases)
        {
            var whole = string.IsNullOrEmpty(first) ? second : $"{first} {second}";
            Assert.Equal(string.Join(' ', SearchTokenizer.Tokens(whole)), SearchTokenizer.Joined(first, second, int.MaxValue));
            foreach (var max in new[] { 0, 1, 2, 3, 500 })
                Assert.Equal(string.Join(' ', SearchTokenizer.Tokens(whole, max)), SearchTokenizer.Joined(first, second, max));
        }
    }

    [Fact]
    public void Queries_parse_into_required_phrases()
    {
        var plan = SearchPlan.Parse("安全漏洞 \"build pipeline\" secur* 漏 iPhone手机");
        Assert.Equal(
            [("安全 全漏 漏洞", false), ("build pipeline", false), ("secur", true), ("漏", true), ("iphone", false), ("手机", false)],
            plan.Phrases.Select(p => (string.Join(' ', p.Tokens), p.Prefix)));
        Assert.True(SearchPlan.Parse(" \" * ").IsEmpty);
    }

    [Fact]
    public void Tsvector_literals_carry_positions_and_title_weight()
    {
        var doc = new SearchDocument("kernel 漏洞", "it's");
        Assert.Equal("'kernel':1A '漏洞':2A 'it''s':4", doc.ToTsVector());
    }

    [Fact]
    public void Highlights_encode_html_and_mark_whole_prefixed_words()
    {
        var terms = SearchPlan.Parse("secur* 漏洞").Highlights;
        Assert.Equal("<mark>Securing</mark> &lt;b&gt; insecure <mark>漏洞</mark>", Highlighter.Highlight("Securing <b> insecure 漏洞", terms));
        var longText = string.Concat(Enumerable.Repeat("lorem ipsum ", 60)) + "security hole " + string.Concat(Enumerable.Repeat("dolor ", 60));
        var snippet = Highlighter.Snippet(longText, terms);
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains("<mark>security</mark> hole", snippet);
        Assert.True(snippet.Length < 260);
    }
}
