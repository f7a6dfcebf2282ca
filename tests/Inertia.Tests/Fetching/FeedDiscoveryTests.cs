using Inertia.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Inertia.Tests.Support;

namespace Inertia.Tests.Fetching;

public sealed class FeedDiscoveryTests
{
    const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Site RSS</title><link>http://example.org/</link>
        <item><title>One</title><link>http://example.org/1</link><guid>1</guid></item></channel></rss>
        """;

    const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Site Atom</title><id>urn:x</id><updated>2026-11-01T00:00:00Z</updated>
        <entry><title>One</title><id>urn:1</id><updated>2026-11-01T00:00:00Z</updated></entry></feed>
        """;

    const string Json = """{"version":"https://jsonfeed.org/version/1.1","title":"Site JSON","items":[{"id":"1","content_text":"x"}]}""";

    static IResult Xml(string body, string type = "application/rss+xml") => Results.Text(body, type);

    static async Task<LoopbackServer> SiteAsync() => await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/feed.xml", () => Xml(Rss));
        app.MapGet("/atom", () => Xml(Atom, "application/atom+xml"));
        app.MapGet("/feed.json", () => Xml(Json, "application/feed+json"));
        app.MapGet("/moved.xml", () => Results.Redirect("/feed.xml", permanent: true));
        app.MapGet("/temp.xml", () => Results.Redirect("/feed.xml"));
        app.MapGet("/blog/post", () => Results.Content("""
            <!doctype html><html><head><title>Post</title>
            <link rel="alternate" type="application/rss+xml" title="Main feed" href="/feed.xml">
            <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
            <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
            <link rel="stylesheet" type="text/css" href="/style.css">
            </head><body><p>text</p>
            <link rel="alternate" type="application/atom+xml" title="Comments" href="../atom">
            <link rel="alternate feed" type="application/feed+json" href="feed.json">
            <link rel="alternate" type="application/rss+xml" title="Main feed again" href="http://127.0.0.1:1/never-fetched.xml">
            </body></html>
            """, "text/html; charset=utf-8"));
        app.MapGet("/based/", () => Results.Content(
            "<html><head><base href=\"/elsewhere/\"><link rel=\"alternate\" type=\"application/atom+xml\" href=\"a.xml\"></head></html>", "text/html"));
        app.MapGet("/wrong-type.xml", () => Xml(Rss, "text/html"));
    });

    static FeedDiscovery Discovery(ServiceProvider services) => services.GetRequiredService<FeedDiscovery>();

    [Fact]
    public async Task A_feed_url_is_its_own_candidate()
    {
        await using var site = await SiteAsync();
        using var services = FetchingTestServices.Create();

        var rss = Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/feed.xml")));
        Assert.Equal(new FeedCandidate(site.Url("/feed.xml"), "Site RSS", "rss"), rss);
        Assert.Equal("atom", Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/atom"))).Format);
        Assert.Equal("json", Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/feed.json"))).Format);
        // Served as text/html, still a feed.
        Assert.Equal("Site RSS", Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/wrong-type.xml"))).Title);
    }

    [Fact]
    public async Task Permanent_redirects_give_the_new_url_and_temporary_ones_keep_the_old()
    {
        await using var site = await SiteAsync();
        using var services = FetchingTestServices.Create();
        Assert.Equal(site.Url("/feed.xml"), Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/moved.xml"))).Url);
        Assert.Equal(site.Url("/temp.xml"), Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/temp.xml"))).Url);
    }

    [Fact]
    public async Task An_html_page_lists_its_alternate_feeds_including_ones_in_the_body()
    {
        await using var site = await SiteAsync();
        using var services = FetchingTestServices.Create();

        var found = await Discovery(services).DiscoverAsync(site.Url("/blog/post"));
        Assert.Equal(
            [
                new FeedCandidate(site.Url("/feed.xml"), "Main feed", "rss"),
                new FeedCandidate(site.Url("/atom"), "Comments", "atom"),
                new FeedCandidate(site.Url("/blog/feed.json"), null, "json"),
                new FeedCandidate("http://127.0.0.1:1/never-fetched.xml", "Main feed again", "rss"),
            ],
            found);
    }

    [Fact]
    public async Task Base_href_is_honoured()
    {
        await using var site = await SiteAsync();
        using var services = FetchingTestServices.Create();
        var found = Assert.Single(await Discovery(services).DiscoverAsync(site.Url("/based/")));
        Assert.Equal(site.Url("/elsewhere/a.xml"), found.Url);
    }

    [Fact]
    public async Task Well_known_paths_are_probed_when_the_page_links_nothing()
    {
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content("<html><body>no links here</body></html>", "text/html"));
            // Routing ignores a trailing slash, so tell "/feed" and "/feed/" apart by hand.
            app.MapGet("/feed", (HttpContext c) => c.Request.Path.Value!.EndsWith('/') ? Xml(Rss) : Results.Redirect("/feed/", permanent: true));
            app.MapGet("/atom.xml", () => Xml(Atom, "application/atom+xml"));
            app.MapGet("/rss", () => Results.Content("<html>a soft 404 page</html>", "text/html"));
        });
        using var services = FetchingTestServices.Create();

        var found = await Discovery(services).DiscoverAsync(site.BaseUrl);
        Assert.Equal(
            [new FeedCandidate(site.Url("/feed/"), "Site RSS", "rss"), new FeedCandidate(site.Url("/atom.xml"), "Site Atom", "atom")],
            found);
    }

    [Fact]
    public async Task Nothing_found_is_an_empty_list()
    {
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Content("<html><body>plain</body></html>", "text/html")));
        using var services = FetchingTestServices.Create();
        Assert.Empty(await Discovery(services).DiscoverAsync(site.BaseUrl + "/"));
    }

    [Fact]
    public async Task An_unreachable_url_throws_a_readable_error()
    {
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "x"));
        using var services = FetchingTestServices.Create();
        var missing = await Assert.ThrowsAsync<FetchException>(() => Discovery(services).DiscoverAsync(site.Url("/missing")));
        Assert.Equal("HTTP 404 Not Found", missing.Message);
        var notUrl = await Assert.ThrowsAsync<FetchException>(() => Discovery(services).DiscoverAsync("javascript:alert(1)"));
        Assert.StartsWith("not a web address", notUrl.Message);
    }

    [Fact]
    public async Task Discovery_goes_through_the_ssrf_guard()
    {
        await using var site = await SiteAsync();
        using var services = FetchingTestServices.Create(allowLoopback: false);
        var error = await Assert.ThrowsAsync<FetchException>(() => Discovery(services).DiscoverAsync($"localhost:{site.Port}/feed.xml"));
        Assert.StartsWith("refused to connect to localhost", error.Message);
    }

    [Fact]
    public async Task Known_sites_map_without_network()
    {
        // No allowlist and no server: a network attempt would fail, so success proves the pure mapping.
        using var services = FetchingTestServices.Create(allowLoopback: false);
        var found = Assert.Single(await Discovery(services).DiscoverAsync("www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw"));
        Assert.Equal("https://www.youtube.com/feeds/videos.xml?channel_id=UC_x5XG1OV2P6uZZ5FSM9Ttw", found.Url);
        Assert.Equal(3, (await Discovery(services).DiscoverAsync("https://github.com/dotnet/runtime")).Count);
    }
}
