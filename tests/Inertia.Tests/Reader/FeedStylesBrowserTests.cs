using Inertia.Html;
using Inertia.Tests.Support;
using Microsoft.Playwright;

namespace Inertia.Tests.Reader;

/// <summary>
/// What the reader's stylesheet does with the inline styles the sanitizer keeps: feed colours show in the light theme
/// and give way to the reader's in the dark one, and no width or float gets out of the entry's column.
/// </summary>
[Collection(nameof(ReaderBrowser))]
public sealed class FeedStylesBrowserTests
{
    const string Html = "<p><span style=\"color: red; background-color: yellow\">warning</span></p>" +
                        "<table><tr><td bgcolor=\"#000000\">cell</td></tr></table>" +
                        "<div style=\"width: 5000px\">wide</div><div style=\"float: left; height: 3000px; width: 10px\">tall float</div>";

    static FeedStylesBrowserTests() => Assertions.SetDefaultExpectTimeout(20_000);

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Feed_styles_stay_inside_the_entry_and_yield_to_the_dark_theme(string theme)
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        // Stored as the refresh stores it: through the sanitizer.
        var content = new HtmlCleaner().Clean(Html)!;
        Assert.Contains("style=\"color: red; background-color: yellow;\"", content);
        var (_, ids) = await app.SeedFeedAsync("Styles", [ReaderApp.Entry("s", "Styled", content, DateTimeOffset.UtcNow)], ada);
        await using var browser = await Support.Browser.LaunchAsync();
        var context = await browser.Instance.NewContextAsync(new()
        {
            BaseURL = app.BaseUri.ToString(), Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 860 },
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync("ada", "right-password-1");
        await page.GotoAsync($"/reader/entries/{ids[0]}?in=all");
        await Assertions.Expect(page.GetByTestId("entry-content")).ToContainTextAsync("warning");

        var styles = await page.EvaluateAsync<string[]>("""
            () => {
              const content = document.querySelector('[data-testid="entry-content"]');
              const span = content.querySelector('span'), cell = content.querySelector('td');
              return [getComputedStyle(span).color, getComputedStyle(span).backgroundColor, getComputedStyle(cell).backgroundColor,
                      getComputedStyle(content).color];
            }
            """);
        if (theme == "light")
        {
            Assert.Equal(["rgb(255, 0, 0)", "rgb(255, 255, 0)", "rgb(0, 0, 0)"], styles[..3]);
        }
        else
        {
            Assert.Equal(styles[3], styles[0]);
            Assert.Equal("rgba(0, 0, 0, 0)", styles[1]);
            Assert.Equal("rgba(0, 0, 0, 0)", styles[2]);
        }
        var contained = await page.EvaluateAsync<bool>("""
            () => {
              const content = document.querySelector('[data-testid="entry-content"]');
              const box = content.getBoundingClientRect();
              return [...content.querySelectorAll('div')].every(d => {
                const r = d.getBoundingClientRect();
                return r.right <= box.right + 0.5 && r.bottom <= box.bottom + 0.5;
              });
            }
            """);
        Assert.True(contained, "a styled element reaches outside the entry's box");
        await context.CloseAsync();
    }
}
