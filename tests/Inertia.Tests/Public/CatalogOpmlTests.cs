using System.Text;
using Inertia.Public.Catalog;
using Inertia.Tests.Support;

namespace Inertia.Tests.Public;

public class CatalogOpmlTests
{
    [Fact]
    public void Shipped_catalog_is_the_shared_opml_with_categories_and_languages()
    {
        var feeds = CatalogOpml.ReadShipped();
        var shared = File.ReadAllText(Path.Combine(RepoPaths.Shared, "catalog", "recommended-feeds.opml"));
        var xmlUrls = shared.Split("xmlUrl=\"").Length - 1;

        Assert.Equal(xmlUrls, feeds.Count);
        Assert.Equal(feeds.Count, feeds.Select(f => f.Url).Distinct().Count());
        Assert.Equal(
            ["Security", "AI & Research", "Engineering blogs", "Web & Frontend", "Cloud & Infrastructure", "Chinese tech community", "News", "Privacy"],
            feeds.Select(f => f.Category).Distinct().ToArray());
        Assert.All(feeds, f => Assert.True(f.Language is "en" or "zh-CN", f.Url + " " + f.Language));

        var ruanyf = Assert.Single(feeds, f => f.Title == "阮一峰的网络日志");
        Assert.Equal("Chinese tech community", ruanyf.Category);
        Assert.Equal("zh-CN", ruanyf.Language);
        Assert.StartsWith("阮一峰的网络日志", ruanyf.Description);
        var krebs = Assert.Single(feeds, f => f.Url == "https://krebsonsecurity.com/feed/");
        Assert.Equal("Security", krebs.Category);
        Assert.Equal("https://krebsonsecurity.com/", krebs.SiteUrl);
    }

    [Fact]
    public void Every_shipped_feed_has_a_description_in_its_own_language()
    {
        var feeds = CatalogOpml.ReadShipped();
        var descriptions = CatalogOpml.ShippedDescriptions();
        Assert.Equal(feeds.Select(f => f.Url).Order(), descriptions.Keys.Order());
        foreach (var feed in feeds)
        {
            Assert.False(string.IsNullOrWhiteSpace(feed.Description), feed.Url);
            var cjk = feed.Description!.Any(c => c >= '\u4e00' && c <= '\u9fff');
            Assert.True(cjk == feed.Language.StartsWith("zh"), $"{feed.Url}: {feed.Description}");
        }
    }

    [Fact]
    public void Embedded_copy_matches_the_shared_catalog()
    {
        using var stream = typeof(CatalogOpml).Assembly.GetManifestResourceStream(CatalogOpml.ShippedResource)!;
        using var reader = new StreamReader(stream);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Shared, "catalog", "recommended-feeds.opml")), reader.ReadToEnd());
    }

    [Fact]
    public void Nested_folders_unsafe_urls_repeats_and_entities_are_handled()
    {
        const string opml = """
            <?xml version="1.0"?>
            <!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <opml version="1.0"><head><title>t</title></head><body>
              <outline text="Top-level feed" xmlUrl="https://example.org/a.xml"/>
              <outline text="Outer">
                <outline text="Inner">
                  <outline text="Deep" title="Deep feed" xmlUrl="https://example.org/deep.xml" description="From inner" language="en"/>
                </outline>
                <outline text="Back in outer" xmlUrl="http://example.org/outer.xml" htmlUrl="javascript:alert(1)"/>
              </outline>
              <outline text="Script" xmlUrl="javascript:alert(1)"/>
              <outline text="Again" xmlUrl="https://example.org/a.xml"/>
              <outline text="Entity &amp; name" xmlUrl="https://example.org/e.xml"/>
            </body></opml>
            """;
        var feeds = CatalogOpml.Read(Encoding.UTF8.GetBytes(opml));

        Assert.Equal(["https://example.org/a.xml", "https://example.org/deep.xml", "http://example.org/outer.xml", "https://example.org/e.xml"],
            feeds.Select(f => f.Url).ToArray());
        Assert.Equal("", feeds[0].Category);
        Assert.Equal(("Deep feed", "Inner", "From inner", "en"), (feeds[1].Title, feeds[1].Category, feeds[1].Description, feeds[1].Language));
        Assert.Equal("Outer", feeds[2].Category);
        Assert.Null(feeds[2].SiteUrl);
        Assert.Equal("Entity & name", feeds[3].Title);
    }

    [Fact]
    public void A_document_that_is_not_opml_is_refused() =>
        Assert.Throws<Inertia.Feeds.Opml.OpmlException>(() => CatalogOpml.Read("<html><body>no</body></html>"u8));
}
