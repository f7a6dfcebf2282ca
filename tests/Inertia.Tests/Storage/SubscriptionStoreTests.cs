using Inertia.Storage;

namespace Inertia.Tests.Storage;

public abstract class SubscriptionStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Fact]
    public async Task Subscribing_gives_state_rows_for_entries_the_feed_already_has_and_is_idempotent()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(4), T0);

        await Subscriptions.SubscribeAsync(bob, feed, null, "Bob's");
        Assert.Equal(4, await Entries.CountUnreadAsync(bob));
        await Subscriptions.SubscribeAsync(bob, feed, null, "Changed?");
        Assert.Equal(4, await Entries.CountUnreadAsync(bob));
        var sub = Assert.Single(await Subscriptions.ListAsync(bob));
        Assert.Equal(("Bob's", "https://example.org/feed.xml", 4), (sub.Title, sub.FeedUrl, sub.UnreadCount));
    }

    [Fact]
    public async Task Views_show_title_category_and_health()
    {
        var user = await NewUserAsync();
        var cat = await Subscriptions.GetOrCreateCategoryAsync(user, "科技");
        var feed = await NewFeedAsync();
        await Feeds.RecordSuccessAsync(feed, new FeedMetadata("Feed title", "https://example.org/", null, null, "https://example.org/i.png", null), null, null, T0, T0.AddHours(1));
        await Feeds.RecordFailureAsync(feed, "HTTP 503", T0.AddHours(1), T0.AddHours(2));
        await Subscriptions.SubscribeAsync(user, feed, cat, null);

        var view = (await Subscriptions.GetAsync(user, feed))!;
        Assert.Equal(new SubscriptionView(feed, "Feed title", "https://example.org/feed.xml", "https://example.org/", "https://example.org/i.png",
            cat, "科技", 0, 1, "HTTP 503", T0.AddHours(1), T0.AddHours(2)) { LastSuccessAt = T0, FeedCreatedAt = view.FeedCreatedAt }, view);

        await Subscriptions.UpdateAsync(user, feed, "My title", null);
        view = (await Subscriptions.GetAsync(user, feed))!;
        Assert.Equal(("My title", (long?)null, (string?)null), (view.Title, view.CategoryId, view.CategoryName));
        await Subscriptions.UpdateAsync(user, feed, null, cat);
        view = (await Subscriptions.GetAsync(user, feed))!;
        Assert.Equal(("Feed title", (long?)cat), (view.Title, view.CategoryId));
    }

    [Fact]
    public async Task Subscriptions_and_categories_are_per_user()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var aliceCat = await Subscriptions.GetOrCreateCategoryAsync(alice, "Private");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, aliceCat, null);
        // Bob cannot file his subscription under Alice's category, nor see, rename or delete it.
        await Subscriptions.SubscribeAsync(bob, feed, aliceCat, null);
        Assert.Null((await Subscriptions.GetAsync(bob, feed))!.CategoryId);
        await Subscriptions.UpdateAsync(bob, feed, null, aliceCat);
        Assert.Null((await Subscriptions.GetAsync(bob, feed))!.CategoryId);
        Assert.Empty(await Subscriptions.ListCategoriesAsync(bob));
        await Subscriptions.RenameCategoryAsync(bob, aliceCat, "Hacked");
        await Subscriptions.DeleteCategoryAsync(bob, aliceCat);
        Assert.Equal("Private", Assert.Single(await Subscriptions.ListCategoriesAsync(alice)).Name);
        Assert.Null(await Subscriptions.GetAsync(await NewUserAsync("carol"), feed));
    }

    [Fact]
    public async Task Categories_are_found_case_insensitively_created_at_the_end_renamed_and_deleted()
    {
        var user = await NewUserAsync();
        var news = await Subscriptions.GetOrCreateCategoryAsync(user, "News");
        Assert.Equal(news, await Subscriptions.GetOrCreateCategoryAsync(user, "news"));
        var tech = await Subscriptions.GetOrCreateCategoryAsync(user, "Tech");
        var zh = await Subscriptions.GetOrCreateCategoryAsync(user, "中文");
        Assert.Equal([("News", 0), ("Tech", 1), ("中文", 2)], (await Subscriptions.ListCategoriesAsync(user)).Select(c => (c.Name, c.Position)));
        Assert.NotEqual(news, await Subscriptions.GetOrCreateCategoryAsync(await NewUserAsync("bob"), "News"));

        await Assert.ThrowsAsync<DuplicateException>(() => Subscriptions.RenameCategoryAsync(user, tech, "NEWS"));
        await Subscriptions.RenameCategoryAsync(user, tech, "Technology");

        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, zh, null);
        await Subscriptions.DeleteCategoryAsync(user, zh);
        Assert.Equal(["News", "Technology"], (await Subscriptions.ListCategoriesAsync(user)).Select(c => c.Name));
        var sub = (await Subscriptions.GetAsync(user, feed))!;
        Assert.Null(sub.CategoryId);
    }

    [Fact]
    public async Task Category_totals_and_the_first_feeds_of_a_category_for_an_abridged_sidebar()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync("bob");
        var news = await Subscriptions.GetOrCreateCategoryAsync(alice, "News");
        var feeds = new List<long>();
        foreach (var (title, category) in new[] { ("Delta", (long?)news), ("alpha", news), ("Charlie", news), ("bravo", null), ("Echo", null) })
        {
            var feed = await NewFeedAsync($"https://example.org/{title}.xml");
            await Subscriptions.SubscribeAsync(alice, feed, category, title);
            await Subscriptions.SubscribeAsync(bob, feed, null, null);
            feeds.Add(feed);
        }
        await Entries.UpsertAsync(feeds[0], Batch(3), T0);
        await Entries.UpsertAsync(feeds[3], Batch(2), T0);

        var totals = (await Subscriptions.CategoryTotalsAsync(alice)).OrderBy(t => t.CategoryId ?? 0).ToList();
        Assert.Equal([new CategoryTotals(null, 2, 2), new CategoryTotals(news, 3, 3)], totals);
        Assert.Equal([new CategoryTotals(null, 5, 5)], await Subscriptions.CategoryTotalsAsync(bob));
        Assert.Equal(5, await Subscriptions.CountAsync(alice));

        // The first two of News by title, whatever the case; then the feeds without a category.
        var firstTwo = await Subscriptions.ListInCategoryAsync(alice, news, 2);
        Assert.Equal(["alpha", "Charlie"], firstTwo.Select(f => f.Title).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal([0, 0], firstTwo.Select(f => f.UnreadCount));
        var loose = await Subscriptions.ListInCategoryAsync(alice, null, 10);
        Assert.Equal(["bravo", "Echo"], loose.Select(f => f.Title).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(2, loose.Single(f => f.Title == "bravo").UnreadCount);
        Assert.Empty(await Subscriptions.ListInCategoryAsync(bob, news, 10));
    }

    [Fact]
    public async Task List_groups_by_category_order_then_title()
    {
        var user = await NewUserAsync();
        var b = await Subscriptions.GetOrCreateCategoryAsync(user, "B first");
        var a = await Subscriptions.GetOrCreateCategoryAsync(user, "A second");
        async Task Sub(string title, long? cat) =>
            await Subscriptions.SubscribeAsync(user, await NewFeedAsync($"https://example.org/{title}"), cat, title);
        await Sub("zeta", null);
        await Sub("beta", a);
        await Sub("alpha", a);
        await Sub("Gamma", b);
        await Sub("delta", b);
        Assert.Equal(["delta", "Gamma", "alpha", "beta", "zeta"], (await Subscriptions.ListAsync(user)).Select(s => s.Title));
    }

    [Fact]
    public async Task Entries_follow_their_subscription_when_it_changes_category()
    {
        var user = await NewUserAsync();
        var news = await Subscriptions.GetOrCreateCategoryAsync(user, "News");
        var tech = await Subscriptions.GetOrCreateCategoryAsync(user, "Tech");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, news, null);
        await Entries.UpsertAsync(feed, Batch(2), T0);
        Assert.Equal(2, (await Entries.ListAsync(user, new EntryQuery(CategoryId: news))).Count);

        await Subscriptions.UpdateAsync(user, feed, null, tech);
        await Entries.UpsertAsync(feed, Batch(3), T0); // a new entry after the move lands in Tech too
        Assert.Empty(await Entries.ListAsync(user, new EntryQuery(CategoryId: news)));
        Assert.Equal(3, (await Entries.ListAsync(user, new EntryQuery(EntryFilter.Unread, CategoryId: tech))).Count);
        Assert.Equal(0, await Entries.MarkAllReadAsync(user, new EntryScope(CategoryId: news), T0));
        Assert.Equal(3, await Entries.MarkAllReadAsync(user, new EntryScope(CategoryId: tech), T0));

        await Subscriptions.DeleteCategoryAsync(user, tech);
        Assert.Empty(await Entries.ListAsync(user, new EntryQuery(CategoryId: tech)));
        Assert.Equal(3, (await Entries.ListAsync(user, new EntryQuery())).Count);
    }

    [Fact]
    public async Task Following_again_puts_kept_starred_entries_back_in_the_category()
    {
        var user = await NewUserAsync();
        var news = await Subscriptions.GetOrCreateCategoryAsync(user, "News");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, news, null);
        await Entries.UpsertAsync(feed, Batch(2), T0);
        var starred = (await Entries.ListAsync(user, new EntryQuery()))[0].Id;
        await Entries.SetStarredAsync(user, [starred], true);

        await Subscriptions.UnsubscribeAsync(user, feed);
        Assert.Empty(await Entries.ListAsync(user, new EntryQuery(CategoryId: news)));
        await Subscriptions.SubscribeAsync(user, feed, news, null);
        var inNews = await Entries.ListAsync(user, new EntryQuery(CategoryId: news));
        Assert.Equal(2, inNews.Count);
        Assert.Contains(inNews, e => e.Id == starred && e.IsStarred);
    }

    [Fact]
    public async Task Unsubscribing_keeps_starred_entries_readable_and_drops_the_rest()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(3), T0);
        var ids = (await Entries.ListAsync(user, new EntryQuery())).Select(e => e.Id).ToArray();
        await Entries.SetStarredAsync(user, [ids[0]], true);

        await Subscriptions.UnsubscribeAsync(user, feed);
        Assert.Empty(await Subscriptions.ListAsync(user));
        Assert.Equal(0, await Entries.CountUnreadAsync(user));
        var starred = Assert.Single(await Entries.ListAsync(user, new EntryQuery(EntryFilter.Starred)));
        Assert.Equal(ids[0], starred.Id);
        Assert.NotNull(await Entries.GetAsync(user, ids[0]));
        Assert.Null(await Entries.GetAsync(user, ids[1]));

        // New entries no longer reach the user; following again brings the feed's entries back, the star kept.
        await Entries.UpsertAsync(feed, [Entry("later", T0)], T0);
        Assert.Equal(0, await Entries.CountUnreadAsync(user));
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        Assert.Equal(3, await Entries.CountUnreadAsync(user));
        Assert.True((await Entries.GetAsync(user, ids[0]))!.IsStarred);
    }
}

public sealed class SqliteSubscriptionStoreTests() : SubscriptionStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresSubscriptionStoreTests() : SubscriptionStoreTests(DatabaseProvider.Postgres);
