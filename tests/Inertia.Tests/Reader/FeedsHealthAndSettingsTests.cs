using System.Collections.Concurrent;
using System.Net;
using Dapper;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Reader;

/// <summary>The feed settings form, the health page with its fetch log, failing flags and category order, through
/// the real app over HTTP (cookies, antiforgery, redirects).</summary>
public sealed class FeedsHealthAndSettingsTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Club News</title><link>http://example.org/</link>
          <item><title>Welcome</title><link>http://example.org/1</link><guid>1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public async Task Private_settings_move_the_subscription_to_a_private_feed_and_are_never_shown_back()
    {
        var cookies = new ConcurrentQueue<string>();
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", (HttpContext context) =>
        {
            cookies.Enqueue(context.Request.Headers.Cookie.ToString());
            return Results.Content(Rss, "application/rss+xml");
        }));
        await using var app = await ReaderApp.StartAsync("--Fetching:SchedulerEnabled=false");
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var shared = (await app.Get<FeedStore>().GetOrCreateAsync(site.Url("/feed.xml"))).Id;
        await app.Get<SubscriptionStore>().SubscribeAsync(ada, shared, null, "Club");
        await app.Get<SubscriptionStore>().SubscribeAsync(bob, shared, null, null);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var edit = await client.GetHtmlAsync($"/reader/feeds/{shared}/edit");
        Assert.Contains("data-testid=\"shared-note\"", edit);

        // Bad input: a clear error per field, a 400, and nothing stored.
        using (var bad = await client.PostAsync($"/reader/feeds/{shared}/edit?handler=Settings", [
            new("Settings.FixedIntervalMinutes", "soon"), new("Settings.ProxyUrl", "ftp://proxy"), new("Settings.Cookie", "sid=1"),
            new("Settings.UserAgent", "Kept/1.0"),
        ], ReaderClient.Token(edit)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"settings-errors\"", html);
            Assert.Contains("data-testid=\"error-interval\"", html);
            Assert.Contains("socks5://", html);
            Assert.Contains("value=\"Kept/1.0\"", html); // what was typed is still in the form
        }
        Assert.Equal(FeedSettings.None, (await app.Get<FeedStore>().GetAsync(shared))!.Settings);
        Assert.Equal(shared, (await app.Get<SubscriptionStore>().GetAsync(ada, shared))!.FeedId);

        using var saved = await client.PostAsync($"/reader/feeds/{shared}/edit?handler=Settings", [
            new("Settings.FixedIntervalMinutes", "45"), new("Settings.Cookie", "sid=TOPSECRET42"), new("Settings.Username", "ada"),
            new("Settings.Password", "PASSWORD-XYZ"), new("Settings.UserAgent", "AdaReader/1.0"),
            new("Settings.ProxyUrl", "http://pu:PROXYPW@proxy.example:3128"), new("Settings.FullArticle", "true"),
            new("Settings.ArticleSelector", "article .body"),
        ], ReaderClient.Token(edit));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.OriginalString;
        var privateId = long.Parse(location.Split('/')[3]);
        Assert.NotEqual(shared, privateId);
        Assert.Equal($"/reader/feeds/{privateId}/edit", location);

        var stored = (await app.Get<FeedStore>().GetAsync(privateId))!;
        Assert.Equal(ada, stored.OwnerUserId);
        Assert.Equal(("sid=TOPSECRET42", "ada", "PASSWORD-XYZ", "AdaReader/1.0", TimeSpan.FromMinutes(45), true, "article .body"),
            (stored.Settings.Cookie, stored.Settings.Username, stored.Settings.Password, stored.Settings.UserAgent,
             stored.Settings.FixedInterval, stored.Settings.FullArticle, stored.Settings.ArticleSelector));
        // Bob still follows the untouched shared row.
        Assert.Equal(FeedSettings.None, (await app.Get<FeedStore>().GetAsync(shared))!.Settings);
        Assert.NotNull(await app.Get<SubscriptionStore>().GetAsync(bob, shared));
        Assert.Null(await app.Get<SubscriptionStore>().GetAsync(ada, shared));

        var page = await client.GetHtmlAsync(location);
        Assert.Contains("data-testid=\"private-note\"", page);
        Assert.Contains("data-testid=\"flash\"", page);
        Assert.Contains("value=\"AdaReader/1.0\"", page);
        Assert.Contains("value=\"ada\"", page);
        Assert.DoesNotContain("TOPSECRET42", page);
        Assert.DoesNotContain("PASSWORD-XYZ", page);
        Assert.DoesNotContain("PROXYPW", page);
        Assert.Contains("data-testid=\"private-mark\"", await client.GetHtmlAsync("/reader/feeds"));

        // Saving again with the secret fields empty and the masked proxy keeps every secret; "clear" removes one.
        using (var again = await client.PostAsync($"{location}?handler=Settings", [
            new("Settings.Username", "ada"), new("Settings.UserAgent", "AdaReader/1.0"),
            new("Settings.ProxyUrl", "http://pu:********@proxy.example:3128"), new("Settings.ClearCookie", "true"),
        ], ReaderClient.Token(page)))
            Assert.Equal(location, again.Headers.Location!.OriginalString);
        stored = (await app.Get<FeedStore>().GetAsync(privateId))!;
        Assert.Equal(("PASSWORD-XYZ", "http://pu:PROXYPW@proxy.example:3128", (string?)null, (TimeSpan?)null),
            (stored.Settings.Password, stored.Settings.ProxyUrl, stored.Settings.Cookie, stored.Settings.FixedInterval));

        // The cookie is sent by "refresh now" when set (and the proxy is cleared so the fetch goes to the site).
        page = await client.GetHtmlAsync(location);
        using (await client.PostAsync($"{location}?handler=Settings", [
            new("Settings.Cookie", "sid=again"), new("Settings.UserAgent", "AdaReader/1.0"),
        ], ReaderClient.Token(page))) { }
        using (await client.PostAsync($"{location}?handler=Refresh", [], ReaderClient.Token(page))) { }
        Assert.Contains("sid=again", cookies);

        // Bob cannot see or change Ada's private feed.
        using var bobClient = app.Client();
        (await bobClient.SignInAsync("bob", "right-password-2")).Dispose();
        using (var hidden = await bobClient.GetAsync(location)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var hidden = await bobClient.GetAsync($"/reader/feeds/{privateId}/health")) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var bobEdit = await bobClient.GetHtmlAsync($"/reader/feeds/{shared}/edit");
        using (var denied = await bobClient.PostAsync($"/reader/feeds/{privateId}/edit?handler=Settings", [new("Settings.IgnoreHttpCache", "true")], ReaderClient.Token(bobEdit)))
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }

    [Fact]
    public async Task Health_page_shows_the_fetch_log_and_a_feed_failing_for_days_is_flagged_everywhere()
    {
        var fail = false;
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", () =>
            fail ? Results.StatusCode(503) : Results.Content(Rss, "application/rss+xml")));
        await using var app = await ReaderApp.StartAsync("--Fetching:SchedulerEnabled=false");
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var feed = (await app.Get<FeedStore>().GetOrCreateAsync(site.Url("/feed.xml"))).Id;
        await app.Get<SubscriptionStore>().SubscribeAsync(ada, feed, null, "Club");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var health = await client.GetHtmlAsync($"/reader/feeds/{feed}/health");
        Assert.Contains("data-testid=\"fetch-log-empty\"", health);
        Assert.Equal(12, Count(health, "data-testid=\"week-row\""));

        using (await client.PostAsync($"/reader/feeds/{feed}/edit?handler=Refresh", [], ReaderClient.Token(health))) { }
        fail = true;
        using (await client.PostAsync($"/reader/feeds/{feed}/edit?handler=Refresh", [], ReaderClient.Token(health))) { }

        health = await client.GetHtmlAsync($"/reader/feeds/{feed}/health");
        Assert.Equal(2, Count(health, "data-testid=\"fetch-log-row\""));
        Assert.Contains("data-testid=\"last-status\">503<", health);
        Assert.Contains("HTTP 503", health);
        Assert.DoesNotContain("data-testid=\"failing-warning\"", health); // one failure an hour after a success is not "for days"
        Assert.DoesNotContain("data-testid=\"failing-mark\"", await client.GetHtmlAsync("/reader/feeds"));

        // Three days without a success: flagged in the list, the sidebar and on the health page; still listed.
        await using (var connection = await app.Get<Database>().OpenAsync())
            await connection.ExecuteAsync("UPDATE feeds SET last_success_at = last_success_at - @days WHERE id = @feed",
                new { feed, days = 3L * 24 * 3600 * 1_000_000 });
        var list = await client.GetHtmlAsync("/reader/feeds");
        Assert.Contains("data-testid=\"failing-mark\"", list);
        Assert.Contains("data-testid=\"sidebar-failing\"", list);
        Assert.Contains("data-testid=\"feed-row\"", list);
        health = await client.GetHtmlAsync($"/reader/feeds/{feed}/health");
        Assert.Contains("data-testid=\"failing-warning\"", health);
        Assert.Contains("3 d", health);

        using var zh = app.Client("zh-CN");
        (await zh.SignInAsync("ada", "right-password-1")).Dispose();
        Assert.Contains("抓取记录", await zh.GetHtmlAsync($"/reader/feeds/{feed}/health"));
    }

    [Fact]
    public async Task Categories_are_created_renamed_reordered_and_deleted_and_the_sidebar_follows()
    {
        await using var app = await ReaderApp.StartAsync("--Fetching:SchedulerEnabled=false");
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feed, _) = await app.SeedFeedAsync("Filed Feed", [ReaderApp.Entry("k1", "One", "<p>1</p>", DateTimeOffset.UtcNow)], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        foreach (var name in new[] { "Alpha", "Beta", "Gamma" })
        {
            using var added = await client.PostAsync("/reader/feeds?handler=AddCategory", [new("name", name)], await client.TokenFromAsync("/reader/feeds"));
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }
        var categories = await app.Get<SubscriptionStore>().ListCategoriesAsync(ada);
        var (alpha, beta, gamma) = (categories[0].Id, categories[1].Id, categories[2].Id);
        await app.Get<SubscriptionStore>().UpdateAsync(ada, feed, null, gamma);
        await app.Get<SubscriptionStore>().UpdateAsync(ada, (await app.SeedFeedAsync("Beta Feed", [], ada)).FeedId, null, beta);

        using (await client.PostAsync("/reader/feeds?handler=MoveCategory", [new("id", gamma.ToString()), new("offset", "-1")], await client.TokenFromAsync("/reader/feeds"))) { }
        using (await client.PostAsync("/reader/feeds?handler=MoveCategory", [new("id", gamma.ToString()), new("offset", "-1")], await client.TokenFromAsync("/reader/feeds"))) { }
        using (await client.PostAsync("/reader/feeds?handler=RenameCategory", [new("id", beta.ToString()), new("name", "Bêta")], await client.TokenFromAsync("/reader/feeds"))) { }
        Assert.Equal([gamma, alpha, beta], (await app.Get<SubscriptionStore>().ListCategoriesAsync(ada)).Select(c => c.Id));

        var page = await client.GetHtmlAsync("/reader/feeds");
        Assert.Matches($"data-category-id=\"{gamma}\"[\\s\\S]*data-category-id=\"{alpha}\"[\\s\\S]*data-category-id=\"{beta}\"", page);
        Assert.Matches("data-testid=\"sidebar-category\"[\\s\\S]*Gamma[\\s\\S]*Bêta", page);
        // The feed table follows the category order too.
        Assert.Matches("Filed Feed[\\s\\S]*Beta Feed", page);

        using (await client.PostAsync("/reader/feeds?handler=DeleteCategory", [new("id", gamma.ToString())], ReaderClient.Token(page))) { }
        var subscription = await app.Get<SubscriptionStore>().GetAsync(ada, feed);
        Assert.NotNull(subscription);
        Assert.Null(subscription.CategoryId);
        Assert.DoesNotContain("Gamma", await client.GetHtmlAsync("/reader/feeds"));
    }

    private static int Count(string html, string needle)
    {
        var count = 0;
        for (var i = html.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = html.IndexOf(needle, i + needle.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
