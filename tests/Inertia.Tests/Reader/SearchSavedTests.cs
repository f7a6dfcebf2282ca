using System.Net;
using System.Text.RegularExpressions;
using Inertia.Storage;

namespace Inertia.Tests.Reader;

/// <summary>The search page's filters, and saved searches: saved from the page, in the sidebar, renamed, deleted, per user.</summary>
public sealed class SearchSavedTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> Titles(string html) =>
        Regex.Matches(html, "data-testid=\"entry-link\">(.*?)</a>").Select(m => Regex.Replace(m.Groups[1].Value, "</?mark>", "")).ToList();

    [Fact]
    public async Task A_search_with_filters_is_saved_listed_in_the_sidebar_renamed_and_deleted()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var subscriptions = app.Get<SubscriptionStore>();
        var security = await subscriptions.GetOrCreateCategoryAsync(ada, "Security");
        var (newsFeed, _) = await app.SeedFeedAsync("News",
        [
            ReaderApp.Entry("n1", "Kernel release notes", "<p>kernel</p>", Day),
            ReaderApp.Entry("n2", "Kernel bug fixed", "<p>kernel</p>", Day.AddDays(3)),
        ], ada);
        var (secFeed, _) = await app.SeedFeedAsync("Advisories",
        [
            ReaderApp.Entry("s1", "Kernel 漏洞 advisory", "<p>kernel 漏洞</p>", Day.AddDays(1)),
            ReaderApp.Entry("s2", "Kernel patch", "<p>kernel</p>", Day.AddDays(5)),
            ReaderApp.Entry("s3", "Old kernel advisory", "<p>kernel</p>", Day.AddDays(-20)),
        ], ada);
        await subscriptions.UpdateAsync(ada, secFeed, null, security);
        var s2 = (await app.Get<EntryStore>().ListAsync(ada, new EntryQuery(FeedId: secFeed))).Single(e => e.Title == "Kernel patch").Id;
        await app.Get<EntryStore>().SetStarredAsync(ada, [s2], true);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        // Category and date range on the search page.
        var path = $"/reader/search?q=kernel&category={security}&from=2026-10-25&to=2026-11-06&order=newest";
        var found = await client.GetHtmlAsync(path);
        Assert.Equal(["Kernel patch", "Kernel 漏洞 advisory"], Titles(found));
        Assert.Contains("<mark>Kernel</mark>", found);
        Assert.Equal(["Kernel patch"], Titles(await client.GetHtmlAsync(path + "&filter=starred")));
        Assert.Equal(["Kernel bug fixed", "Kernel release notes"], Titles(await client.GetHtmlAsync($"/reader/search?q=kernel&feed={newsFeed}&order=newest")));

        // Save it (the form repeats the filters), then find it in the sidebar with its own page.
        using (var saved = await client.PostAsync("/reader/search?handler=Save",
                   [new("q", "kernel"), new("category", $"{security}"), new("from", "2026-10-25"), new("to", "2026-11-06"), new("order", "newest"), new("filter", "all"), new("Name", "Kernel security")],
                   ReaderClient.Token(found)))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Matches("^/reader/searches/\\d+$", saved.Headers.Location!.OriginalString);
        }
        var id = Assert.Single(await app.Get<SavedSearchStore>().ListAsync(ada)).Id;
        var page = await client.GetHtmlAsync($"/reader/searches/{id}");
        Assert.Equal(["Kernel patch", "Kernel 漏洞 advisory"], Titles(page));
        Assert.Contains("data-testid=\"saved-search-link\"", page);
        Assert.Contains(">Kernel security</span>", page);
        Assert.Contains("From 2026-10-25", page);
        Assert.Contains("Security", page);
        Assert.Contains($"category={security}", Regex.Match(page, "href=\"([^\"]+)\" data-testid=\"edit-search\"").Groups[1].Value);

        // Bob can neither see, rename nor delete it; his sidebar has no saved searches.
        using (var bobClient = app.Client())
        {
            (await bobClient.SignInAsync("bob", "right-password-2")).Dispose();
            Assert.Equal(HttpStatusCode.NotFound, (await bobClient.GetAsync($"/reader/searches/{id}")).StatusCode);
            var token = await bobClient.TokenFromAsync("/reader/search");
            using (var rename = await bobClient.PostAsync($"/reader/searches/{id}?handler=Rename", [new("Name", "Bob's")], token))
                Assert.Equal(HttpStatusCode.NotFound, rename.StatusCode);
            using (var delete = await bobClient.PostAsync($"/reader/searches/{id}?handler=Delete", [], token))
                Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            Assert.DoesNotContain("saved-search-link", await bobClient.GetHtmlAsync("/reader"));
        }

        var pageToken = ReaderClient.Token(page);
        using (var empty = await client.PostAsync($"/reader/searches/{id}?handler=Rename", [new("Name", "  ")], pageToken))
            Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Contains("The name must not be empty.", await client.GetHtmlAsync($"/reader/searches/{id}"));
        using (var rename = await client.PostAsync($"/reader/searches/{id}?handler=Rename", [new("Name", "内核安全")], pageToken))
            Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Equal("内核安全", (await app.Get<SavedSearchStore>().GetAsync(ada, id))!.Name);
        Assert.Contains(">内核安全</span>", await client.GetHtmlAsync("/reader"));

        using (var delete = await client.PostAsync($"/reader/searches/{id}?handler=Delete", [], pageToken))
            Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Empty(await app.Get<SavedSearchStore>().ListAsync(ada));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/reader/searches/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_dates_and_missing_names_get_a_clear_error_and_save_nothing()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.SeedFeedAsync("News", [ReaderApp.Entry("n1", "Kernel notes", "<p>kernel</p>", Day)], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        using (var malformed = await client.GetAsync("/reader/search?q=kernel&from=2026-13-45"))
        {
            var html = await malformed.Content.ReadAsStringAsync();
            Assert.Contains("Dates are written as year-month-day", html);
            Assert.Contains("value=\"kernel\"", html); // the words typed are kept
            Assert.Empty(Titles(html));
        }
        Assert.Contains("The start date is after the end date.", await client.GetHtmlAsync("/reader/search?q=kernel&from=2026-11-05&to=2026-11-01"));

        var token = await client.TokenFromAsync("/reader/search?q=kernel");
        using (var noName = await client.PostAsync("/reader/search?handler=Save", [new("q", "kernel"), new("Name", " ")], token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
            Assert.Contains("Give the search words and a name to save it.", await noName.Content.ReadAsStringAsync());
        }
        using (var badDate = await client.PostAsync("/reader/search?handler=Save", [new("q", "kernel"), new("Name", "K"), new("from", "yesterday")], token))
            Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Empty(await app.Get<SavedSearchStore>().ListAsync(ada));
    }
}
