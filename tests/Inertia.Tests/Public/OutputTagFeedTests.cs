using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Inertia.Feeds;
using Inertia.Public.Output;
using Inertia.Storage;
using Inertia.Tests.Reader;

namespace Inertia.Tests.Public;

/// <summary>A tag published as an output feed ("tag:&lt;id&gt;"), on both dialects.</summary>
public sealed class OutputTagFeedTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_tag_scope_round_trips()
    {
        Assert.Equal("tag:42", OutputScope.Tag(42).ToString());
        Assert.Equal(OutputScope.Tag(42), OutputScope.Parse("tag:42"));
        Assert.NotEqual(OutputScope.Search(42), OutputScope.Parse("tag:42"));
        Assert.Null(OutputScope.Parse("tag:"));
        Assert.Null(OutputScope.Parse("tag:-3"));
        Assert.Null(OutputScope.Parse("tag:7 "));
    }

    private static List<string> FeedUrls(string page, string scope)
    {
        var item = Regex.Match(page, $"<li data-scope=\"{Regex.Escape(scope)}\">(.*?)</form>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Matches(item, "value=\"(http://[^\"]+/output/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_tag_is_published_privately_in_three_formats_that_parse_back_and_can_be_revoked(DatabaseProvider provider)
    {
        await using var host = await SettingsApp.StartAsync(provider);
        var app = host.App;
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var (_, ids) = await app.SeedFeedAsync("安全公告",
        [
            ReaderApp.Entry("a", "内核漏洞 & “fix”", "<p>kernel <b>漏洞</b> details</p>", Day.AddDays(2)),
            ReaderApp.Entry("b", "Weather", "<p>rain</p>", Day.AddDays(1)),
            ReaderApp.Entry("c", "OpenSSL advisory", "<p>update now</p>", Day),
        ], ada, bob);
        var tags = app.Get<TagStore>();
        var bobsTag = (await tags.AddAsync(bob, ids[1], "安全"))!;
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        // Tagged through the reader's own form.
        var entryPage = await client.GetHtmlAsync($"/reader/entries/{ids[0]}?in=all");
        foreach (var id in new[] { ids[0], ids[2] })
            using (var tagged = await client.PostAsync($"/reader/entries/{id}/tags", [new("name", "安全")], ReaderClient.Token(entryPage)))
                Assert.Equal(HttpStatusCode.Redirect, tagged.StatusCode);
        var tag = (await tags.FindAsync(ada, "安全"))!;
        Assert.NotEqual(bobsTag.Id, tag.Id);

        // The output-feeds page lists Ada's tag and not Bob's; Ada cannot publish Bob's.
        var listing = await client.GetHtmlAsync("/output-feeds");
        Assert.Contains($"data-scope=\"tag:{tag.Id}\"", listing);
        Assert.DoesNotContain($"tag:{bobsTag.Id}\"", listing);
        var token = ReaderClient.Token(listing);
        using (var refused = await client.PostAsync("/output-feeds?handler=Create", [new("scope", $"tag:{bobsTag.Id}")], token))
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using (var created = await client.PostAsync("/output-feeds?handler=Create", [new("scope", $"tag:{tag.Id}")], token))
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var page = await client.GetHtmlAsync("/output-feeds");
        var urls = FeedUrls(page, $"tag:{tag.Id}");
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
            Assert.Equal("Inertia · 安全", parsed.Title);
            // Newest first, only the tagged entries; Bob's tag on "Weather" is not Ada's.
            Assert.Equal(["内核漏洞 & “fix”", "OpenSSL advisory"], parsed.Entries.Select(e => e.Title));
            Assert.Equal("https://example.org/a", parsed.Entries[0].Url);
            Assert.Contains("<b>漏洞</b>", parsed.Entries[0].Content);

            if (url.EndsWith(".json"))
            {
                // Debian's feedparser does not read JSON Feed: the JSON Feed 1.1 rules instead.
                var root = JsonDocument.Parse(bytes).RootElement;
                Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
                Assert.Equal(url, root.GetProperty("feed_url").GetString());
                foreach (var item in root.GetProperty("items").EnumerateArray())
                {
                    Assert.Equal(JsonValueKind.String, item.GetProperty("id").ValueKind);
                    Assert.True(item.TryGetProperty("content_html", out _) || item.TryGetProperty("content_text", out _));
                    Assert.Equal(JsonValueKind.Array, item.GetProperty("authors").ValueKind);
                }
                continue;
            }
            var py = await PythonFeedparser.ParseAsync(bytes);
            Assert.False(py.GetProperty("bozo").GetBoolean(), py.GetProperty("bozo_exception").GetString());
            Assert.Equal(url.EndsWith(".rss") ? "rss20" : "atom10", py.GetProperty("version").GetString());
            Assert.Equal("Inertia · 安全", py.GetProperty("title").GetString());
            Assert.Equal(["内核漏洞 & “fix”", "OpenSSL advisory"], py.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
            if (url.EndsWith(".atom"))
            {
                // RFC 4287: id, title and updated on the feed and on each entry, an author, a self link.
                XNamespace a = "http://www.w3.org/2005/Atom";
                var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
                foreach (var required in new[] { "id", "title", "updated" }) Assert.Single(feed.Elements(a + required));
                Assert.Contains(feed.Elements(a + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == url);
                Assert.NotNull(feed.Element(a + "author")?.Element(a + "name"));
                foreach (var entry in feed.Elements(a + "entry"))
                    foreach (var required in new[] { "id", "title", "updated" }) Assert.Single(entry.Elements(a + required));
            }
        }

        // The list follows the tag: an entry untagged leaves the feed on the next fetch.
        Assert.True(await tags.RemoveAsync(ada, ids[2], tag.Id));
        var again = FeedParser.Parse(await reader.GetByteArrayAsync(urls[0]), new FeedParseOptions { DocumentUrl = urls[0] });
        Assert.Equal(["内核漏洞 & “fix”"], again.Entries.Select(e => e.Title));

        // Signed out, the management page shows no addresses: it asks to sign in.
        using (var visitor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseUri })
        using (var anonymous = await visitor.GetAsync("/output-feeds"))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/signin", anonymous.Headers.Location!.OriginalString);
        }

        using (var revoked = await client.PostAsync("/output-feeds?handler=Revoke", [new("scope", $"tag:{tag.Id}")], ReaderClient.Token(page)))
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        foreach (var url in urls)
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(url)).StatusCode);

        // Published again and then the tag deleted: the address ends with it.
        using (var recreated = await client.PostAsync("/output-feeds?handler=Create", [new("scope", $"tag:{tag.Id}")], ReaderClient.Token(page)))
            Assert.Equal(HttpStatusCode.Redirect, recreated.StatusCode);
        var fresh = FeedUrls(await client.GetHtmlAsync("/output-feeds"), $"tag:{tag.Id}")[1];
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(fresh)).StatusCode);
        Assert.True(await tags.DeleteAsync(ada, tag.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task A_tag_token_shows_only_its_owners_tagged_entries()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var (_, shared) = await app.SeedFeedAsync("Shared", [ReaderApp.Entry("s", "Shared entry", "<p>s</p>", Day)], ada, bob);
        var (_, adaOnly) = await app.SeedFeedAsync("Ada's diary", [ReaderApp.Entry("d", "Ada's diary entry", "<p>d</p>", Day.AddHours(1))], ada);
        var tags = app.Get<TagStore>();
        var adaTag = (await tags.AddAsync(ada, adaOnly[0], "read later"))!;
        await tags.AddAsync(ada, shared[0], "read later");
        var bobTag = (await tags.AddAsync(bob, shared[0], "read later"))!;
        var publicStore = app.Get<PublicStore>();
        var bobToken = await publicStore.GetOrCreateTokenAsync(bob, OutputScope.Tag(bobTag.Id).ToString());
        // A token row naming another user's tag (never made by the page, which checks ownership) still shows nothing of hers.
        var forged = await publicStore.GetOrCreateTokenAsync(bob, OutputScope.Tag(adaTag.Id).ToString());

        using var reader = new HttpClient { BaseAddress = app.BaseUri };
        var bobs = FeedParser.Parse(await reader.GetByteArrayAsync($"/output/{bobToken.Token}.atom"), new FeedParseOptions());
        Assert.Equal(["Shared entry"], bobs.Entries.Select(e => e.Title));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/output/{forged.Token}.rss")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/output/{bobToken.Token}.xml")).StatusCode);
    }
}
