using System.Text;

namespace Inertia.Feeds.Tests;

public class CharsetTests
{
    static CharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Doc = "<?xml version=\"1.0\" encoding=\"{0}\"?><rss version=\"2.0\"><channel><title>中文标题</title></channel></rss>";

    [Fact]
    public void Declared_gb2312_decodes_as_gb18030()
    {
        var bytes = Encoding.GetEncoding("gb18030").GetBytes(string.Format(Doc, "gb2312"));
        var f = FeedParser.Parse(bytes);
        Assert.Equal("gb18030", f.Encoding);
        Assert.Equal("中文标题", f.Title);
        Assert.Empty(f.Warnings);
    }

    [Fact]
    public void Http_charset_overrides_the_declaration()
    {
        var bytes = Encoding.GetEncoding("big5").GetBytes(string.Format(Doc, "utf-8").Replace("中文标题", "中文標題"));
        var f = FeedParser.Parse(bytes, new FeedParseOptions { ContentType = "application/rss+xml; charset=big5" });
        Assert.Equal("big5", f.Encoding);
        Assert.Equal("中文標題", f.Title);
    }

    [Fact]
    public void A_lying_declaration_is_detected_and_reported()
    {
        var bytes = Encoding.GetEncoding("gb18030").GetBytes(string.Format(Doc, "utf-8") + new string(' ', 10));
        var f = FeedParser.Parse(bytes);
        Assert.NotEqual("utf-8", f.Encoding);
        Assert.True(f.Bozo);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-32le")]
    [InlineData("utf-32be")]
    public void Byte_order_marks(string name)
    {
        Encoding enc = name switch
        {
            "utf-16le" => new UnicodeEncoding(false, true),
            "utf-16be" => new UnicodeEncoding(true, true),
            "utf-32le" => new UTF32Encoding(false, true),
            _ => new UTF32Encoding(true, true),
        };
        var bytes = enc.GetPreamble().Concat(enc.GetBytes(string.Format(Doc, "utf-8").Replace("encoding=\"utf-8\"", ""))).ToArray();
        var f = FeedParser.Parse(bytes);
        Assert.Equal(name, f.Encoding);
        Assert.Equal("中文标题", f.Title);
    }
}
