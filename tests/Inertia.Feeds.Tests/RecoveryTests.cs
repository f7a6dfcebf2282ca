using System.Text;

namespace Inertia.Feeds.Tests;

public class RecoveryTests
{
    private static Model.ParsedFeed Parse(string xml) => FeedParser.Parse(Encoding.UTF8.GetBytes(xml));

    [Fact]
    public void Bare_ampersands_html_entities_and_control_chars_are_repaired_with_warnings()
    {
        var f = Parse("<rss version=\"2.0\"><channel><title>Tom & Jerry &copy; &nbsp;x\u0001</title><item><title>a &hellip; b</title></item></channel></rss>");
        Assert.Equal("rss2.0", f.Format);
        Assert.Equal("Tom & Jerry © \u00a0x", f.Title);
        Assert.Equal("a … b", f.Entries[0].Title);
        Assert.True(f.Bozo);
        Assert.Contains(f.Warnings, w => w.Contains("'&'"));
        Assert.Contains(f.Warnings, w => w.Contains("HTML entity"));
    }

    [Fact]
    public void Junk_before_root_is_removed()
    {
        var f = Parse("Warning: something in /var/www/x.php\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>");
        Assert.Equal("T", f.Title);
        Assert.Contains(f.Warnings, w => w.Contains("before the root"));
    }

    [Fact]
    public void Truncated_and_unclosed_documents_keep_what_was_read()
    {
        var f = Parse("<rss version=\"2.0\"><channel><title>T</title><item><title>One</title><link>http://e.com/1</link></item><item><title>Two</title><description>cut <b>here");
        Assert.Equal("rss2.0", f.Format);
        Assert.Equal("T", f.Title);
        Assert.Equal(2, f.Entries.Count);
        Assert.Equal("Two", f.Entries[1].Title);
        Assert.True(f.Bozo);
    }

    [Fact]
    public void Undeclared_prefixes_are_understood()
    {
        var f = Parse("<rss version=\"2.0\"><channel><item><title>x</title><dc:creator>Ann</dc:creator><content:encoded>&lt;p&gt;c&lt;/p&gt;</content:encoded></item></channel></rss>");
        Assert.Equal("Ann", f.Entries[0].Author);
        Assert.Equal("<p>c</p>", f.Entries[0].Content);
        Assert.True(f.Bozo);
    }

    [Fact]
    public void Xxe_is_never_resolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOPSECRET");
        try
        {
            var f = Parse($"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>""");
            Assert.DoesNotContain("TOPSECRET", f.Title ?? "");
            Assert.Equal("rss2.0", f.Format);
        }
        finally { File.Delete(secret); }
    }

    [Fact]
    public void Billion_laughs_does_not_expand()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++) sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10)).Replace("&lol0;", "&lol;")}\">");
        sb.Append("]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
        var f = Parse(sb.ToString());
        Assert.Equal("rss2.0", f.Format);
        Assert.True((f.Title ?? "").Length < 10_000);
    }

    [Fact]
    public void Deep_nesting_is_bounded()
    {
        var depth = 100_000;
        var xml = "<rss version=\"2.0\"><channel><title>T</title><item><description>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "x"
                  + string.Concat(Enumerable.Repeat("</div>", depth)) + "</description></item></channel></rss>";
        var f = Parse(xml);
        Assert.Equal("T", f.Title);
        Assert.Single(f.Entries);
        Assert.Contains(f.Warnings, w => w.Contains("nested deeper"));
    }

    [Fact]
    public void Text_split_into_many_cdata_sections_is_joined_in_linear_time()
    {
        const int pieces = 50_000;
        var sb = new StringBuilder("<rss version=\"2.0\"><channel><item><description>");
        for (var i = 0; i < pieces; i++) sb.Append("<![CDATA[<p>0123456789</p>]]>&amp;");
        sb.Append("</description></item></channel></rss>");
        var f = Parse(sb.ToString());
        Assert.Empty(f.Warnings);
        Assert.Equal(pieces * "<p>0123456789</p>&".Length, f.Entries[0].Summary!.Length);
    }

    [Fact]
    public void A_hundred_thousand_entries_parse_with_allocation_proportional_to_size()
    {
        var sb = new StringBuilder("<rss version=\"2.0\"><channel><title>big</title>");
        for (var i = 0; i < 100_000; i++)
            sb.Append("<item><title>Entry ").Append(i).Append("</title><link>https://e.com/").Append(i).Append("</link><description>Some text &amp; more</description></item>\n");
        sb.Append("</channel></rss>");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var f = FeedParser.Parse(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100_000, f.Entries.Count);
        Assert.Equal("https://e.com/99999", f.Entries[^1].Url);
        Assert.True(allocated < 40L * bytes.Length, $"allocated {allocated / 1024 / 1024} MB for a {bytes.Length / 1024 / 1024} MB document");
    }

    [Fact]
    public void Many_entries_are_capped()
    {
        var sb = new StringBuilder("<rss version=\"2.0\"><channel>");
        for (var i = 0; i < 50; i++) sb.Append($"<item><guid>{i}</guid></item>");
        sb.Append("</channel></rss>");
        var f = FeedParser.Parse(Encoding.UTF8.GetBytes(sb.ToString()), new FeedParseOptions { MaxEntries = 10 });
        Assert.Equal(10, f.Entries.Count);
        Assert.Contains(f.Warnings, w => w.Contains("dropped"));
    }
}
