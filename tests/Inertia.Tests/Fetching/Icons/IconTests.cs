using System.Net;
using System.Text;
using Inertia.Fetching;
using Inertia.Fetching.Icons;
using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Storage;
using Inertia.Tests.Fetching.WebSub;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Fetching.Icons;

/// <summary>Feed icons found on loopback sites, stored in the database and served at /icons/{feedId}.</summary>
public sealed class IconTests
{
    /// <summary>A real 1×1 PNG, with a marker after IEND (ignored by decoders) to tell icons apart.</summary>
    static byte[] Png(string marker) =>
        [.. Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), .. Encoding.ASCII.GetBytes(marker)];

    /// <summary>An ICO file holding one PNG image.</summary>
    static byte[] Ico()
    {
        var png = Png("ico");
        var header = new byte[] { 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 32, 0 };
        return [.. header, .. BitConverter.GetBytes(png.Length), .. BitConverter.GetBytes(22), .. png];
    }

    /// <summary>A site at "/" whose feed at /feed.xml links to it (or to no site at all).</summary>
    static Task<LoopbackServer> SiteAsync(Action<WebApplication> map, bool feedLinksSite = true) =>
        LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed.xml", (HttpContext context) =>
            {
                var site = feedLinksSite ? $"<link>{context.Request.Scheme}://{context.Request.Host}/</link>" : "";
                return Results.Text($"""<rss version="2.0"><channel><title>Iconic</title>{site}<item><guid>1</guid><title>One</title></item></channel></rss>""", "application/rss+xml");
            });
            map(app);
        });

    static IResult Bytes(byte[] data, string type) => Results.Bytes(data, type);

    static async Task<(long FeedId, long User)> FollowAndRefreshAsync(TestSite site, LoopbackServer server, string user = "reader")
    {
        var userId = await site.CreateUserAsync(user);
        var feedId = await site.FollowAsync(userId, server.Url("/feed.xml"));
        Assert.True((await site.Get<FeedRefresher>().RefreshAsync(feedId)).Success);
        return (feedId, userId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Page_link_icon_is_stored_and_refreshed_only_after_thirty_days(DatabaseProvider provider)
    {
        var touchFetches = 0;
        await using var server = await SiteAsync(app =>
        {
            app.MapGet("/", () => Results.Content("""
                <html><head><title>Site</title>
                <link rel="icon" type="image/svg+xml" href="/icon.svg">
                <link rel="icon" href="/icon-16.png" sizes="16x16">
                <link rel="apple-touch-icon" href="/touch.png">
                </head><body>hello</body></html>
                """, "text/html"));
            app.MapGet("/icon-16.png", () => Bytes(Png("16"), "image/png"));
            app.MapGet("/touch.png", () => { Interlocked.Increment(ref touchFetches); return Bytes(Png("touch"), "image/png"); });
        });
        await using var site = await TestSite.StartAsync(provider, publicUrl: false);
        var (feedId, _) = await FollowAndRefreshAsync(site, server);

        Assert.Equal(1, await site.Get<IconRefresher>().RunDueAsync());
        var icon = (await site.Get<IconStore>().GetAsync(feedId))!;
        Assert.Equal("image/png", icon.ContentType);
        Assert.Equal(Png("touch"), icon.Data);
        Assert.Equal($"/icons/{feedId}?v={icon.Hash}", site.Get<IconDirectory>().Url(feedId));

        // Not again until Fetching:Icons:RefreshInterval has passed.
        Assert.Equal(0, await site.Get<IconRefresher>().RunDueAsync());
        site.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await site.Get<IconRefresher>().RunDueAsync());
        site.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await site.Get<IconRefresher>().RunDueAsync());
        Assert.Equal(2, touchFetches);
    }

    [Fact]
    public async Task Manifest_icons_are_used_preferring_a_raster_icon_up_to_256_pixels()
    {
        await using var server = await SiteAsync(app =>
        {
            app.MapGet("/", () => Results.Content("""<html><head><link rel="manifest" href="/app.webmanifest"></head></html>""", "text/html"));
            app.MapGet("/app.webmanifest", () => Results.Text("""
                {"name": "App", "icons": [
                  {"src": "/m-512.png", "sizes": "512x512", "type": "image/png"},
                  {"src": "/m.svg", "sizes": "any", "type": "image/svg+xml"},
                  {"src": "icons/m-192.png", "sizes": "192x192", "type": "image/png"}
                ]}
                """, "application/manifest+json"));
            app.MapGet("/m-512.png", () => Bytes(Png("512"), "image/png"));
            app.MapGet("/icons/m-192.png", () => Bytes(Png("192"), "image/png"));
        });
        await using var site = await TestSite.StartAsync(publicUrl: false);
        var (feedId, _) = await FollowAndRefreshAsync(site, server);

        await site.Get<IconRefresher>().RunDueAsync();
        Assert.Equal(Png("192"), (await site.Get<IconStore>().GetAsync(feedId))!.Data);
    }

    [Fact]
    public async Task Favicon_ico_is_the_fallback_and_its_type_comes_from_its_bytes()
    {
        await using var server = await SiteAsync(app =>
        {
            app.MapGet("/", () => Results.Content("<html><head><title>No icons linked</title></head></html>", "text/html"));
            // Mislabelled, as many servers do.
            app.MapGet("/favicon.ico", () => Bytes(Ico(), "text/plain"));
        });
        await using var site = await TestSite.StartAsync(publicUrl: false);
        var (feedId, _) = await FollowAndRefreshAsync(site, server);

        await site.Get<IconRefresher>().RunDueAsync();
        var icon = (await site.Get<IconStore>().GetAsync(feedId))!;
        Assert.Equal("image/x-icon", icon.ContentType);
        Assert.Equal(Ico(), icon.Data);
    }

    [Fact]
    public async Task Oversized_non_image_and_svg_icons_are_refused_and_the_letter_avatar_stays()
    {
        await using var server = await SiteAsync(app =>
        {
            app.MapGet("/", () => Results.Content("""
                <html><head><link rel="icon" href="/big.png" sizes="64x64"><link rel="apple-touch-icon" href="/page.png"></head></html>
                """, "text/html"));
            app.MapGet("/big.png", () => Bytes([.. Png("big"), .. new byte[300 * 1024]], "image/png"));
            app.MapGet("/page.png", () => Results.Content("<html>not an image</html>", "image/png"));
            app.MapGet("/favicon.ico", () => Results.Content("""<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>""", "image/svg+xml"));
        });
        await using var site = await TestSite.StartAsync(publicUrl: false);
        var (feedId, _) = await FollowAndRefreshAsync(site, server);

        Assert.Equal(1, await site.Get<IconRefresher>().RunDueAsync());
        Assert.Null(await site.Get<IconStore>().GetAsync(feedId));
        Assert.Null(site.Get<IconDirectory>().Url(feedId));
        var error = (await site.Get<IconStore>().LastErrorAsync(feedId))!;
        Assert.Contains("big.png: response body larger than 256 KB", error);
        Assert.Contains("page.png: not a PNG, ICO, GIF, JPEG, WebP, AVIF or BMP image (image/png)", error);
        Assert.Contains("favicon.ico: SVG icons are not accepted", error);
        // A search that found nothing is not repeated at every poll.
        Assert.Equal(0, await site.Get<IconRefresher>().RunDueAsync());
    }

    [Fact]
    public async Task Icon_is_served_with_validators_to_followers_and_on_public_pages_and_a_feed_without_site_keeps_its_letter()
    {
        await using var withIcon = await SiteAsync(app =>
            app.MapGet("/favicon.ico", () => Bytes(Ico(), "image/x-icon")));
        await using var withoutSite = await SiteAsync(_ => { }, feedLinksSite: false);
        await using var site = await TestSite.StartAsync(publicUrl: false);
        var (feedId, user) = await FollowAndRefreshAsync(site, withIcon);
        var plainFeed = await site.FollowAsync(user, withoutSite.Url("/feed.xml"));
        Assert.True((await site.Get<FeedRefresher>().RefreshAsync(plainFeed)).Success);
        Assert.Equal(2, await site.Get<IconRefresher>().RunDueAsync());
        Assert.Null(await site.Get<IconStore>().GetAsync(plainFeed));
        var url = site.Get<IconDirectory>().Url(feedId)!;

        // Signed out, and the feed not public: as if there were no icon.
        using var anonymous = new HttpClient { BaseAddress = site.BaseUri };
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);

        using var reader = new WebSession(site.BaseUri, "en");
        await reader.SignInAsync("reader", "reader-password");
        using (var response = await reader.Http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/x-icon", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Ico(), await response.Content.ReadAsByteArrayAsync());
            var cache = response.Headers.CacheControl!;
            Assert.True(cache.Private);
            Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
            Assert.Contains(cache.Extensions, e => e.Name == "immutable");
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var etag = response.Headers.ETag!.Tag;
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.ParseAdd(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await reader.Http.SendAsync(again)).StatusCode);
        }

        // The sidebar shows the icon for one feed and the letter avatar for the other.
        var html = await reader.GetAsync("/reader");
        Assert.Equal([url], WebSession.Attributes(html, "feed-icon", "src"));
        Assert.Contains($"data-feed-id=\"{plainFeed}\">", html);
        Assert.Contains("avatar letter", html);

        // Once the admin makes followed feeds public, visitors get the icon too, on the public feed page and at its URL.
        await site.Get<CatalogStore>().SetSettingAsync(PublicSettings.FollowedFeedsKey, "true");
        site.Get<CatalogSnapshot>().Invalidate();
        using (var response = await anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl!.Public);
        }
        var page = await anonymous.GetStringAsync($"/feeds/{feedId}");
        Assert.Equal([url], WebSession.Attributes(page, "feed-icon", "src"));
        var plainPage = await anonymous.GetStringAsync($"/feeds/{plainFeed}");
        Assert.Empty(WebSession.Attributes(plainPage, "feed-icon", "src"));
        Assert.Contains("pub-letter", plainPage);
    }
}
