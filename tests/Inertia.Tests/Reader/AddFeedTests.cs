using Inertia.Tests.Support;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Reader;

/// <summary>Add feed → discovery → subscribe → first refresh, against feeds served from a loopback server.</summary>
public sealed class AddFeedTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Loopback Journal</title><link>http://example.org/</link>
          <item><title>First light</title><link>http://example.org/1</link><guid>1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;Hello &lt;script&gt;alert(1)&lt;/script&gt;world&lt;/p&gt;</description></item>
          <item><title>惯性之二</title><link>http://example.org/2</link><guid>2</guid><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate>
            <description>中文内容</description></item>
        </channel></rss>
        """;

    private static Task<LoopbackServer> SiteAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/", () => Results.Content("""
            <!doctype html><html><head><title>Site</title>
            <link rel="alternate" type="application/rss+xml" title="Journal" href="/feed.xml"></head><body>hi</body></html>
            """, "text/html"));
        app.MapGet("/two", () => Results.Content("""
            <!doctype html><html><head><title>Two</title>
            <link rel="alternate" type="application/rss+xml" title="Journal" href="/feed.xml">
            <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml"></head><body></body></html>
            """, "text/html"));
        app.MapGet("/feed.xml", () => Results.Content(Rss, "application/rss+xml"));
        app.MapGet("/comments.xml", () => Results.Content(Rss.Replace("Loopback Journal", "Loopback Comments"), "application/rss+xml"));
    });

    [Fact]
    public async Task A_site_url_is_discovered_subscribed_and_refreshed_at_once()
    {
        await using var site = await SiteAsync();
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var token = await client.TokenFromAsync("/reader/add");
        using var added = await client.PostAsync("/reader/add", [new("Address", site.Url("/")), new("Category", "Tech")], token);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var feedPath = added.Headers.Location!.OriginalString;
        Assert.Matches("^/reader/feeds/\\d+$", feedPath);
        var html = await client.GetHtmlAsync(feedPath);
        Assert.Contains("Loopback Journal", html);
        Assert.True(html.IndexOf("惯性之二", StringComparison.Ordinal) < html.IndexOf("First light", StringComparison.Ordinal), "newest first");
        Assert.Contains("data-testid=\"feed-unread-count\"", html);
        Assert.Contains("data-testid=\"sidebar-category\"", html);

        var entryPath = WebUtility.HtmlDecode(Regex.Match(html, "href=\"([^\"]+)\" data-testid=\"entry-link\">First light<").Groups[1].Value);
        var entry = await client.GetHtmlAsync(entryPath);
        Assert.Contains("world", entry);
        Assert.DoesNotContain("<script>alert(1)", entry);
    }

    [Fact]
    public async Task Several_candidates_are_offered_and_the_chosen_one_is_subscribed()
    {
        await using var site = await SiteAsync();
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var token = await client.TokenFromAsync("/reader/add");
        using var offered = await client.PostAsync("/reader/add", [new("Address", site.Url("/two"))], token);
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        var html = await offered.Content.ReadAsStringAsync();
        Assert.Equal(2, Regex.Matches(html, "data-testid=\"feed-candidate\"").Count);

        using var chosen = await client.PostAsync("/reader/add", [new("Choice", site.Url("/comments.xml"))], ReaderClient.Token(html));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Contains("Loopback Comments", await client.GetHtmlAsync(chosen.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task A_page_without_feeds_or_an_unreachable_address_gives_a_clear_error()
    {
        // A site with no feed anywhere, not even at the well-known paths discovery tries.
        await using var site = await LoopbackServer.StartAsync(app =>
            app.MapGet("/plain", () => Results.Content("<!doctype html><html><head><title>Nothing</title></head><body>no feeds</body></html>", "text/html")));
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();
        var token = await client.TokenFromAsync("/reader/add");

        using var none = await client.PostAsync("/reader/add", [new("Address", site.Url("/plain"))], token);
        var noneHtml = await none.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"add-feed-error\"", noneHtml);
        Assert.Contains("No feed found", noneHtml);

        using var missing = await client.PostAsync("/reader/add", [new("Address", site.Url("/missing"))], token);
        Assert.Contains("data-testid=\"add-feed-error\"", await missing.Content.ReadAsStringAsync());

        using var garbage = await client.PostAsync("/reader/add", [new("Address", "javascript:alert(1)")], token);
        Assert.Contains("data-testid=\"add-feed-error\"", await garbage.Content.ReadAsStringAsync());
        Assert.Empty(await app.Get<Inertia.Storage.SubscriptionStore>().ListAsync(ada));
    }
}
