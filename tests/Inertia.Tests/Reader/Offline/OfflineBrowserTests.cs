using Inertia.Tests.Support;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader.Offline;

/// <summary>
/// The service worker in Chromium: it installs and activates, keeps the pages read for offline reading, shows the
/// offline page for the others, forgets everything at sign-out; and the app is installable.
/// </summary>
[Collection(nameof(ReaderBrowser))]
public sealed class OfflineBrowserTests
{
    static OfflineBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    private const string CachedReaderPages = """
        async () => {
          const urls = [];
          for (const name of await caches.keys())
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname + new URL(request.url).search);
          return urls.filter(u => u.startsWith('/reader') && u !== '/reader/offline');
        }
        """;

    [Fact]
    public async Task Pages_read_online_stay_readable_offline_until_sign_out()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var now = DateTimeOffset.UtcNow;
        var (_, ids) = await app.SeedFeedAsync("Offline Journal",
        [
            ReaderApp.Entry("a", "Read on the train", "<p>Kept for the tunnel.</p>", now.AddHours(-1)),
            ReaderApp.Entry("b", "Never opened", "<p>Not kept.</p>", now.AddHours(-2)),
        ], ada);
        var opened = ids[0];
        var unopened = ids[1];
        await using var browser = await Browser.LaunchAsync();
        var context = await browser.Instance.NewContextAsync(new() { BaseURL = app.BaseUri.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.SignInAsync("ada", "right-password-1");

        // Registered by reader.js, installed, activated and in control of the page.
        var state = await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).active.state");
        Assert.Equal("activated", state);
        await page.WaitForFunctionAsync("navigator.serviceWorker.controller !== null");
        Assert.Equal("/sw.js", new Uri(await page.EvaluateAsync<string>("navigator.serviceWorker.controller.scriptURL")).AbsolutePath);

        await page.GotoAsync($"/reader/entries/{opened}");
        await Assertions.Expect(page.GetByTestId("entry-content")).ToContainTextAsync("Kept for the tunnel.");
        await page.WaitForFunctionAsync($"({CachedReaderPages})().then(urls => urls.includes('/reader/entries/{opened}'))");

        await context.SetOfflineAsync(true);
        await page.GotoAsync($"/reader/entries/{opened}");
        await Assertions.Expect(page.GetByTestId("entry-content")).ToContainTextAsync("Kept for the tunnel.");
        // Styled: the stylesheet came from the worker's asset cache.
        Assert.Equal("#b8430f", await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"));
        await page.GotoAsync($"/reader/entries/{unopened}");
        await Assertions.Expect(page.GetByTestId("offline-page")).ToContainTextAsync("You are offline");
        await Assertions.Expect(page.GetByTestId("entry-content")).ToHaveCountAsync(0);

        // Nothing but reader pages read with GET is kept: no sign-in page, no POST, no offline page among them.
        await context.SetOfflineAsync(false);
        await page.GotoAsync("/reader");
        var kept = await page.EvaluateAsync<string[]>(CachedReaderPages);
        Assert.Contains($"/reader/entries/{opened}", kept);
        Assert.DoesNotContain($"/reader/entries/{unopened}", kept);

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/signin**");
        await page.WaitForFunctionAsync($"({CachedReaderPages})().then(urls => urls.length === 0)");
        Assert.Empty(await page.EvaluateAsync<string[]>(CachedReaderPages));

        // Offline again after sign-out: the entry read before is gone, the offline page answers.
        await context.SetOfflineAsync(true);
        await page.GotoAsync($"/reader/entries/{opened}");
        await Assertions.Expect(page.GetByTestId("offline-page")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_session_ended_elsewhere_leaves_no_pages_behind()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Shared Laptop", [ReaderApp.Entry("a", "Private reading", "<p>Mine.</p>", DateTimeOffset.UtcNow)], ada);
        await using var browser = await Browser.LaunchAsync();
        var context = await browser.Instance.NewContextAsync(new() { BaseURL = app.BaseUri.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync("ada", "right-password-1");
        await page.WaitForFunctionAsync("navigator.serviceWorker.controller !== null");
        await page.GotoAsync($"/reader/entries/{ids[0]}");
        await page.WaitForFunctionAsync($"({CachedReaderPages})().then(urls => urls.includes('/reader/entries/{ids[0]}'))");

        // Ended from another browser (settings, "sign out everywhere"): this one is sent to the sign-in page.
        await app.Get<Inertia.Reader.Auth.Sessions>().EndOthersAsync(ada, null, CancellationToken.None);
        await page.GotoAsync("/reader");
        await page.WaitForURLAsync("**/signin**");
        await page.WaitForFunctionAsync($"({CachedReaderPages})().then(urls => urls.length === 0)");

        await context.SetOfflineAsync(true);
        await page.GotoAsync($"/reader/entries/{ids[0]}");
        await Assertions.Expect(page.GetByTestId("offline-page")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task Chromium_finds_the_reader_installable()
    {
        await using var app = await ReaderApp.StartAsync();
        // A profile on disk: Chromium never offers to install from an incognito context, which new contexts are.
        var profile = Directory.CreateTempSubdirectory("inertia-chromium-").FullName;
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
            {
                ExecutablePath = Browser.ChromiumPath, Headless = true, BaseURL = app.BaseUri.ToString(),
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            context.SetDefaultTimeout(60_000);
            var page = context.Pages.FirstOrDefault() ?? await context.NewPageAsync();
            await page.GotoAsync("/signin");
            await page.EvaluateAsync("async () => (await navigator.serviceWorker.ready).active.state");
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("navigator.serviceWorker.controller !== null");

            // Chromium's own check (CDP): manifest fields, icon sizes, a secure origin, a worker with a fetch handler.
            var cdp = await context.NewCDPSessionAsync(page);
            var result = await cdp.SendAsync("Page.getInstallabilityErrors");
            Assert.Equal("[]", result!.Value.GetProperty("installabilityErrors").GetRawText());
            var manifest = await cdp.SendAsync("Page.getAppManifest");
            Assert.Empty(manifest!.Value.GetProperty("errors").EnumerateArray());
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }

    [Fact]
    public async Task The_offline_page_follows_the_readers_language()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.SeedFeedAsync("离线日志", [ReaderApp.Entry("a", "第一篇", "<p>内容</p>", DateTimeOffset.UtcNow)], ada);
        await using var browser = await Browser.LaunchAsync();
        var context = await browser.Instance.NewContextAsync(new() { BaseURL = app.BaseUri.ToString(), Locale = "zh-CN" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.SignInAsync("ada", "right-password-1");
        await page.EvaluateAsync("async () => (await navigator.serviceWorker.ready).active.state");
        await page.WaitForFunctionAsync("navigator.serviceWorker.controller !== null");
        await page.WaitForFunctionAsync("""
            async () => (await (await caches.open('inertia-offline')).match('/reader/offline'))?.headers.get('Content-Language') === 'zh-CN'
            """);

        await context.SetOfflineAsync(true);
        await page.GotoAsync("/reader/settings");
        await Assertions.Expect(page.GetByTestId("offline-page")).ToContainTextAsync("你已离线");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Reading_works_without_JavaScript_with_no_worker()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.SeedFeedAsync("Plain Journal", [ReaderApp.Entry("a", "No script needed", "<p>Plain HTML.</p>", DateTimeOffset.UtcNow)], ada);
        await using var browser = await Browser.LaunchAsync();
        var context = await browser.Instance.NewContextAsync(new() { BaseURL = app.BaseUri.ToString(), JavaScriptEnabled = false });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/reader");
        await page.GetByTestId("signin-username").FillAsync("ada");
        await page.GetByTestId("signin-password").FillAsync("right-password-1");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader");
        await page.GetByTestId("entry-link").First.ClickAsync();
        await page.WaitForURLAsync("**/reader/entries/*");
        await Assertions.Expect(page.GetByTestId("entry-content")).ToContainTextAsync("Plain HTML.");

        // reader.js (which registers the worker) never ran: the page is plain HTML and still works.
        await Assertions.Expect(page.Locator("html")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("has-js"));
        await context.CloseAsync();
    }
}
