using System.Text;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader.Offline;

/// <summary>
/// The pages added after the first screenshots (OPML import, feed health, feed settings, search with saved searches,
/// settings with sessions, the offline page) in English and Chinese, light and dark: each shows its content in the
/// right language; screenshots go to the folder INERTIA_SCREENSHOTS names (README, docs/screenshots).
/// </summary>
[Collection(nameof(ReaderBrowser))]
public sealed class NewerPagesBrowserTests
{
    static NewerPagesBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Newer_pages_in_both_languages_and_both_themes()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var now = DateTimeOffset.UtcNow;
        var (feed, _) = await app.SeedFeedAsync("Loopback Journal",
        [
            ReaderApp.Entry("a", "Keyset pagination, explained", "<p>Reading lists page by keys, not offsets.</p>", now.AddHours(-1)),
            ReaderApp.Entry("b", "惯性阅读：离线也能读", "<p>读过的文章离线时仍可阅读。</p>", now.AddHours(-3)),
            ReaderApp.Entry("c", "Pagination in SQLite", "<p>Keys again.</p>", now.AddHours(-5)),
        ], ada);
        await app.Get<SavedSearchStore>().CreateAsync(ada, "Pagination", new SearchQuery("pagination"));
        await using var browser = await Browser.LaunchAsync();

        string? importPath = null;
        foreach (var (locale, lang, scheme) in new[]
                 {
                     ("en-US", "en", ColorScheme.Light), ("en-US", "en", ColorScheme.Dark),
                     ("zh-CN", "zh-CN", ColorScheme.Light), ("zh-CN", "zh-CN", ColorScheme.Dark),
                 })
        {
            var name = $"{lang}-{(scheme == ColorScheme.Dark ? "dark" : "light")}";
            var zh = lang == "zh-CN";
            var context = await browser.Instance.NewContextAsync(new()
            {
                BaseURL = app.BaseUri.ToString(), Locale = locale, ColorScheme = scheme, ViewportSize = new() { Width = 1280, Height = 860 },
            });
            context.SetDefaultTimeout(60_000);
            context.SetDefaultNavigationTimeout(60_000);
            var page = await context.NewPageAsync();
            await page.SignInAsync("ada", "right-password-1");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);

            if (importPath is null)
            {
                await page.GotoAsync("/reader/opml");
                await page.GetByTestId("opml-file").SetInputFilesAsync(new FilePayload
                {
                    Name = "subscriptions.opml", MimeType = "text/x-opml", Buffer = Encoding.UTF8.GetBytes(OpmlHttpTests.NestedOpml),
                });
                await page.GetByTestId("opml-import").ClickAsync();
                await page.WaitForURLAsync("**/reader/opml/imports/*");
                importPath = new Uri(page.Url).AbsolutePath;
            }
            await page.GotoAsync(importPath);
            await Assertions.Expect(page.GetByTestId("opml-added")).ToHaveTextAsync("4");
            await Shot(page, $"opml-import-{name}");

            await page.GotoAsync($"/reader/feeds/{feed}/health");
            await Assertions.Expect(page.GetByTestId("feed-health-page")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("week-row")).ToHaveCountAsync(12);
            await Shot(page, $"feed-health-{name}");

            await page.GotoAsync($"/reader/feeds/{feed}/edit");
            await Assertions.Expect(page.GetByTestId("setting-interval")).ToBeVisibleAsync();
            await Shot(page, $"feed-edit-{name}");

            await page.GotoAsync("/reader/search?q=pagination");
            await Assertions.Expect(page.GetByTestId("search-page")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("saved-searches")).ToContainTextAsync("Pagination");
            await Assertions.Expect(page.Locator("[data-testid=search-page] mark").First).ToBeVisibleAsync();
            await Shot(page, $"search-{name}");

            await page.GotoAsync("/reader/settings");
            await Assertions.Expect(page.GetByTestId("session")).Not.ToHaveCountAsync(0);
            await page.GetByTestId("sessions").ScrollIntoViewIfNeededAsync();
            await Shot(page, $"settings-sessions-{name}");

            await page.GotoAsync("/reader/offline");
            await Assertions.Expect(page.GetByTestId("offline-page")).ToContainTextAsync(zh ? "你已离线" : "You are offline");
            await Shot(page, $"offline-{name}");
            await context.CloseAsync();
        }
    }

    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("INERTIA_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
