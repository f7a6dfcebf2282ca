namespace Inertia.Tests.Support;

/// <summary>The browser infrastructure itself: Chromium starts, renders a loopback page, runs its script.</summary>
public class BrowserSmokeTests
{
    [Fact]
    public async Task Chromium_renders_a_loopback_page_with_cjk_text()
    {
        await using var server = await LoopbackServer.ServeAsync(new Dictionary<string, (string, string)>
        {
            ["/"] = ("text/html; charset=utf-8", "<!doctype html><title>惯性聚合</title><p id=x>你好</p><script>document.getElementById('x').dataset.ran='yes'</script>"),
        });
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/"));
        Assert.Equal("惯性聚合", await page.TitleAsync());
        Assert.Equal("yes", await page.GetAttributeAsync("#x", "data-ran"));
        Assert.Equal("你好", await page.InnerTextAsync("#x"));
    }
}
