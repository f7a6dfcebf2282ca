using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Reader;

/// <summary>"Fetch full article" in the real app: plain form posts and in-place JSON, against a loopback site.</summary>
public sealed class FullArticleHttpTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_full_article_replaces_the_teaser_is_cached_and_a_failure_leaves_the_entry_as_it_was()
    {
        var hits = 0;
        await using var site = await LoopbackServer.StartAsync(app =>
            app.MapGet("/posts/long-story", () => { Interlocked.Increment(ref hits); return Results.Content(FullArticleTests.ArticlePage(), "text/html"); }));
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Teasers",
        [
            ReaderApp.Entry("story", "The long story", "<p>The first paragraph…</p>", Day, site.Url("/posts/long-story")),
            ReaderApp.Entry("gone", "Gone", "<p>Only a teaser.</p>", Day.AddHours(-1), "http://127.0.0.1:9/gone"),
        ], ada);
        var (story, gone) = (ids[0], ids[1]);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        // Without JS: the button posts, the redirect shows the full article; the feed's version is a link away.
        var page = await client.GetHtmlAsync($"/reader/entries/{story}?in=all");
        Assert.Contains("<div class=\"entry-content\" dir=\"auto\" data-testid=\"entry-content\" data-view=\"feed\"><p>The first paragraph…</p></div>", page);
        var action = WebUtility.HtmlDecode(Regex.Match(page, "formaction=\"([^\"]*/full-article[^\"]*)\"").Groups[1].Value);
        using (var posted = await client.PostAsync(action, [new("returnUrl", $"/reader/entries/{story}?in=all")], ReaderClient.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal($"/reader/entries/{story}?in=all", posted.Headers.Location!.OriginalString);
        }
        var full = await client.GetHtmlAsync($"/reader/entries/{story}?in=all");
        Assert.Contains("data-view=\"full\"", full);
        Assert.Contains("inertia is the resistance", full);
        Assert.DoesNotContain("injected", full);
        Assert.DoesNotContain("window.tracker", full);
        Assert.Contains("data-testid=\"full-article-note\"", full);
        Assert.Contains("data-testid=\"show-feed-version\"", full);
        var feedVersion = await client.GetHtmlAsync($"/reader/entries/{story}?in=all&view=feed");
        Assert.Contains("data-view=\"feed\"><p>The first paragraph…</p></div>", feedVersion);
        Assert.Contains("data-testid=\"show-full-article\"", feedVersion);

        // With JS: the same action answers JSON; the cache answers, the site is not asked again.
        using (var json = await client.PostAsync($"/reader/entries/{story}/full-article", [], ReaderClient.Token(full), json: true))
        {
            using var state = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            Assert.True(state.RootElement.GetProperty("ok").GetBoolean());
            Assert.Contains("inertia is the resistance", state.RootElement.GetProperty("content").GetString());
        }
        Assert.Equal(1, hits);

        // Unreachable: a clear message, the entry unchanged.
        var gonePage = await client.GetHtmlAsync($"/reader/entries/{gone}?in=all");
        using (var failed = await client.PostAsync($"/reader/entries/{gone}/full-article", [new("returnUrl", $"/reader/entries/{gone}?in=all")], ReaderClient.Token(gonePage)))
            Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        var after = await client.GetHtmlAsync($"/reader/entries/{gone}?in=all");
        Assert.Matches("data-testid=\"flash-error\">The page could not be fetched: [^<]*refused", after);
        Assert.Contains("data-view=\"feed\"><p>Only a teaser.</p></div>", after);
        Assert.Contains("data-testid=\"fetch-full-article\"", after);
        using (var json = await client.PostAsync($"/reader/entries/{gone}/full-article", [], ReaderClient.Token(after), json: true))
        {
            using var state = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            Assert.False(state.RootElement.GetProperty("ok").GetBoolean());
            Assert.StartsWith("The page could not be fetched:", state.RootElement.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task The_action_needs_antiforgery_and_the_users_own_entry()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.CreateUserAsync("bob", "right-password-2");
        var (_, ids) = await app.SeedFeedAsync("Ada only", [ReaderApp.Entry("a", "A", "<p>a</p>", Day)], ada);
        using var bob = app.Client();
        (await bob.SignInAsync("bob", "right-password-2")).Dispose();
        var token = await bob.TokenFromAsync("/reader/settings");

        using (var noToken = await bob.PostAsync($"/reader/entries/{ids[0]}/full-article", [], null, json: true))
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        using (var other = await bob.PostAsync($"/reader/entries/{ids[0]}/full-article", [], token, json: true))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
