using System.Text.RegularExpressions;
using Inertia.Feeds;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader;

/// <summary>Tags in headless Chromium: tag by keyboard, the sidebar, the tag's list, its output feed, Chinese.</summary>
[Collection(nameof(ReaderBrowser))]
public sealed class TagsBrowserTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    static TagsBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    private static async Task<IPage> SignedInPageAsync(Support.Browser browser, ReaderApp app, string locale = "en-US")
    {
        var context = await browser.Instance.NewContextAsync(new()
        {
            BaseURL = app.BaseUri.ToString(), Locale = locale, ViewportSize = new() { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync("ada", "right-password-1");
        return page;
    }

    [Fact]
    public async Task Tag_by_keyboard_see_it_in_the_sidebar_open_its_list_and_fetch_its_output_feed()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Kernel Notes",
        [
            ReaderApp.Entry("a", "Scheduler rework lands", "<p>The new scheduler.</p>", Day),
            ReaderApp.Entry("b", "内核调度器的新变化", "<p>中文内容。</p>", Day.AddHours(-1)),
            ReaderApp.Entry("c", "Unrelated weather", "<p>Rain.</p>", Day.AddHours(-2)),
        ], ada);
        await using var browser = await Support.Browser.LaunchAsync();
        var page = await SignedInPageAsync(browser, app);

        // t focuses the tag field; Enter adds what was typed ("a, b" is two tags).
        await page.GotoAsync($"/reader/entries/{ids[0]}?in=all");
        await page.PressKeyAsync("t");
        var input = page.GetByTestId("tag-input");
        await Assertions.Expect(input).ToBeFocusedAsync();
        await input.FillAsync("Linux, 稍后读");
        await page.PressKeyAsync("Enter");
        await Assertions.Expect(page.GetByTestId("entry-tag")).ToHaveTextAsync(["Linux×", "稍后读×"]);
        await Assertions.Expect(page.GetByTestId("sidebar-tag")).ToHaveCountAsync(2);
        await Shot(page, "tag-editor-en-light");

        // The second entry, by the button; the field suggests the tags there are.
        await page.GotoAsync($"/reader/entries/{ids[1]}?in=all");
        await Assertions.Expect(page.Locator("#tag-names option")).ToHaveCountAsync(2);
        await page.GetByTestId("tag-input").FillAsync("linux");
        await page.GetByTestId("tag-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-tag")).ToHaveTextAsync(["Linux×"]);
        var linux = page.GetByTestId("sidebar-tag").Filter(new() { HasText = "Linux" });
        await Assertions.Expect(linux.GetByTestId("tag-count")).ToHaveTextAsync("2");

        // A wrong tag is removed with its ×.
        await page.GetByTestId("tag-input").FillAsync("typo");
        await page.GetByTestId("tag-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-tag")).ToHaveCountAsync(2);
        await page.GetByTestId("entry-tag").Filter(new() { HasText = "typo" }).GetByTestId("remove-tag").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-tag")).ToHaveTextAsync(["Linux×"]);

        // The tag itself stays until deleted on its page (after a confirmation).
        var typo = page.GetByTestId("sidebar-tag").Filter(new() { HasText = "typo" });
        await Assertions.Expect(typo.GetByTestId("tag-count")).ToHaveTextAsync("0");
        await typo.ClickAsync();
        await Assertions.Expect(page.GetByTestId("empty-list")).ToBeVisibleAsync();
        await page.GetByTestId("tag-manage").Locator("summary").ClickAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByTestId("delete-tag").ClickAsync();
        await page.WaitForURLAsync("**/reader");
        await Assertions.Expect(page.GetByTestId("flash")).ToHaveTextAsync("Tag deleted.");
        await Assertions.Expect(page.GetByTestId("sidebar-tag")).ToHaveCountAsync(2);

        // The sidebar opens the tag's list: its entries, each with its tags.
        await linux.ClickAsync();
        await page.WaitForURLAsync(new Regex("/reader/tags/\\d+$"));
        await Assertions.Expect(page.GetByTestId("list-heading")).ToHaveTextAsync("Linux");
        await Assertions.Expect(page.GetByTestId("entry-link")).ToHaveTextAsync(["Scheduler rework lands", "内核调度器的新变化"]);
        await Assertions.Expect(page.GetByTestId("entry-item").First.GetByTestId("item-tag")).ToHaveTextAsync(["Linux", "稍后读"]);
        await Assertions.Expect(linux).ToHaveAttributeAsync("aria-current", "page");
        await Shot(page, "tag-en-light");

        // The shortcut list names t.
        await page.PressKeyAsync("?");
        await Assertions.Expect(page.GetByTestId("shortcuts-dialog")).ToContainTextAsync("Add a tag");
        await page.PressKeyAsync("Escape");

        // Publish the tag: its address serves the two entries to a client without cookies.
        await page.GetByTestId("publish-tag").ClickAsync();
        await page.WaitForURLAsync("**/output-feeds");
        var tagId = (await app.Get<TagStore>().FindAsync(ada, "Linux"))!.Id;
        var row = page.Locator($"li[data-scope=\"tag:{tagId}\"]");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(row.Locator("input.pub-url")).ToHaveCountAsync(3);
        var atomUrl = await row.Locator("input.pub-url").Nth(1).InputValueAsync();
        Assert.EndsWith(".atom", atomUrl);
        using var reader = new HttpClient();
        var parsed = FeedParser.Parse(await reader.GetByteArrayAsync(atomUrl), new FeedParseOptions { DocumentUrl = atomUrl });
        Assert.Equal("Inertia · Linux", parsed.Title);
        Assert.Equal(["Scheduler rework lands", "内核调度器的新变化"], parsed.Entries.Select(e => e.Title));

        // In Chinese.
        var zh = await SignedInPageAsync(browser, app, "zh-CN");
        await zh.GotoAsync($"/reader/tags/{tagId}");
        await Assertions.Expect(zh.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(zh.GetByTestId("sidebar")).ToContainTextAsync("标签");
        await Assertions.Expect(zh.GetByTestId("publish-tag")).ToHaveTextAsync("发布为订阅源");
        await Assertions.Expect(zh.GetByTestId("entry-link")).ToHaveCountAsync(2);
        await Shot(zh, "tag-zh-CN-light");
        // Renamed on its page.
        await zh.GetByTestId("tag-manage").Locator("summary").ClickAsync();
        await zh.GetByTestId("rename-tag-name").FillAsync("Linux 内核");
        await zh.GetByTestId("rename-tag").ClickAsync();
        await Assertions.Expect(zh.GetByTestId("flash")).ToHaveTextAsync("标签已重命名。");
        await Assertions.Expect(zh.GetByTestId("list-heading")).ToHaveTextAsync("Linux 内核");
        await zh.GotoAsync($"/reader/entries/{ids[1]}?in=all&tag={tagId}");
        await Assertions.Expect(zh.GetByTestId("tag-add")).ToHaveTextAsync("添加");
        await Assertions.Expect(zh.GetByTestId("entry-tag")).ToHaveTextAsync(["Linux 内核×"]);
    }

    /// <summary>Screenshots for review when INERTIA_SCREENSHOTS names a folder (as in BrowserTests).</summary>
    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("INERTIA_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
