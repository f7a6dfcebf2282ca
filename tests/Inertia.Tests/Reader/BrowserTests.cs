using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader;

/// <summary>Chromium tests run alone: on two cores, parallel servers and browsers make key timing (g then a) unreliable.</summary>
[CollectionDefinition(nameof(ReaderBrowser), DisableParallelization = true)]
public sealed class ReaderBrowser;

/// <summary>The reader in headless Chromium: keyboard, in-place actions, dark mode, Chinese, a phone-sized screen.</summary>
[Collection(nameof(ReaderBrowser))]
public sealed class BrowserTests
{
    // A shared, busy machine can take seconds to paint; waiting longer costs nothing when things are fast.
    static BrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Loopback Journal</title><link>http://example.org/</link>
          <item><title>First light</title><link>http://example.org/1</link><guid>1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;The first entry, in &lt;em&gt;English&lt;/em&gt;.&lt;/p&gt;</description></item>
          <item><title>第二篇：惯性与阅读</title><link>http://example.org/2</link><guid>2</guid><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;中文内容与 Latin text 混排，检查排版。&lt;/p&gt;</description></item>
          <item><title>Third with audio</title><link>http://example.org/3</link><guid>3</guid><pubDate>Wed, 04 Nov 2026 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;An episode.&lt;/p&gt;</description><enclosure url="http://example.org/3.mp3" type="audio/mpeg" length="12345678"/></item>
        </channel></rss>
        """;

    [Fact]
    public async Task Sign_in_subscribe_and_read_by_keyboard_in_Chromium()
    {
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content("""<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>""", "text/html"));
            app.MapGet("/feed.xml", () => Results.Content(Rss, "application/rss+xml"));
        });
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new() { BaseURL = app.BaseUri.ToString(), Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 860 } });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/reader");
        await Shot(page, "signin-en-light");
        await page.GetByTestId("signin-username").FillAsync("ada");
        await page.GetByTestId("signin-password").FillAsync("right-password-1");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader");

        await page.GetByTestId("add-feed").ClickAsync();
        await page.GetByTestId("add-feed-url").FillAsync(site.Url("/"));
        await Shot(page, "add-en-light");
        await page.GetByTestId("subscribe").ClickAsync();
        await page.WaitForURLAsync("**/reader/feeds/*");
        await Assertions.Expect(page.GetByTestId("entry-link")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("3");
        await Shot(page, "feed-en-light");

        // j selects the newest, m marks it read in place (no navigation), s stars it.
        await page.PressKeyAsync("j");
        var first = page.GetByTestId("entry-item").First;
        await Assertions.Expect(first).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-current"));
        await page.PressKeyAsync("m");
        await Assertions.Expect(first).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-read"));
        await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("2");
        await page.PressKeyAsync("s");
        await Assertions.Expect(first.GetByTestId("star")).ToHaveAttributeAsync("aria-pressed", "true");

        // j moves down, o opens; on the entry page j goes to the next entry.
        await page.PressKeyAsync("j");
        await page.PressKeyAsync("o");
        await page.WaitForURLAsync("**/reader/entries/*");
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync("第二篇：惯性与阅读");
        await Assertions.Expect(page.GetByTestId("read-original")).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Shot(page, "entry-en-light");
        await page.PressKeyAsync("j");
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync("First light");
        await page.PressKeyAsync("k");
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync("第二篇：惯性与阅读");
        await page.PressKeyAsync("k");
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync("Third with audio");
        await Assertions.Expect(page.GetByTestId("enclosure-audio")).ToHaveCountAsync(1);

        // ? shows the shortcuts; g then a goes to All.
        await page.PressKeyAsync("?");
        await Assertions.Expect(page.GetByTestId("shortcuts-dialog")).ToBeVisibleAsync();
        await page.PressKeyAsync("Escape");
        await page.PressKeyAsync("g");
        await page.PressKeyAsync("a");
        await page.WaitForURLAsync("**/reader/all");

        // Shift+A marks the list read (after confirming).
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.RunAndWaitForResponseAsync(() => page.PressKeyAsync("Shift+A"), response => response.Url.Contains("/reader/mark-all-read"));
        await Assertions.Expect(page.GetByTestId("unread-count")).ToBeHiddenAsync();

        // / focuses search; a Chinese word finds the Chinese entry.
        await page.PressKeyAsync("/");
        await Assertions.Expect(page.GetByTestId("search-input")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("阅读");
        await page.PressKeyAsync("Enter");
        await page.WaitForURLAsync("**/reader/search?q=*");
        await Assertions.Expect(page.GetByTestId("entry-link")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("entry-link").Locator("mark")).ToHaveTextAsync("阅读");
        await Shot(page, "search-en-light");

        await page.GetByTestId("nav-manage-feeds").ClickAsync();
        await Assertions.Expect(page.GetByTestId("feed-row")).ToHaveCountAsync(1);
        await Shot(page, "feeds-en-light");
    }

    [Fact]
    public async Task Dark_theme_Chinese_interface_and_a_phone_screen()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.SeedFeedAsync("惯性日报", [ReaderApp.Entry("a", "今天的新闻", "<p>正文内容，包含 English words 与中文。</p>", DateTimeOffset.UtcNow.AddHours(-2))], ada);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUri.ToString(), Locale = "zh-CN", ColorScheme = ColorScheme.Dark,
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByTestId("signin-submit")).ToHaveTextAsync("登录");
        await page.GetByTestId("signin-username").FillAsync("ada");
        await page.GetByTestId("signin-password").FillAsync("right-password-1");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(22, 23, 26)", background);

        // One column: the sidebar waits behind the menu button; the page does not scroll sideways.
        await Assertions.Expect(page.GetByTestId("sidebar")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await Shot(page, "unread-zh-dark-phone");
        await page.GetByTestId("menu-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sidebar")).ToBeVisibleAsync();
        await Shot(page, "sidebar-zh-dark-phone");
        await page.GetByTestId("sidebar-feed").ClickAsync();
        await page.GetByTestId("entry-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-content")).ToContainTextAsync("正文内容");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await Shot(page, "entry-zh-dark-phone");

        // An explicit light choice wins over the system's dark.
        await page.GotoAsync("/reader/settings");
        await page.GetByTestId("theme-light").CheckAsync();
        await page.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal("rgb(246, 245, 241)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
    }

    [Fact]
    public async Task Main_pages_render_in_both_languages_and_both_themes()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var now = DateTimeOffset.UtcNow;
        var (feedId, ids) = await app.SeedFeedAsync("少数派 · Notes",
        [
            ReaderApp.Entry("a", "如何在 Linux 上优雅地阅读 RSS", "<p>信息流太多的时候，一个好的阅读器能帮你<strong>专注</strong>。本文介绍几种方法。</p><pre><code>dotnet run --project src/Inertia</code></pre><blockquote>慢慢读。</blockquote>", now.AddMinutes(-30)),
            ReaderApp.Entry("b", "Reading feeds without the noise", "<p>A reader needs no SPA. Pages load fast and work without JavaScript.</p>", now.AddHours(-5)),
            ReaderApp.Entry("c", "مرحبا بالعالم", "<p>نص عربي من اليمين إلى اليسار.</p>", now.AddDays(-2)),
        ], ada);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });

        foreach (var (locale, lang) in new[] { ("en-US", "en"), ("zh-CN", "zh-CN") })
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var context = await browser.NewContextAsync(new()
            {
                BaseURL = app.BaseUri.ToString(), Locale = locale, ColorScheme = scheme, ViewportSize = new() { Width = 1400, Height = 900 },
            });
            context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
            var name = $"{lang}-{(scheme == ColorScheme.Dark ? "dark" : "light")}";
            await page.GotoAsync("/signin");
            await Shot(page, $"signin-{name}");
            await page.GetByTestId("signin-username").FillAsync("ada");
            await page.GetByTestId("signin-password").FillAsync("right-password-1");
            await page.GetByTestId("signin-submit").ClickAsync();
            await page.WaitForURLAsync("**/reader");

            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            var dark = await page.EvaluateAsync<bool>("matchMedia('(prefers-color-scheme: dark)').matches && getComputedStyle(document.body).backgroundColor === 'rgb(22, 23, 26)'");
            Assert.Equal(scheme == ColorScheme.Dark, dark);
            await Assertions.Expect(page.GetByTestId("entry-link")).ToHaveCountAsync(3);
            await Shot(page, $"unread-{name}");
            await page.GotoAsync($"/reader/entries/{ids[0]}?in=all");
            await Assertions.Expect(page.GetByTestId("entry-content")).ToBeVisibleAsync();
            await Shot(page, $"entry-{name}");
            await page.GotoAsync("/reader/add");
            await Shot(page, $"add-{name}");
            await page.GotoAsync("/reader/feeds");
            await Assertions.Expect(page.GetByTestId("feed-row")).ToHaveCountAsync(1);
            await Shot(page, $"feeds-{name}");
            await page.GotoAsync("/reader/settings");
            await Shot(page, $"settings-{name}");
            // Opening the entry marked it read; leave the next context with three unread entries again.
            await app.Get<Inertia.Storage.EntryStore>().SetReadAsync(ada, ids, false);
            await context.CloseAsync();
        }
        Assert.True(feedId > 0);
    }

    /// <summary>Screenshots for people, written only when INERTIA_SCREENSHOTS names a folder.</summary>
    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("INERTIA_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
