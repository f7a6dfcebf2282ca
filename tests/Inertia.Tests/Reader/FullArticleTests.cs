using System.Text;
using Inertia.Html;
using Inertia.Content.FullArticle;
using Inertia.Storage;
using Inertia.Tests.Fetching;
using Inertia.Tests.Storage;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Reader;

/// <summary>Full-article fetch against a real loopback site, through the real guarded HTTP layer, on both dialects.</summary>
public abstract class FullArticleTests(DatabaseProvider provider) : StorageTestBase(provider), IAsyncLifetime
{
    /// <summary>An article page as sites make them: navigation, a long story with a script and relative URLs, a footer.</summary>
    public static string ArticlePage(string title = "The long story") => $$"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>{{title}}</title><script>window.tracker = 1;</script></head>
        <body>
          <nav><a href="/">Home</a> <a href="/about">About</a> <a href="/archive">Archive</a></nav>
          <article class="story">
            <h1>{{title}}</h1>
            <p class="keep">The first paragraph of the full text, which the feed cut short after a sentence or two. It goes on
              for a while, as articles do, so that readability sees a real body of text and not a teaser.</p>
            <script>document.write('injected');</script>
            <p class="keep">A second paragraph with an <a href="/notes/1">internal link</a> and an image:
              <img src="images/figure.png" alt="figure" width="640" height="480"> that should resolve against the page.</p>
            <p>A third paragraph, long enough to count: inertia is the resistance of any physical object to a change in its
              velocity, including changes to the object's speed or direction of motion. It is one of the primary
              manifestations of mass, one of the core properties of physical systems, and the subject of this story.</p>
            <p onclick="alert(1)">The closing paragraph thanks the reader for getting this far and invites them to read on.</p>
          </article>
          <footer>Copyright, newsletter sign-up, cookie banner.</footer>
        </body></html>
        """;

    private LoopbackServer? _site;
    private int _hits;

    private async Task<LoopbackServer> SiteAsync() => _site ??= await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/posts/long-story", () => { Interlocked.Increment(ref _hits); return Results.Content(ArticlePage(), "text/html; charset=utf-8"); });
        app.MapGet("/posts/empty", () => Results.Content("<html><body><nav>Home</nav></body></html>", "text/html"));
        app.MapGet("/posts/file.pdf", () => Results.Bytes("%PDF-1.4"u8.ToArray(), "application/pdf"));
        app.MapGet("/posts/gbk", () => Results.Bytes(
            Encoding.GetEncoding("gbk").GetBytes("<html><body><div id=\"main\"><p>惯性是物体保持运动状态的性质。</p></div></body></html>"), "text/html; charset=gbk"));
        app.MapGet("/posts/missing", () => Results.NotFound());
    });

    static FullArticleTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private FullArticleFetcher NewFetcher(bool allowLoopback = true)
    {
        var services = FetchingTestServices.Create(allowLoopback: allowLoopback);
        return new FullArticleFetcher(Entries, Feeds, new FullArticleStore(Db), services.Fetcher(), new HtmlCleaner(), TimeProvider.System);
    }

    private async Task<(long User, long EntryId)> SeedAsync(string url)
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [new EntryData("k", "k", url, "The long story", null, "<p>The first paragraph…</p>", null, T0, null, [], [], null, null)], T0);
        return (user, (await Entries.ListAsync(user, new EntryQuery(Limit: 1)))[0].Id);
    }

    [Fact]
    public async Task Readability_extracts_the_article_sanitized_with_urls_resolved_and_caches_it()
    {
        var site = await SiteAsync();
        var (user, entryId) = await SeedAsync(site.Url("/posts/long-story"));
        var fetcher = NewFetcher();

        var article = (await fetcher.FetchAsync(user, entryId))!;

        Assert.Contains("The first paragraph of the full text", article.Content);
        Assert.Contains("inertia is the resistance", article.Content);
        Assert.DoesNotContain("<script", article.Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("injected", article.Content);
        Assert.DoesNotContain("onclick", article.Content);
        Assert.DoesNotContain("newsletter", article.Content);
        Assert.Contains($"href=\"{site.BaseUrl}/notes/1\"", article.Content);
        Assert.Contains($"src=\"{site.BaseUrl}/posts/images/figure.png\"", article.Content);
        Assert.Equal(site.Url("/posts/long-story"), article.Url);
        Assert.Equal("", article.Selector);

        // Cached: a second request does not reach the site; the cache is read through the user's own entries only.
        var again = (await fetcher.FetchAsync(user, entryId))!;
        Assert.Equal(article.Content, again.Content);
        Assert.Equal(1, _hits);
        Assert.Equal(article.Content, (await fetcher.GetCachedAsync(user, entryId))!.Content);
        var bob = await NewUserAsync("bob");
        Assert.Null(await fetcher.GetCachedAsync(bob, entryId));
        Assert.Null(await fetcher.FetchAsync(bob, entryId));
        Assert.Equal(1, _hits);

        // An explicit refresh fetches again.
        await fetcher.FetchAsync(user, entryId, refresh: true);
        Assert.Equal(2, _hits);

        // The cached article goes with its entry (retention deletes entries).
        await using (var connection = await Db.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM entries WHERE id = @entryId", new { entryId });
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM entry_full_articles"));
        }
    }

    [Fact]
    public async Task A_css_selector_takes_the_place_of_readability_and_its_errors_are_clear()
    {
        var site = await SiteAsync();
        var (user, entryId) = await SeedAsync(site.Url("/posts/long-story"));
        var fetcher = NewFetcher();

        var article = (await fetcher.FetchAsync(user, entryId, selector: ".story p.keep"))!;
        Assert.Contains("The first paragraph of the full text", article.Content);
        Assert.DoesNotContain("inertia is the resistance", article.Content);
        Assert.Equal(".story p.keep", article.Selector);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(article.Content, "<p>"));

        // Another selector is another extraction: the cache does not answer for it.
        var nested = (await fetcher.FetchAsync(user, entryId, selector: "article, article p"))!;
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(nested.Content, "The closing paragraph")); // nested matches kept once
        Assert.Equal(2, _hits);

        var invalid = await Assert.ThrowsAsync<FullArticleException>(() => fetcher.FetchAsync(user, entryId, selector: "p[[["));
        Assert.Equal(FullArticleProblem.InvalidSelector, invalid.Problem);
        var none = await Assert.ThrowsAsync<FullArticleException>(() => fetcher.FetchAsync(user, entryId, selector: ".nothing-here"));
        Assert.Equal(FullArticleProblem.NothingExtracted, none.Problem);
        Assert.Contains(".nothing-here", none.Message);
        // The last good article stays cached.
        Assert.Equal("article, article p", (await fetcher.GetCachedAsync(user, entryId))!.Selector);
    }

    [Fact]
    public async Task The_charset_of_the_response_is_honoured()
    {
        var site = await SiteAsync();
        var (user, entryId) = await SeedAsync(site.Url("/posts/gbk"));
        var article = (await NewFetcher().FetchAsync(user, entryId, selector: "#main"))!;
        Assert.Contains("惯性是物体保持运动状态的性质。", article.Content);
    }

    [Theory]
    [InlineData("/posts/missing", FullArticleProblem.Unreachable, "HTTP 404")]
    [InlineData("/posts/empty", FullArticleProblem.NothingExtracted, "no article text")]
    [InlineData("/posts/file.pdf", FullArticleProblem.NotAPage, "application/pdf")]
    public async Task Failures_say_why_and_leave_nothing_cached(string path, FullArticleProblem problem, string message)
    {
        var site = await SiteAsync();
        var (user, entryId) = await SeedAsync(site.Url(path));
        var error = await Assert.ThrowsAsync<FullArticleException>(() => NewFetcher().FetchAsync(user, entryId));
        Assert.Equal(problem, error.Problem);
        Assert.Contains(message, error.Message);
        Assert.Null(await new FullArticleStore(Db).GetAsync(user, entryId));
    }

    [Fact]
    public async Task Unreachable_and_private_addresses_fail_through_the_guarded_http_layer()
    {
        var site = await SiteAsync();
        var (user, entryId) = await SeedAsync(site.Url("/posts/long-story"));

        // Without the loopback opt-in, the SSRF guard refuses the address before any request.
        var blocked = await Assert.ThrowsAsync<FullArticleException>(() => NewFetcher(allowLoopback: false).FetchAsync(user, entryId));
        Assert.Equal(FullArticleProblem.Unreachable, blocked.Problem);
        Assert.Equal(0, _hits);

        var (bob, closed) = await SeedOtherAsync("http://127.0.0.1:9/posts/1");
        var refused = await Assert.ThrowsAsync<FullArticleException>(() => NewFetcher().FetchAsync(bob, closed));
        Assert.Equal(FullArticleProblem.Unreachable, refused.Problem);
        Assert.Contains("refused", refused.Message);
    }

    private async Task<(long User, long EntryId)> SeedOtherAsync(string url)
    {
        var user = await NewUserAsync("carol");
        var feed = await NewFeedAsync("https://example.org/carol.xml");
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [new EntryData("c", "c", url, "Closed", null, "<p>teaser</p>", null, T0, null, [], [], null, null)], T0);
        return (user, (await Entries.ListAsync(user, new EntryQuery(Limit: 1)))[0].Id);
    }

    [Fact]
    public async Task An_entry_without_a_web_link_is_refused()
    {
        var (user, entryId) = await SeedAsync("mailto:someone@example.org");
        var error = await Assert.ThrowsAsync<FullArticleException>(() => NewFetcher().FetchAsync(user, entryId));
        Assert.Equal(FullArticleProblem.NoLink, error.Problem);
    }

    [Fact]
    public async Task Feeds_set_to_full_article_get_new_entries_fetched_once_with_their_selector()
    {
        var site = await SiteAsync();
        var user = await NewUserAsync();
        var auto = await NewFeedAsync("https://example.org/auto.xml");
        var plain = await NewFeedAsync("https://example.org/plain.xml");
        await Subscriptions.SubscribeAsync(user, auto, null, null);
        await Subscriptions.SubscribeAsync(user, plain, null, null);
        Assert.True(await Feeds.UpdateSettingsAsync(user, auto, new FeedSettings { FullArticle = true, ArticleSelector = "p.keep" }));
        var now = DateTimeOffset.UtcNow;
        EntryData Linked(string key, string path) => new(key, key, site.Url(path), key, null, "<p>teaser</p>", null, now, null, [], [], null, null);
        await Entries.UpsertAsync(auto, [Linked("story", "/posts/long-story"), Linked("gone", "/posts/missing")], now);
        await Entries.UpsertAsync(plain, [Linked("other", "/posts/long-story")], now);

        var store = new FullArticleStore(Db);
        var worker = new FullArticleAutoFetch(store, NewFetcher(), Microsoft.Extensions.Options.Options.Create(new Inertia.Fetching.FetchingOptions()),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<FullArticleAutoFetch>.Instance);

        Assert.Equal(2, await worker.RunOnceAsync());   // only the feed that asked for it
        var ids = (await Entries.ListAsync(user, new EntryQuery(Limit: 10))).ToDictionary(e => e.Title!, e => e.Id);
        var story = (await store.GetAsync(user, ids["story"]))!;
        Assert.Equal("p.keep", story.Selector);
        Assert.Contains("The first paragraph of the full text", story.Content);
        Assert.DoesNotContain("inertia is the resistance", story.Content); // the selector, not readability
        Assert.Null(await store.GetAsync(user, ids["gone"]));               // a miss shows nothing...
        Assert.Null(await store.GetAsync(user, ids["other"]));

        var hits = _hits;
        Assert.Equal(0, await worker.RunOnceAsync());   // ...and is not tried again
        Assert.Equal(hits, _hits);
    }

    public new async Task DisposeAsync()
    {
        if (_site is not null) await _site.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class SqliteFullArticleTests() : FullArticleTests(DatabaseProvider.Sqlite);
public sealed class PostgresFullArticleTests() : FullArticleTests(DatabaseProvider.Postgres);
