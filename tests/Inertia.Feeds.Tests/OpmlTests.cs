using System.Text;
using Inertia.Feeds.Opml;

namespace Inertia.Feeds.Tests;

public class OpmlTests
{
    [Fact]
    public void Reads_nested_folders_category_attribute_and_missing_attributes()
    {
        var doc = Opml.Opml.Read(Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?><opml version="1.0"><head><title>Mine</title></head><body>
              <outline text="Tech"><outline text="Sub"><outline text="A" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/></outline></outline>
              <outline title="B only title" type="rss" xmlUrl="https://b.example/rss" category="/News/World"/>
              <outline xmlUrl="https://c.example/atom"/>
              <outline text="Empty folder"/>
            </body></opml>
            """));
        Assert.Equal("Mine", doc.Title);
        var feeds = doc.Feeds().ToList();
        Assert.Equal(["https://a.example/feed", "https://b.example/rss", "https://c.example/atom"], feeds.Select(f => f.XmlUrl));
        Assert.Equal(["Tech", "Sub"], feeds[0].CategoryPath);
        Assert.Equal(["News", "World"], feeds[1].CategoryPath);
        Assert.Equal("B only title", feeds[1].DisplayName);
        Assert.Null(feeds[2].DisplayName);
    }

    [Fact]
    public void Reads_non_utf8_and_broken_files()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("gb18030").GetBytes("<?xml version=\"1.0\" encoding=\"GBK\"?><opml><body><outline text=\"科技 & 新闻\" xmlUrl=\"https://x.cn/rss\"></body>");
        var doc = Opml.Opml.Read(gbk);
        Assert.Equal("科技 & 新闻", Assert.Single(doc.Feeds()).Text);
    }

    [Fact]
    public void Not_opml_throws_a_clear_exception()
    {
        var ex = Assert.Throws<OpmlException>(() => Opml.Opml.Read(Encoding.UTF8.GetBytes("<rss version=\"2.0\"/>")));
        Assert.Contains("rss", ex.Message);
        Assert.Throws<OpmlException>(() => Opml.Opml.Read([]));
    }

    [Fact]
    public void Write_then_read_round_trips()
    {
        var doc = new OpmlDocument { Title = "Export" };
        var folder = new OpmlOutline { Text = "技术" };
        folder.Children.Add(new OpmlOutline { Text = "A \"quoted\" <feed>", XmlUrl = "https://a.example/feed?x=1&y=2", HtmlUrl = "https://a.example/", Language = "zh" });
        doc.Outlines.Add(folder);
        var bytes = Opml.Opml.Write(doc);
        Assert.Contains("version=\"2.0\"", Encoding.UTF8.GetString(bytes));
        var back = Opml.Opml.Read(bytes);
        var feed = Assert.Single(back.Feeds());
        Assert.Equal("https://a.example/feed?x=1&y=2", feed.XmlUrl);
        Assert.Equal("A \"quoted\" <feed>", feed.Text);
        Assert.Equal(["技术"], feed.CategoryPath);
        Assert.Equal("zh", feed.Language);
    }
}
