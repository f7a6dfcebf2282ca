using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader;

/// <summary>The feed settings form and the health page in headless Chromium.</summary>
[Collection(nameof(ReaderBrowser))]
public sealed class FeedsBrowserTests
{
    static FeedsBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Members Weekly</title><link>http://example.org/</link>
          <item><title>Issue 1</title><link>http://example.org/1</link><guid>1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public async Task Settings_form_and_health_page_in_Chromium()
    {
        var sawCookie = false;
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", (HttpContext context) =>
        {
            // Members only: without the cookie the site answers 401, so the log shows the failure and then the fix.
            if (context.Request.Headers.Cookie != "member=yes") return Results.StatusCode(401);
            sawCookie = true;
            return Results.Content(Rss, "application/rss+xml");
        }));
        await using var app = await ReaderApp.StartAsync("--Fetching:SchedulerEnabled=false");
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var feed = (await app.Get<FeedStore>().GetOrCreateAsync(site.Url("/feed.xml"))).Id;
        await app.Get<SubscriptionStore>().SubscribeAsync(ada, feed, null, "Members Weekly");

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        page.Context.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(app.BaseUri, "/signin").ToString());
        await page.GetByTestId("signin-username").FillAsync("ada");
        await page.GetByTestId("signin-password").FillAsync("right-password-1");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader**");

        // Refresh without the cookie: 401 in the log.
        await page.GotoAsync(new Uri(app.BaseUri, $"/reader/feeds/{feed}/edit").ToString());
        await page.GetByTestId("refresh-feed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash-error")).ToContainTextAsync("401");

        // A bad interval is refused with the field's message; the typed user agent stays.
        await page.GotoAsync(new Uri(app.BaseUri, $"/reader/feeds/{feed}/edit").ToString());
        await page.GetByTestId("setting-interval").FillAsync("every day");
        await page.GetByTestId("setting-user-agent").FillAsync("MemberReader/1.0");
        await page.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-interval")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("setting-user-agent")).ToHaveValueAsync("MemberReader/1.0");

        // Fixed interval and the cookie: the feed becomes private to Ada.
        await page.GetByTestId("setting-interval").FillAsync("60");
        await page.GetByTestId("setting-cookie").FillAsync("member=yes");
        await page.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("private-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("setting-cookie")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("setting-clear-cookie")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("setting-interval")).ToHaveValueAsync("60");
        await Shot(page, "feed-settings-en");

        var healthUrl = page.Url.Split('?')[0].Replace("/edit", "/health");
        Assert.DoesNotContain($"/reader/feeds/{feed}/", healthUrl);
        await page.GetByTestId("refresh-feed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToBeVisibleAsync();
        Assert.True(sawCookie);

        await page.GotoAsync(healthUrl);
        await Assertions.Expect(page.GetByTestId("feed-health-page")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("fetch-log-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("last-status")).ToHaveTextAsync("200");
        await Assertions.Expect(page.GetByTestId("private-feed")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("week-row")).ToHaveCountAsync(12);
        await Shot(page, "feed-health-en");
    }

    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("INERTIA_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
