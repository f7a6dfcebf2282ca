using Inertia.Fetching;
using Inertia.Fetching.Icons;
using Inertia.Tests.Fetching.WebSub;
using Inertia.Tests.Reader;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Inertia.Tests.Fetching.Icons;

/// <summary>The stored icon really paints in Chromium's reader sidebar, under the reader's Content-Security-Policy.</summary>
[Collection(nameof(ReaderBrowser))]
public sealed class IconBrowserTests
{
    [Fact]
    public async Task Sidebar_shows_the_stored_icon_in_Chromium()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed.xml", (HttpContext context) => Results.Text(
                $"""<rss version="2.0"><channel><title>Iconic</title><link>{context.Request.Scheme}://{context.Request.Host}/</link><item><guid>1</guid><title>One</title></item></channel></rss>""",
                "application/rss+xml"));
            app.MapGet("/", () => Results.Content("""<html><head><link rel="icon" href="/icon.png" sizes="32x32"></head></html>""", "text/html"));
            app.MapGet("/icon.png", () => Results.Bytes(png, "image/png"));
        });
        await using var site = await TestSite.StartAsync(publicUrl: false);
        var user = await site.CreateUserAsync("ada", "right-password-1");
        var feedId = await site.FollowAsync(user, server.Url("/feed.xml"));
        Assert.True((await site.Get<FeedRefresher>().RefreshAsync(feedId)).Success);
        Assert.Equal(1, await site.Get<IconRefresher>().RunDueAsync());

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(site.BaseUri, "/reader").ToString());
        await page.GetByTestId("signin-username").FillAsync("ada");
        await page.GetByTestId("signin-password").FillAsync("right-password-1");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader");

        var icon = page.GetByTestId("feed-icon");
        await Assertions.Expect(icon).ToHaveAttributeAsync("src", site.Get<IconDirectory>().Url(feedId)!, new() { Timeout = 30_000 });
        await icon.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=feed-icon]'); return i && i.complete && i.naturalWidth === 1; }");
    }
}
