using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Inertia.Feeds.Opml;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader;

/// <summary>OPML import/export, full articles, mark above, keep unread and copy link in headless Chromium.</summary>
[Collection(nameof(ReaderBrowser))]
public sealed class ReadingToolsBrowserTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    static ReadingToolsBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    private static async Task<IPage> SignedInPageAsync(Support.Browser browser, ReaderApp app, bool javaScript = true)
    {
        var context = await browser.Instance.NewContextAsync(new()
        {
            BaseURL = app.BaseUri.ToString(), Locale = "en-US", JavaScriptEnabled = javaScript, AcceptDownloads = true,
            ViewportSize = new() { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync("ada", "right-password-1");
        return page;
    }

    [Fact]
    public async Task Opml_import_with_nested_folders_and_a_bad_entry_then_export_round_trips()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await using var browser = await Support.Browser.LaunchAsync();
        var page = await SignedInPageAsync(browser, app);

        await page.GetByTestId("manage-feeds").ClickAsync();
        await page.GetByTestId("opml-link").ClickAsync();
        await page.WaitForURLAsync("**/reader/opml");
        await page.GetByTestId("opml-file").SetInputFilesAsync(new FilePayload
        {
            Name = "nested.opml", MimeType = "text/x-opml", Buffer = Encoding.UTF8.GetBytes(OpmlHttpTests.NestedOpml),
        });
        await page.GetByTestId("opml-import").ClickAsync();
        await page.WaitForURLAsync("**/reader/opml/imports/*");

        await Assertions.Expect(page.GetByTestId("opml-added")).ToHaveTextAsync("4");
        await Assertions.Expect(page.GetByTestId("opml-existing")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("opml-failed")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("opml-failure")).ToHaveTextAsync(new Regex("ftp://files\\.example/feed\\s*not an http\\(s\\) URL"));
        await Shot(page, "opml-import-summary");

        await page.GotoAsync("/reader/opml");
        await Shot(page, "opml-page");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("opml-export").ClickAsync());
        Assert.Equal("inertia-subscriptions.opml", download.SuggestedFilename);
        var exported = Opml.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));

        // Compared with what was imported: every good feed, under its innermost folder, with its title.
        var imported = Opml.Read(Encoding.UTF8.GetBytes(OpmlHttpTests.NestedOpml)).Feeds()
            .Where(o => o.XmlUrl!.StartsWith("http"))
            .Select(o => (o.XmlUrl, Category: o.CategoryPath.LastOrDefault(), o.DisplayName)).OrderBy(f => f.XmlUrl).ToList();
        var roundTrip = exported.Feeds().Select(o => (o.XmlUrl, Category: o.CategoryPath.LastOrDefault(), o.DisplayName)).OrderBy(f => f.XmlUrl).ToList();
        Assert.Equal(imported, roundTrip);
        Assert.Equal(4, (await app.Get<SubscriptionStore>().ListAsync(ada)).Count);

        // The export imported again: everything is already there.
        await page.GetByTestId("opml-file").SetInputFilesAsync((await download.PathAsync())!);
        await page.GetByTestId("opml-import").ClickAsync();
        await page.WaitForURLAsync("**/reader/opml/imports/*");
        await Assertions.Expect(page.GetByTestId("opml-existing")).ToHaveTextAsync("4");
        await Assertions.Expect(page.GetByTestId("opml-added")).ToHaveTextAsync("0");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_import_status_page_follows_progress_in_place_with_js_and_by_refreshing_without(bool javaScript)
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var db = app.Get<Database>();
        // A job held by "another node" (lease in the future): nothing here runs it, so the test sets its progress.
        long jobId;
        await using (var connection = await db.OpenAsync())
            jobId = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO opml_imports (user_id, file_name, items, total, processed, status, lease_until, created_at)
                VALUES (@ada, 'big.opml', '[]', 1000, 250, 'running', @lease, @now) RETURNING id
                """, new { ada, lease = Micros.From(DateTimeOffset.UtcNow.AddHours(1)), now = Micros.From(DateTimeOffset.UtcNow) });
        await using var browser = await Support.Browser.LaunchAsync();
        var page = await SignedInPageAsync(browser, app, javaScript);

        await page.GotoAsync($"/reader/opml/imports/{jobId}");
        await Assertions.Expect(page.GetByTestId("opml-progress-text")).ToHaveTextAsync("250 of 1000 feeds");
        await Assertions.Expect(page.GetByTestId("opml-progress")).ToHaveAttributeAsync("value", "250");
        await Shot(page, javaScript ? "opml-progress" : "opml-progress-nojs");
        if (javaScript) await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await using (var connection = await db.OpenAsync())
            await connection.ExecuteAsync("UPDATE opml_imports SET processed = 700 WHERE id = @jobId", new { jobId });
        await Assertions.Expect(page.GetByTestId("opml-progress-text")).ToHaveTextAsync("700 of 1000 feeds");

        await using (var connection = await db.OpenAsync())
            await connection.ExecuteAsync(
                """UPDATE opml_imports SET processed = 1000, added = 998, failures = '[{"url":"gopher://old","reason":"not an http(s) URL"}]', existing = 1, status = 'done', finished_at = 1 WHERE id = @jobId""",
                new { jobId });
        await Assertions.Expect(page.GetByTestId("opml-added")).ToHaveTextAsync("998");
        await Assertions.Expect(page.GetByTestId("opml-failure")).ToContainTextAsync("gopher://old");
        // With JS the page was never reloaded: the status block was swapped in place.
        if (javaScript) Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
    }

    [Fact]
    public async Task Full_article_by_keyboard_replaces_the_teaser_in_place_and_f_switches_back()
    {
        await using var site = await LoopbackServer.StartAsync(app =>
            app.MapGet("/posts/long-story", () => Results.Content(FullArticleTests.ArticlePage(), "text/html")));
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Teasers",
        [
            ReaderApp.Entry("story", "The long story", "<p>The first paragraph…</p>", Day, site.Url("/posts/long-story")),
            ReaderApp.Entry("gone", "Gone", "<p>Only a teaser.</p>", Day.AddHours(-1), "http://127.0.0.1:9/gone"),
        ], ada);
        await using var browser = await Support.Browser.LaunchAsync();
        var page = await SignedInPageAsync(browser, app);

        await page.GotoAsync($"/reader/entries/{ids[0]}?in=all");
        var content = page.GetByTestId("entry-content");
        await Assertions.Expect(content).ToHaveTextAsync("The first paragraph…");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await page.PressKeyAsync("f");
        await Assertions.Expect(content).ToContainTextAsync("inertia is the resistance");
        await Assertions.Expect(content).ToHaveAttributeAsync("data-view", "full");
        await Assertions.Expect(content.Locator("script")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        await Shot(page, "full-article-in-place");
        await page.PressKeyAsync("f");
        await Assertions.Expect(content).ToHaveTextAsync("The first paragraph…");
        await page.PressKeyAsync("f");
        await Assertions.Expect(content).ToHaveAttributeAsync("data-view", "full");

        // Reopened: the cached full article is shown at once.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("entry-content")).ToContainTextAsync("inertia is the resistance");
        await Assertions.Expect(page.GetByTestId("show-feed-version")).ToBeVisibleAsync();

        // Unreachable: the reason is shown, the teaser stays.
        await page.GotoAsync($"/reader/entries/{ids[1]}?in=all");
        await page.PressKeyAsync("f");
        await Assertions.Expect(page.GetByTestId("full-article-error")).ToContainTextAsync("The page could not be fetched");
        await Assertions.Expect(page.GetByTestId("entry-content")).ToHaveTextAsync("Only a teaser.");
        await Shot(page, "full-article-error");
    }

    [Fact]
    public async Task Mark_above_keep_unread_and_copy_link_by_keyboard()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feedId, ids) = await app.SeedFeedAsync("Five",
            Enumerable.Range(0, 5).Select(i => ReaderApp.Entry($"e{i}", $"Entry {i}", $"<p>{i}</p>", Day.AddHours(-i))).ToList(), ada);
        await using var browser = await Support.Browser.LaunchAsync();
        var page = await SignedInPageAsync(browser, app);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseUri.GetLeftPart(UriPartial.Authority) });

        await page.GotoAsync($"/reader/feeds/{feedId}");
        var items = page.GetByTestId("entry-item");
        await Assertions.Expect(items).ToHaveCountAsync(5);
        await page.PressKeyAsync("j");
        await page.PressKeyAsync("j");
        await page.PressKeyAsync("j");
        await Assertions.Expect(items.Nth(2)).ToHaveClassAsync(new Regex("is-current"));
        await page.PressKeyAsync("Shift+M");
        await Assertions.Expect(items.Nth(0)).ToHaveClassAsync(new Regex("is-read"));
        await Assertions.Expect(items.Nth(1)).ToHaveClassAsync(new Regex("is-read"));
        await Assertions.Expect(items.Nth(2)).ToHaveClassAsync(new Regex("is-unread"));
        await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator($"[data-unread-feed=\"{feedId}\"]")).ToHaveTextAsync("3");
        await Shot(page, "mark-above");

        // c copies the current entry's link.
        await page.PressKeyAsync("c");
        await Assertions.Expect(items.Nth(2).GetByTestId("item-copy-link")).ToHaveTextAsync("Copied");
        Assert.Equal("https://example.org/e2", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // u keeps the opened entry unread; reopening leaves it unread.
        await page.GotoAsync($"/reader/entries/{ids[3]}?feed={feedId}&in=all");
        await Assertions.Expect(page.GetByTestId("mark-read")).ToHaveAttributeAsync("data-state", "read");
        await page.PressKeyAsync("u");
        await Assertions.Expect(page.GetByTestId("keep-unread")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByTestId("mark-read")).ToHaveAttributeAsync("data-state", "unread");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("keep-unread")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.False((await app.Get<EntryStore>().GetAsync(ada, ids[3]))!.IsRead);

        // ? lists the new shortcuts.
        await page.PressKeyAsync("?");
        await Assertions.Expect(page.GetByTestId("shortcuts-dialog")).ToContainTextAsync("Mark the entries above as read");
        await Assertions.Expect(page.GetByTestId("shortcuts-dialog")).ToContainTextAsync("Fetch full article / switch version");
        await Shot(page, "shortcuts-with-reading-tools");
    }

    /// <summary>Screenshots for review when INERTIA_SCREENSHOTS names a folder (as in BrowserTests).</summary>
    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("INERTIA_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
