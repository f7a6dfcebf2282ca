using System.Net;
using Inertia.Storage;

namespace Inertia.Tests.Reader;

public sealed class IsolationTests
{
    [Fact]
    public async Task Another_user_can_neither_read_nor_change_an_entry_of_a_feed_they_do_not_follow()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "ada-password-1");
        await app.CreateUserAsync("bob", "bob-password-1");
        var (feedId, ids) = await app.SeedFeedAsync("Ada's private feed", [ReaderApp.Entry("s", "Secret title", "<p>secret body</p>", DateTimeOffset.UtcNow)], ada);
        using var bob = app.Client();
        (await bob.SignInAsync("bob", "bob-password-1")).Dispose();

        using (var page = await bob.GetAsync($"/reader/entries/{ids[0]}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"status-page\"", html);
            Assert.DoesNotContain("Secret title", html);
        }
        using (var feed = await bob.GetAsync($"/reader/feeds/{feedId}")) Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
        using (var edit = await bob.GetAsync($"/reader/feeds/{feedId}/edit")) Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.DoesNotContain("Secret title", await bob.GetHtmlAsync("/reader/all"));
        Assert.DoesNotContain("Ada&#x27;s private feed", await bob.GetHtmlAsync("/reader/feeds"));

        var token = await bob.TokenFromAsync("/reader");
        using (var read = await bob.PostAsync($"/reader/entries/{ids[0]}/read", [new("read", "true")], token)) Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using (var star = await bob.PostAsync($"/reader/entries/{ids[0]}/star", [new("starred", "true")], token)) Assert.Equal(HttpStatusCode.NotFound, star.StatusCode);
        using (var all = await bob.PostAsync("/reader/mark-all-read", [new("feed", feedId.ToString())], token)) Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        using (var unsubscribe = await bob.PostAsync($"/reader/feeds/{feedId}/edit?handler=Unsubscribe", [], token)) Assert.Equal(HttpStatusCode.NotFound, unsubscribe.StatusCode);

        var entry = await app.Get<EntryStore>().GetAsync(ada, ids[0]);
        Assert.False(entry!.IsRead);
        Assert.False(entry.IsStarred);
        Assert.NotNull(await app.Get<SubscriptionStore>().GetAsync(ada, feedId));
    }

    [Fact]
    public async Task Posts_without_an_antiforgery_token_are_rejected()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "ada-password-1");
        var (_, ids) = await app.SeedFeedAsync("Feed", [ReaderApp.Entry("a", "A", "<p>a</p>", DateTimeOffset.UtcNow)], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "ada-password-1")).Dispose();

        using (var action = await client.PostAsync($"/reader/entries/{ids[0]}/read", [new("read", "true")], token: null, json: true))
            Assert.Equal(HttpStatusCode.BadRequest, action.StatusCode);
        using (var page = await client.PostAsync("/reader/settings", [new("Language", "zh-CN"), new("Theme", "dark")], token: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Contains("data-testid=\"status-page\"", await page.Content.ReadAsStringAsync());
        }
        using (var signIn = await client.PostAsync("/signin", [new("Username", "ada"), new("Password", "ada-password-1")], token: null))
            Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        using (var signOut = await client.PostAsync("/signout", [], token: "forged"))
            Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);

        Assert.False((await app.Get<EntryStore>().GetAsync(ada, ids[0]))!.IsRead);
        Assert.Equal("", (await app.Get<UserStore>().GetAsync(ada))!.Language);
    }
}
