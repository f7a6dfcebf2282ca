using Inertia.Tests.Support;
using Microsoft.Playwright;

namespace Inertia.Tests.EndToEnd;

/// <summary>
/// The walking skeleton as a new user lives it, in a real Chromium against a real server and a fresh SQLite file:
/// sign in, add a site by its home page URL (the feed is discovered), read the newest entry, mark it, star it.
/// </summary>
public class ReaderInChromiumTests
{
    [Fact]
    public async Task Sign_in_subscribe_through_discovery_and_read_an_entry()
    {
        await using var site = await SampleSite.StartAsync();
        await using var inertia = await InertiaServer.StartAsync();
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();

        // Any page sends a signed-out visitor to the sign-in form.
        await page.GotoAsync(inertia.Url("/reader"));
        Assert.Contains("/signin", page.Url);
        await page.GetByTestId("signin-username").FillAsync(InertiaServer.AdminUser);
        await page.GetByTestId("signin-password").FillAsync(InertiaServer.AdminPassword);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/reader"));

        // Paste the site's home page: discovery finds the feed named in its <link rel="alternate">.
        await page.GotoAsync(inertia.Url("/reader/add"));
        await page.GetByTestId("add-feed-url").FillAsync(site.Url("/"));
        await page.GetByTestId("add-feed-form").GetByTestId("subscribe").ClickAsync();
        if (await page.GetByTestId("candidates-form").CountAsync() > 0)
            await page.GetByTestId("candidates-form").GetByTestId("subscribe").ClickAsync();

        // The feed was fetched at once: its three entries, newest first, all unread.
        await page.GotoAsync(inertia.Url("/reader"));
        var titles = page.GetByTestId("entry-list").GetByTestId("entry-link");
        await Assertions.Expect(titles).ToHaveCountAsync(3);
        Assert.Equal([SampleSite.NewestTitle, SampleSite.MiddleTitle, SampleSite.OldestTitle],
            (await titles.AllInnerTextsAsync()).Select(t => t.Trim()));
        await Assertions.Expect(page.GetByTestId("sidebar-feed").GetByTestId("feed-unread-count")).ToHaveTextAsync("3");

        // Open the newest: its content is there, its hostile markup is not.
        await titles.First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync(SampleSite.NewestTitle);
        var content = page.GetByTestId("entry-content");
        await Assertions.Expect(content).ToContainTextAsync("本周修复了三个漏洞。");
        var html = await content.InnerHTMLAsync();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("onerror", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));

        // "Read original" opens the source without handing it our page.
        var original = page.GetByTestId("read-original");
        Assert.Equal(site.Url("/posts/3"), await original.GetAttributeAsync("href"));
        Assert.Equal("noopener noreferrer", await original.GetAttributeAsync("rel"));

        // Opening it marked it read; toggle back to unread, then star it.
        var markRead = page.GetByTestId("mark-read");
        await Assertions.Expect(markRead).ToHaveAttributeAsync("data-state", "read");
        await Assertions.Expect(page.GetByTestId("sidebar-feed").GetByTestId("feed-unread-count")).ToHaveTextAsync("2");
        await markRead.ClickAsync();
        await Assertions.Expect(markRead).ToHaveAttributeAsync("data-state", "unread");
        await page.GetByTestId("star").ClickAsync();
        await Assertions.Expect(page.GetByTestId("star")).ToHaveAttributeAsync("data-state", "starred");

        // Both were stored, not only shown (reopening the entry would mark it read again, so look at the lists).
        await page.GotoAsync(inertia.Url("/reader/unread"));
        await Assertions.Expect(page.GetByTestId("entry-list").GetByTestId("entry-link")).ToHaveCountAsync(3);
        await page.GotoAsync(inertia.Url("/reader/starred"));
        await Assertions.Expect(page.GetByTestId("entry-list").GetByTestId("entry-link")).ToHaveTextAsync([SampleSite.NewestTitle]);
    }
}
