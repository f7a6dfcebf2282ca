namespace Inertia.Feeds.Tests;

public class TextTests
{
    [Theory]
    [InlineData("<a href=\"/x\">x</a>", "<a href=\"https://e.com/x\">x</a>")]
    [InlineData("<img src='y.png' alt=1>", "<img src=\"https://e.com/d/y.png\" alt=1>")]
    [InlineData("<a href=https://abs.example/>a</a>", "<a href=https://abs.example/>a</a>")]
    [InlineData("<a title=\"/not-a-url\" HREF=\"?q=1&amp;r=2\">", "<a title=\"/not-a-url\" HREF=\"https://e.com/d/?q=1&amp;r=2\">")]
    [InlineData("1 < 2 and <a href", "1 < 2 and <a href")]
    [InlineData("<a href=\"unterminated", "<a href=\"unterminated")]
    [InlineData("<p =x>", "<p =x>")]
    public void Relative_urls_in_html_are_resolved(string html, string expected) =>
        Assert.Equal(expected, Urls.ResolveInHtml(html, "https://e.com/d/"));

    [Fact]
    public void Iri_characters_stay_readable() =>
        Assert.Equal("http://any.test/À", Urls.Resolve("http://any.test/", "À"));

    [Theory]
    [InlineData("don\u0092t", "don\u2019t")]                 // windows-1252 byte decoded as Latin-1
    [InlineData("\u00E2\u0080\u00A6", "\u2026")]             // UTF-8 decoded twice
    [InlineData("caf\u00E9 \u00A9", "caf\u00E9 \u00A9")]      // real Latin-1 text is left alone
    public void Mojibake_is_repaired(string input, string expected) => Assert.Equal(expected, MojibakeRepair.Repair(input));

    [Fact]
    public void Vietnamese_and_ukrainian_charsets_decode()
    {
        var f = FeedParser.Parse([.. "<?xml version=\"1.0\" encoding=\"viscii\"?><rss version=\"2.0\"><channel><title>"u8, 0x80, .. "</title></channel></rss>"u8]);
        Assert.Equal("viscii", f.Encoding);
        Assert.Equal("\u1EA0", f.Title);
        Assert.Empty(f.Warnings);
    }

    [Fact]
    public void Netscape_rss091_is_told_apart()
    {
        var f = FeedParser.Parse("""
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>n</title></channel></rss>
            """u8);
        Assert.Equal("rss0.91", f.Format);
        Assert.Equal("netscape", f.Extras["rss091_variant"]);
        Assert.Empty(f.Warnings);
    }

    [Fact]
    public void Inline_svg_is_written_as_html_expects()
    {
        var f = FeedParser.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
            <svg:svg xmlns:svg="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><svg:a xlink:href="http://e.com/"/></svg:svg>
            </div></content></entry></feed>
            """u8);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"><a xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"http://e.com/\"></a></svg>", f.Entries[0].Content);
    }
}
