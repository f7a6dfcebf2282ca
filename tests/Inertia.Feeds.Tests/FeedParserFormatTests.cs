using System.Text;
using Inertia.Feeds.Model;

namespace Inertia.Feeds.Tests;

public class FeedParserFormatTests
{
    private static ParsedFeed Parse(string xml, string? url = null, string? contentType = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), new FeedParseOptions { DocumentUrl = url, ContentType = contentType });

    [Fact]
    public void Rss20_with_namespaces()
    {
        var f = Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
            <channel>
              <title>Example &amp; Co</title><link>https://example.com/</link><description>Desc</description>
              <language>zh-CN</language><ttl>30</ttl>
              <atom:link rel="self" href="https://example.com/feed.xml"/><atom:link rel="hub" href="https://hub.example.com/"/>
              <image><url>/logo.png</url></image>
              <item>
                <title>First</title><link>/posts/1</link><guid isPermaLink="false">id-1</guid>
                <pubDate>Sun, 24 May 2026 10:00:00 +0800</pubDate>
                <description>Short &lt;b&gt;bold&lt;/b&gt;</description>
                <content:encoded><![CDATA[<p><a href="/rel">x</a><img src="img.png"></p>]]></content:encoded>
                <dc:creator>Alice</dc:creator><category>tech</category><category>news</category>
                <enclosure url="https://cdn.example.com/a.mp3" length="1234" type="audio/mpeg"/>
                <comments>https://example.com/posts/1#c</comments><slash:comments>7</slash:comments>
                <media:thumbnail url="https://example.com/t.jpg"/>
              </item>
            </channel></rss>
            """);
        Assert.Equal("rss2.0", f.Format);
        Assert.Empty(f.Warnings);
        Assert.Equal("utf-8", f.Encoding);
        Assert.Equal("Example & Co", f.Title);
        Assert.Equal("https://example.com/", f.SiteUrl);
        Assert.Equal("https://example.com/feed.xml", f.FeedUrl);
        Assert.Equal("https://hub.example.com/", f.HubUrl);
        Assert.Equal("https://example.com/logo.png", f.ImageUrl);
        Assert.Equal("zh-CN", f.Language);
        Assert.Equal(30, f.TtlMinutes);
        var e = Assert.Single(f.Entries);
        Assert.Equal("id-1", e.Id);
        Assert.Equal("id-1", e.Key);
        Assert.Equal("https://example.com/posts/1", e.Url);
        Assert.Equal(new DateTimeOffset(2026, 5, 24, 2, 0, 0, TimeSpan.Zero), e.Published);
        Assert.Equal("Short <b>bold</b>", e.Summary);
        Assert.Equal("<p><a href=\"https://example.com/rel\">x</a><img src=\"https://example.com/img.png\"></p>", e.Content);
        Assert.Equal("Alice", e.Author);
        Assert.Equal(["tech", "news"], e.Categories);
        Assert.Equal(new Enclosure("https://cdn.example.com/a.mp3", "audio/mpeg", 1234), Assert.Single(e.Enclosures));
        Assert.Equal("https://example.com/posts/1#c", e.CommentsUrl);
        Assert.Equal(7, e.CommentCount);
        Assert.Equal("https://example.com/t.jpg", e.ImageUrl);
    }

    [Fact]
    public void Atom10_text_constructs_and_xml_base()
    {
        var f = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/blog/">
              <title type="html">A &lt;em&gt;feed&lt;/em&gt;</title>
              <link rel="alternate" href="./"/><link rel="self" href="atom.xml"/>
              <id>urn:uuid:1</id><updated>2026-05-24T10:00:00Z</updated><icon>/favicon.ico</icon>
              <entry xml:base="posts/">
                <title>Plain &lt;not a tag&gt;</title><id>tag:example.org,2026:1</id>
                <link href="one.html"/><published>2026-05-24T09:00:00+02:00</published><updated>2026-05-24T10:30:00Z</updated>
                <author><name>Bob</name><email>bob@example.org</email><uri>/bob</uri></author>
                <summary>1 &lt; 2</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <a href="x.html">there</a></p></div></content>
                <category term="cs" scheme="https://example.org/tags" label="CS"/>
              </entry>
            </feed>
            """);
        Assert.Equal("atom1.0", f.Format);
        Assert.Empty(f.Warnings);
        Assert.Equal("A feed", f.Title);
        Assert.Equal("https://example.org/blog/", f.SiteUrl);
        Assert.Equal("https://example.org/blog/atom.xml", f.FeedUrl);
        Assert.Equal("https://example.org/favicon.ico", f.IconUrl);
        var e = Assert.Single(f.Entries);
        Assert.Equal("Plain <not a tag>", e.Title);
        Assert.Equal("https://example.org/blog/posts/one.html", e.Url);
        Assert.Equal("1 &lt; 2", e.Summary);
        Assert.Equal("<p>Hi <a href=\"https://example.org/blog/posts/x.html\">there</a></p>", e.Content);
        Assert.Equal(new DateTimeOffset(2026, 5, 24, 7, 0, 0, TimeSpan.Zero), e.Published);
        Assert.Equal(new Person("Bob", "bob@example.org", "https://example.org/bob"), Assert.Single(e.Authors));
        Assert.Equal("Bob", e.Author);
        Assert.Equal(new Category("cs", "https://example.org/tags", "CS"), Assert.Single(e.Tags));
    }

    [Fact]
    public void Atom03_and_rss10_and_rss09x_versions()
    {
        Assert.Equal("atom0.3", Parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>t</title></feed>").Format);
        Assert.Equal("rss1.0", Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="x"><title>t</title><link>http://e.com/</link></channel>
            <item rdf:about="http://e.com/1"><title>i</title><link>http://e.com/1</link></item></rdf:RDF>
            """).Format);
        Assert.Equal("rss0.90", Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>t</title></channel><item><title>i</title><link>http://e.com/1</link></item></rdf:RDF>
            """).Format);
        foreach (var v in new[] { "0.91", "0.92", "0.93", "0.94" })
            Assert.Equal("rss" + v, Parse($"<rss version=\"{v}\"><channel><title>t</title></channel></rss>").Format);
    }

    [Fact]
    public void Atom_entry_document_is_one_entry()
    {
        var f = Parse("<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:e:1</id><title>Alone</title><updated>2026-05-24T10:00:00Z</updated></entry>");
        Assert.Equal("atom1.0", f.Format);
        Assert.Empty(f.Warnings);
        Assert.Equal("urn:e:1", Assert.Single(f.Entries).Key);
        Assert.Equal("Alone", f.Entries[0].Title);
    }

    [Fact]
    public void Json_feed_11()
    {
        var f = Parse("""
            {"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example/","feed_url":"https://j.example/feed.json",
             "authors":[{"name":"Jo"}],"items":[{"id":"1","url":"/p/1","title":"One","content_html":"<p><img src='/i.png'></p>",
             "date_published":"2026-05-24T10:00:00+08:00","tags":["a"],"attachments":[{"url":"https://j.example/a.mp3","mime_type":"audio/mpeg","size_in_bytes":5}]},
             {"url":"https://j.example/p/2","content_text":"a < b"}]}
            """);
        Assert.Equal("json1.1", f.Format);
        Assert.Empty(f.Warnings);
        Assert.Equal("J", f.Title);
        Assert.Equal(2, f.Entries.Count);
        Assert.Equal("https://j.example/p/1", f.Entries[0].Url);
        Assert.Contains("https://j.example/i.png", f.Entries[0].Content);
        Assert.Equal(new DateTimeOffset(2026, 5, 24, 2, 0, 0, TimeSpan.Zero), f.Entries[0].Published);
        Assert.Equal("https://j.example/p/2", f.Entries[1].Key);
        Assert.Equal("a &lt; b", f.Entries[1].Content);
    }

    [Fact]
    public void Entry_key_falls_back_to_a_stable_hash()
    {
        const string xml = "<rss version=\"2.0\"><channel><item><title>No id</title><description>x</description></item></channel></rss>";
        var a = Parse(xml).Entries.Single();
        var b = Parse(xml).Entries.Single();
        Assert.Null(a.Id);
        Assert.StartsWith("sha256:", a.Key);
        Assert.Equal(a.Key, b.Key);
    }

    [Fact]
    public void Not_a_feed_is_unknown_with_a_warning()
    {
        var f = Parse("<html><body><p>hello</p></body></html>");
        Assert.Equal("unknown", f.Format);
        Assert.NotEmpty(f.Warnings);
        var g = FeedParser.Parse([]);
        Assert.Equal("unknown", g.Format);
        Assert.NotEmpty(g.Warnings);
    }
}
