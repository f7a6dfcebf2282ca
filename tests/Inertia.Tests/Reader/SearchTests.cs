using System.Text.RegularExpressions;

namespace Inertia.Tests.Reader;

public sealed class SearchTests
{
    [Fact]
    public async Task Chinese_words_are_found_highlighted_and_feed_text_stays_encoded()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var day = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        await app.SeedFeedAsync("中文博客",
        [
            ReaderApp.Entry("a", "关于惯性导航的笔记", "<p>惯性导航系统的原理。</p>", day),
            ReaderApp.Entry("b", "<script>alert(1)</script> 惯性", "<p>另一篇</p>", day.AddDays(1)),
            ReaderApp.Entry("c", "天气预报", "<p>明天下雨。</p>", day.AddDays(2)),
        ], ada);
        await app.SeedFeedAsync("Bob only", [ReaderApp.Entry("d", "惯性 for Bob", "<p>private</p>", day)], bob);
        using var client = app.Client("zh-CN");
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var html = await client.GetHtmlAsync("/reader/search?q=" + Uri.EscapeDataString("惯性"));

        var titles = Regex.Matches(html, "data-testid=\"entry-link\">(.*?)</a>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, titles.Count);
        Assert.Contains(titles, t => t.Contains("<mark>惯性</mark>导航"));
        Assert.Contains(titles, t => t.StartsWith("&lt;script&gt;", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("for Bob", html);

        var newest = await client.GetHtmlAsync("/reader/search?order=newest&q=" + Uri.EscapeDataString("惯性") + "&from=2026-11-02");
        Assert.Single(Regex.Matches(newest, "data-testid=\"entry-link\""));
        Assert.Contains("data-testid=\"search-empty\"", await client.GetHtmlAsync("/reader/search?q=" + Uri.EscapeDataString("不存在的词")));
    }
}
