using System.Net;
using System.Text.RegularExpressions;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>
/// PlainText.FromHtml is a hand-written pass (it runs on every indexed entry); it must give exactly what the regular
/// expressions it replaced gave, on tricky inputs and on every HTML text of the feed corpus.
/// </summary>
public sealed partial class PlainTextTests
{
    [Theory]
    [InlineData("<p>Hello&nbsp;<b>world</b> &amp; friends</p>")]
    [InlineData("a<script type=x>if (a<b) x()</script >b<STYLE>p{}</style>c")]
    [InlineData("a<script>never closed<p>text</p>")]
    [InlineData("a<scripts>x</scripts>b<script_x>y</script_x>")]
    [InlineData("a<!-- c --> b<!--> c --> d<!---> e <!-- never closed > f")]
    [InlineData("a < b and c > d")]
    [InlineData("tail <without end")]
    [InlineData("<!-- no end and no bracket")]
    [InlineData("x<style\n>y</style\n\t>z</style>w")]
    [InlineData("  \u00a0lead&#32;&eacute;&#x4e2d; trail \n")]
    public void Text_is_what_the_regular_expressions_gave(string html) => Assert.Equal(Reference(html), PlainText.FromHtml(html));

    [Fact]
    public void Corpus_texts_are_what_the_regular_expressions_gave()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inertia.slnx"))) dir = dir.Parent;
        var corpus = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "corpus"));
        var texts = 0;
        foreach (var file in Directory.EnumerateFiles(corpus, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var feed = Inertia.Feeds.FeedParser.Parse(File.ReadAllBytes(file), new Inertia.Feeds.FeedParseOptions());
            foreach (var html in feed.Entries.SelectMany(e => new[] { e.Content, e.Summary }).OfType<string>())
            {
                texts++;
                Assert.True(Reference(html) == PlainText.FromHtml(html), $"{file}: {html[..Math.Min(300, html.Length)]}");
            }
        }
        Assert.True(texts > 1000, $"only {texts} texts: corpus incomplete?");
    }

    static string Reference(string html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
