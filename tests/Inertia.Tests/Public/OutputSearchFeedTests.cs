using System.Net;
using System.Text.RegularExpressions;
using Inertia.Feeds;
using Inertia.Public.Output;
using Inertia.Storage;
using Inertia.Tests.Reader;

namespace Inertia.Tests.Public;

/// <summary>A saved search published as an output feed ("search:&lt;id&gt;"), on both dialects.</summary>
public sealed class OutputSearchFeedTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_search_scope_round_trips()
    {
        Assert.Equal("search:42", OutputScope.Search(42).ToString());
        Assert.Equal(OutputScope.Search(42), OutputScope.Parse("search:42"));
        Assert.Equal(OutputScope.Category(7), OutputScope.Parse("category:7"));
        Assert.Equal(OutputScope.Starred, OutputScope.Parse("starred"));
        Assert.Null(OutputScope.Parse("search:"));
        Assert.Null(OutputScope.Parse("search:-1"));
        Assert.Null(OutputScope.Parse("search:1x"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_saved_search_is_published_privately_in_three_formats_and_can_be_revoked(DatabaseProvider provider)
    {
        await using var host = await SettingsApp.StartAsync(provider);
        var app = host.App;
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        await app.SeedFeedAsync("Advisories",
        [
            ReaderApp.Entry("a", "内核漏洞公告", "<p>kernel 漏洞 details</p>", Day),
            ReaderApp.Entry("b", "Kernel 漏洞 patched", "<p>fixed</p>", Day.AddDays(1)),
            ReaderApp.Entry("c", "Weather", "<p>rain</p>", Day.AddDays(2)),
            ReaderApp.Entry("d", "Old 漏洞", "<p>older</p>", Day.AddDays(-30)),
        ], ada, bob);
        var saved = app.Get<SavedSearchStore>();
        var id = await saved.CreateAsync(ada, "漏洞 this month", new SearchQuery("漏洞", From: Day.AddDays(-1)));
        var bobsId = await saved.CreateAsync(bob, "Bob's", new SearchQuery("漏洞"));
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        // The output-feeds page lists the saved search; Ada cannot publish Bob's.
        var listing = await client.GetHtmlAsync("/output-feeds");
        Assert.Contains($"data-scope=\"search:{id}\"", listing);
        Assert.DoesNotContain($"search:{bobsId}", listing);
        var token = ReaderClient.Token(listing);
        using (var refused = await client.PostAsync("/output-feeds?handler=Create", [new("scope", $"search:{bobsId}")], token))
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using (var created = await client.PostAsync("/output-feeds?handler=Create", [new("scope", $"search:{id}")], token))
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var page = await client.GetHtmlAsync("/output-feeds");
        var urls = Regex.Matches(page, "value=\"(http://[^\"]+/output/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, urls.Count);

        using var reader = new HttpClient(); // no cookies: the token is the credential
        foreach (var url in urls)
        {
            using var response = await reader.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("private", response.Headers.CacheControl!.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var parsed = FeedParser.Parse(bytes, new FeedParseOptions { DocumentUrl = url, ContentType = response.Content.Headers.ContentType?.ToString() });
            Assert.Empty(parsed.Warnings);
            Assert.Equal("Inertia · 漏洞 this month", parsed.Title);
            // Newest first, only the matches inside the saved date range.
            Assert.Equal(["Kernel 漏洞 patched", "内核漏洞公告"], parsed.Entries.Select(e => e.Title));
            if (!url.EndsWith(".json"))
            {
                var py = await PythonFeedparser.ParseAsync(bytes);
                Assert.False(py.GetProperty("bozo").GetBoolean(), py.GetProperty("bozo_exception").GetString());
            }
        }

        // New matching entries appear on the next fetch: the search runs afresh.
        await app.SeedFeedAsync("More", [ReaderApp.Entry("e", "Fresh 漏洞", "<p>new</p>", Day.AddDays(3))], ada);
        var again = FeedParser.Parse(await reader.GetByteArrayAsync(urls[0]), new FeedParseOptions { DocumentUrl = urls[0] });
        Assert.Equal("Fresh 漏洞", again.Entries[0].Title);

        using (var revoked = await client.PostAsync("/output-feeds?handler=Revoke", [new("scope", $"search:{id}")], ReaderClient.Token(page)))
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        foreach (var url in urls)
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(url)).StatusCode);

        // Publishing again and then deleting the saved search also ends the address.
        using (var recreated = await client.PostAsync("/output-feeds?handler=Create", [new("scope", $"search:{id}")], ReaderClient.Token(page)))
            Assert.Equal(HttpStatusCode.Redirect, recreated.StatusCode);
        var fresh = Regex.Match(await client.GetHtmlAsync("/output-feeds"), "value=\"(http://[^\"]+/output/[^\"]+\\.atom)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(fresh)).StatusCode);
        Assert.True(await saved.DeleteAsync(ada, id));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(fresh)).StatusCode);
    }
}
