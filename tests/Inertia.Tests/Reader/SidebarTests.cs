using System.Text.RegularExpressions;
using Inertia.Reader.Pages.Shared.Components.Sidebar;
using Inertia.Storage;

namespace Inertia.Tests.Reader;

/// <summary>
/// A reader of a few feeds sees every feed in the sidebar; a reader of more than
/// <see cref="SidebarViewComponent.ListAllUpTo"/> sees every category with its unread count, and only the feeds of the
/// category being read (at most <see cref="SidebarViewComponent.MaxListed"/>).
/// </summary>
public sealed class SidebarTests
{
    [Fact]
    public async Task A_reader_of_many_feeds_gets_categories_with_counts_and_only_the_open_categorys_feeds()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var subscriptions = app.Get<SubscriptionStore>();
        var big = await subscriptions.GetOrCreateCategoryAsync(ada, "Big");
        var small = await subscriptions.GetOrCreateCategoryAsync(ada, "小类");

        // 230 feeds in "Big", 10 in "小类", 15 without a category; one feed of each group has 3 unread entries.
        async Task<List<long>> FollowAsync(string prefix, int count, long? category)
        {
            var ids = new List<long>();
            for (var i = 0; i < count; i++)
            {
                var entries = i == 0
                    ? Enumerable.Range(0, 3).Select(n => ReaderApp.Entry($"{prefix}-{n}", $"Entry {prefix} {n}", "<p>x</p>", DateTimeOffset.UtcNow.AddHours(-n))).ToList()
                    : [];
                var (feed, _) = await app.SeedFeedAsync($"{prefix} {i:D3}", entries);
                await subscriptions.SubscribeAsync(ada, feed, category, null);
                ids.Add(feed);
            }
            return ids;
        }
        var bigFeeds = await FollowAsync("big", 230, big);
        var smallFeeds = await FollowAsync("small", 10, small);
        var looseFeeds = await FollowAsync("loose", 15, null);
        Assert.True(bigFeeds.Count + smallFeeds.Count + looseFeeds.Count > SidebarViewComponent.ListAllUpTo);

        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        // Not in a category: both categories closed (links with counts), the feeds without a category listed.
        var home = await client.GetHtmlAsync("/reader");
        Assert.Equal(2, Count(home, "data-testid=\"sidebar-category\""));
        Assert.Equal(15, Count(home, "data-testid=\"sidebar-feed\""));
        Assert.Matches($"data-unread-category=\"{big}\"[^>]*>3<", home);
        Assert.Matches($"data-unread-category=\"{small}\"[^>]*>3<", home);
        Assert.Matches("data-unread-total[^>]*>9<", home);
        Assert.DoesNotContain("sidebar-more-feeds", home);

        // In "Big": its first feeds by title, and a link to the rest.
        var inBig = await client.GetHtmlAsync($"/reader/categories/{big}");
        Assert.Equal(SidebarViewComponent.MaxListed + 15, Count(inBig, "data-testid=\"sidebar-feed\""));
        Assert.Contains($"data-feed-id=\"{bigFeeds[0]}\"", inBig);
        Assert.DoesNotContain($"data-feed-id=\"{bigFeeds[^1]}\"", inBig);
        Assert.DoesNotContain($"data-feed-id=\"{smallFeeds[0]}\"", inBig);
        Assert.Contains($"{230 - SidebarViewComponent.MaxListed} more feeds", inBig);

        // Reading a feed opens its category.
        var inSmall = await client.GetHtmlAsync($"/reader/feeds/{smallFeeds[3]}");
        Assert.Equal(10 + 15, Count(inSmall, "data-testid=\"sidebar-feed\""));
        Assert.Contains($"data-feed-id=\"{smallFeeds[3]}\"", inSmall);
        Assert.DoesNotContain($"data-feed-id=\"{bigFeeds[0]}\"", inSmall);
    }

    [Fact]
    public async Task A_reader_of_a_few_feeds_sees_every_feed_with_its_unread_count()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var news = await app.Get<SubscriptionStore>().GetOrCreateCategoryAsync(ada, "News");
        var (first, _) = await app.SeedFeedAsync("First", [ReaderApp.Entry("a", "A", "<p>a</p>", DateTimeOffset.UtcNow)]);
        var (second, _) = await app.SeedFeedAsync("Second",
            [ReaderApp.Entry("b", "B", "<p>b</p>", DateTimeOffset.UtcNow), ReaderApp.Entry("c", "C", "<p>c</p>", DateTimeOffset.UtcNow)]);
        await app.Get<SubscriptionStore>().SubscribeAsync(ada, first, news, null);
        await app.Get<SubscriptionStore>().SubscribeAsync(ada, second, null, null);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var home = await client.GetHtmlAsync("/reader");
        Assert.Equal(2, Count(home, "data-testid=\"sidebar-feed\""));
        Assert.Matches($"data-unread-feed=\"{first}\"[^>]*>1<", home);
        Assert.Matches($"data-unread-feed=\"{second}\"[^>]*>2<", home);
        Assert.Matches($"data-unread-category=\"{news}\"[^>]*>1<", home);
        Assert.Matches("data-unread-total[^>]*>3<", home);
    }

    private static int Count(string html, string marker) => Regex.Matches(html, Regex.Escape(marker)).Count;
}
