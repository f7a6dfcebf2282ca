using System.Text.RegularExpressions;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader;

/// <summary>"Mark as read on scroll" in Chromium: entries scrolled past become read; those still in view do not.</summary>
[Collection(nameof(ReaderBrowser))]
public sealed class SettingsBrowserTests
{
    static SettingsBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Entries_scrolled_past_are_marked_read_in_place()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var day = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        await app.SeedFeedAsync("Long list",
            Enumerable.Range(0, 30).Select(i => ReaderApp.Entry($"e{i:00}", $"Entry {i:00}", "<p>text</p>", day.AddHours(i))).ToList(), ada);
        await app.Get<UserStore>().SetReadingPreferencesAsync(ada, new ReadingPreferences(null, ReadingPreferences.MarkReadOnScroll, "unread", false));

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(width: 1280, height: 700);
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(app.BaseUri, "/signin").ToString());
        await page.GetByTestId("signin-username").FillAsync("ada");
        await page.GetByTestId("signin-password").FillAsync("right-password-1");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader");

        var items = page.GetByTestId("entry-item");
        await Assertions.Expect(items).ToHaveCountAsync(30);
        await Assertions.Expect(items.First).ToHaveClassAsync(new Regex("is-unread"));

        await items.Last.ScrollIntoViewIfNeededAsync();

        // The newest entry (first in the list) scrolled out at the top: read, in place, with the count updated.
        await Assertions.Expect(items.First).ToHaveClassAsync(new Regex("\\bis-read\\b"));
        await Assertions.Expect(page.GetByTestId("unread-count")).Not.ToHaveTextAsync("30");
        Assert.Equal("/reader", new Uri(page.Url).AbsolutePath); // no navigation happened
        var entries = app.Get<EntryStore>();
        var states = await entries.ListAsync(ada, new EntryQuery(Limit: 100));
        Assert.True(states.Single(e => e.Title == "Entry 29").IsRead);
        Assert.False(states.Single(e => e.Title == "Entry 00").IsRead); // the last one is on screen
    }
}
