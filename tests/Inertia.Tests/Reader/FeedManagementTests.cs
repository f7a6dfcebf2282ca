using Inertia.Tests.Support;
using System.Net;
using System.Text.RegularExpressions;
using Inertia.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Reader;

/// <summary>Edit, refresh now, health and unsubscribe, for a feed served from a loopback server whose content changes.</summary>
public sealed class FeedManagementTests
{
    private static string Rss(int items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Changing Feed</title><link>http://example.org/</link>
        {string.Concat(Enumerable.Range(1, items).Select(i =>
            $"<item><title>Item {i}</title><link>http://example.org/{i}</link><guid>{i}</guid><pubDate>{new DateTime(2026, 11, i, 10, 0, 0):R}</pubDate></item>"))}
        </channel></rss>
        """;

    [Fact]
    public async Task Edit_refresh_now_and_unsubscribe()
    {
        var items = 1;
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", () => Results.Content(Rss(items), "application/rss+xml")));
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        using var added = await client.PostAsync("/reader/add", [new("Address", site.Url("/feed.xml"))], await client.TokenFromAsync("/reader/add"));
        var feedPath = added.Headers.Location!.OriginalString;
        var feedId = long.Parse(feedPath.Split('/')[^1]);
        Assert.Contains("Item 1", await client.GetHtmlAsync(feedPath));

        // Rename and file under a new category.
        var edit = await client.GetHtmlAsync($"{feedPath}/edit");
        Assert.Contains("data-testid=\"feed-health\"", edit);
        using var saved = await client.PostAsync($"{feedPath}/edit?handler=Save", [new("Title", "My Feed"), new("Category", "新闻")], ReaderClient.Token(edit));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var subscription = await app.Get<SubscriptionStore>().GetAsync(ada, feedId);
        Assert.Equal(("My Feed", "新闻"), (subscription!.Title, subscription.CategoryName));
        var list = await client.GetHtmlAsync(feedPath);
        Assert.Matches("data-testid=\"sidebar-category\"[\\s\\S]*新闻[\\s\\S]*My Feed", list);

        // The site publishes a second item; "refresh now" fetches it in the request.
        items = 2;
        using var refreshed = await client.PostAsync($"{feedPath}/edit?handler=Refresh", [new("returnUrl", feedPath)], ReaderClient.Token(list));
        Assert.Equal(feedPath, refreshed.Headers.Location!.OriginalString);
        var after = await client.GetHtmlAsync(feedPath);
        Assert.Contains("Item 2", after);
        Assert.Contains("data-testid=\"flash\"", after);
        Assert.Contains("data-testid=\"feed-row\"", await client.GetHtmlAsync("/reader/feeds"));

        using var gone = await client.PostAsync($"{feedPath}/edit?handler=Unsubscribe", [], ReaderClient.Token(after));
        Assert.Equal("/reader/feeds", gone.Headers.Location!.OriginalString);
        Assert.Null(await app.Get<SubscriptionStore>().GetAsync(ada, feedId));
        Assert.DoesNotContain("data-testid=\"sidebar-feed\"", await client.GetHtmlAsync("/reader"));
        using var missing = await client.GetAsync(feedPath);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_failing_feed_shows_its_error_in_the_list_and_on_the_health_page()
    {
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/broken.xml", () => Results.StatusCode(500)));
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var feed = await app.Get<FeedStore>().GetOrCreateAsync(site.Url("/broken.xml"));
        await app.Get<SubscriptionStore>().SubscribeAsync(ada, feed.Id, null, "Broken");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var page = await client.GetHtmlAsync($"/reader/feeds/{feed.Id}");
        using var refreshed = await client.PostAsync($"/reader/feeds/{feed.Id}/edit?handler=Refresh", [], ReaderClient.Token(page));
        var after = await client.GetHtmlAsync(refreshed.Headers.Location!.OriginalString);

        Assert.Contains("data-testid=\"flash-error\"", after);
        Assert.Contains("data-testid=\"feed-error\"", after);
        Assert.Matches("data-testid=\"feed-status\">\\s*<span class=\"status error\"", await client.GetHtmlAsync("/reader/feeds"));
    }
}
