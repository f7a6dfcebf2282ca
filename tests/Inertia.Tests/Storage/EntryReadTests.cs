using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>Lists, paging, filters, per-user state and isolation.</summary>
public abstract class EntryReadTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Fact]
    public async Task Lists_newest_first_and_keyset_pages_through_everything_once()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        // 25 entries, several sharing a sort time, so paging must tie-break by id.
        var entries = Enumerable.Range(0, 25).Select(i => Entry($"e{i}", T0.AddHours(-(i / 3)))).ToList();
        await Entries.UpsertAsync(feed, entries, T0);

        var seen = new List<EntryListItem>();
        EntryCursor? cursor = null;
        while (true)
        {
            var page = await Entries.ListAsync(user, new EntryQuery(Limit: 7, After: cursor));
            if (page.Count == 0) break;
            Assert.True(page.Count <= 7);
            seen.AddRange(page);
            cursor = new EntryCursor(page[^1].SortAt, page[^1].Id);
        }
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(e => e.SortAt).ThenByDescending(e => e.Id).Select(e => e.Id), seen.Select(e => e.Id));

        var oldest = await Entries.ListAsync(user, new EntryQuery(Limit: 100, OldestFirst: true));
        Assert.Equal(seen.Select(e => e.Id).Reverse(), oldest.Select(e => e.Id));
        var afterOldest = await Entries.ListAsync(user, new EntryQuery(Limit: 100, OldestFirst: true, After: new EntryCursor(oldest[9].SortAt, oldest[9].Id)));
        Assert.Equal(oldest.Skip(10).Select(e => e.Id), afterOldest.Select(e => e.Id));
    }

    [Fact]
    public async Task Undated_entries_list_in_the_documents_order()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("newest"), Entry("middle"), Entry("oldest")], T0);
        await Entries.UpsertAsync(feed, [Entry("newer still"), Entry("newest"), Entry("middle")], T0.AddHours(1));
        Assert.Equal(["newer still", "newest", "middle", "oldest"],
            (await Entries.ListAsync(user, new EntryQuery())).Select(e => e.Title!["Title ".Length..]));
    }

    [Fact]
    public async Task Filters_unread_starred_feed_and_category()
    {
        var user = await NewUserAsync();
        var tech = await Subscriptions.GetOrCreateCategoryAsync(user, "Tech");
        var f1 = await NewFeedAsync("https://one.example.org/feed");
        var f2 = await NewFeedAsync("https://two.example.org/feed");
        var f3 = await NewFeedAsync("https://three.example.org/feed");
        await Subscriptions.SubscribeAsync(user, f1, tech, null);
        await Subscriptions.SubscribeAsync(user, f2, tech, null);
        await Subscriptions.SubscribeAsync(user, f3, null, null);
        await Entries.UpsertAsync(f1, Batch(3, "a"), T0);
        await Entries.UpsertAsync(f2, Batch(3, "b"), T0);
        await Entries.UpsertAsync(f3, Batch(3, "c"), T0);

        var all = await Entries.ListAsync(user, new EntryQuery());
        Assert.Equal(9, all.Count);
        var byKey = all.ToDictionary(e => e.Title!["Title ".Length..], e => e.Id);
        await Entries.SetReadAsync(user, [byKey["a0"], byKey["c0"]], true);
        await Entries.SetStarredAsync(user, [byKey["b1"], byKey["c2"]], true);

        async Task<string[]> Keys(EntryQuery q) =>
            (await Entries.ListAsync(user, q)).Select(e => e.Title!["Title ".Length..]).Order().ToArray();

        Assert.Equal(["a1", "a2", "b0", "b1", "b2", "c1", "c2"], await Keys(new EntryQuery(EntryFilter.Unread)));
        Assert.Equal(["b1", "c2"], await Keys(new EntryQuery(EntryFilter.Starred)));
        Assert.Equal(["a0", "a1", "a2"], await Keys(new EntryQuery(FeedId: f1)));
        Assert.Equal(["a1", "a2"], await Keys(new EntryQuery(EntryFilter.Unread, FeedId: f1)));
        Assert.Equal(["a0", "a1", "a2", "b0", "b1", "b2"], await Keys(new EntryQuery(CategoryId: tech)));
        Assert.Equal(["b1"], await Keys(new EntryQuery(EntryFilter.Starred, CategoryId: tech)));
        Assert.Equal(["c1", "c2"], await Keys(new EntryQuery(EntryFilter.Unread, FeedId: f3)));
    }

    [Fact]
    public async Task Entries_and_state_are_per_user()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var mallory = await NewUserAsync("mallory");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, "Alice's name");
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(2), T0);
        var id = (await Entries.ListAsync(alice, new EntryQuery()))[0].Id;

        Assert.Equal("Alice's name", (await Entries.GetAsync(alice, id))!.FeedTitle);
        Assert.Equal("https://example.org/feed.xml", (await Entries.GetAsync(bob, id))!.FeedTitle);
        Assert.Null(await Entries.GetAsync(mallory, id));
        Assert.Null(await Entries.GetAsync(alice, id + 1000));

        await Entries.SetReadAsync(alice, [id], true);
        await Entries.SetStarredAsync(alice, [id], true);
        // Mallory's writes to an entry she cannot see change nothing for anyone.
        await Entries.SetReadAsync(mallory, [id], false);
        await Entries.SetStarredAsync(mallory, [id], false);
        Assert.Equal((true, true), ((await Entries.GetAsync(alice, id))!.IsRead, (await Entries.GetAsync(alice, id))!.IsStarred));
        Assert.Equal((false, false), ((await Entries.GetAsync(bob, id))!.IsRead, (await Entries.GetAsync(bob, id))!.IsStarred));
        Assert.Equal(1, await Entries.CountUnreadAsync(alice));
        Assert.Equal(2, await Entries.CountUnreadAsync(bob));
        Assert.Equal(0, await Entries.MarkAllReadAsync(mallory, new EntryScope(), T0.AddDays(1)));
        Assert.Equal(2, await Entries.CountUnreadAsync(bob));
    }

    [Fact]
    public async Task Get_many_returns_only_the_users_entries_newest_first()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var mine = await NewFeedAsync("https://mine.example.org/feed");
        var theirs = await NewFeedAsync("https://theirs.example.org/feed");
        await Subscriptions.SubscribeAsync(alice, mine, null, null);
        await Subscriptions.SubscribeAsync(bob, theirs, null, null);
        await Entries.UpsertAsync(mine, Batch(3, "m"), T0);
        await Entries.UpsertAsync(theirs, Batch(2, "t"), T0);
        var aliceIds = (await Entries.ListAsync(alice, new EntryQuery())).Select(e => e.Id).ToList();
        var bobIds = (await Entries.ListAsync(bob, new EntryQuery())).Select(e => e.Id).ToList();

        var views = await Entries.GetManyAsync(alice, [aliceIds[2], bobIds[0], aliceIds[0], 999_999]);
        Assert.Equal([aliceIds[0], aliceIds[2]], views.Select(v => v.Id));
        Assert.Equal("<p>Content of m0</p>", views[0].Content);
        Assert.Empty(await Entries.GetManyAsync(alice, []));
    }

    [Fact]
    public async Task Read_and_star_toggle_both_ways()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(3), T0);
        var ids = (await Entries.ListAsync(user, new EntryQuery())).Select(e => e.Id).ToArray();

        await Entries.SetReadAsync(user, ids, true);
        Assert.Equal(0, await Entries.CountUnreadAsync(user));
        await Entries.SetReadAsync(user, [ids[0]], false);
        Assert.Equal(1, await Entries.CountUnreadAsync(user));
        Assert.False((await Entries.GetAsync(user, ids[0]))!.IsRead);

        await Entries.SetStarredAsync(user, [ids[1], ids[2]], true);
        await Entries.SetStarredAsync(user, [ids[2]], false);
        Assert.Equal([ids[1]], (await Entries.ListAsync(user, new EntryQuery(EntryFilter.Starred))).Select(e => e.Id));
        await Entries.SetReadAsync(user, [], true); // nothing to do, no error
    }

    [Fact]
    public async Task Mark_all_read_honours_scope_and_up_to()
    {
        var user = await NewUserAsync();
        var news = await Subscriptions.GetOrCreateCategoryAsync(user, "News");
        var f1 = await NewFeedAsync("https://one.example.org/feed");
        var f2 = await NewFeedAsync("https://two.example.org/feed");
        var f3 = await NewFeedAsync("https://three.example.org/feed");
        await Subscriptions.SubscribeAsync(user, f1, news, null);
        await Subscriptions.SubscribeAsync(user, f2, null, null);
        await Subscriptions.SubscribeAsync(user, f3, null, null);
        foreach (var (feed, prefix) in new[] { (f1, "a"), (f2, "b"), (f3, "c") })
            await Entries.UpsertAsync(feed, Batch(4, prefix), T0); // published T0-4h … T0-1h

        // Feed scope, only what was there when the user looked (T0 - 2h): 3 of 4.
        Assert.Equal(3, await Entries.MarkAllReadAsync(user, new EntryScope(FeedId: f2), T0.AddHours(-2)));
        Assert.Equal(9, await Entries.CountUnreadAsync(user));
        Assert.Equal(["Title b0"], (await Entries.ListAsync(user, new EntryQuery(EntryFilter.Unread, FeedId: f2))).Select(e => e.Title));

        Assert.Equal(4, await Entries.MarkAllReadAsync(user, new EntryScope(CategoryId: news), T0));
        Assert.Empty(await Entries.ListAsync(user, new EntryQuery(EntryFilter.Unread, FeedId: f1)));
        Assert.Equal(5, await Entries.CountUnreadAsync(user));

        Assert.Equal(5, await Entries.MarkAllReadAsync(user, new EntryScope(), T0));
        Assert.Equal(0, await Entries.CountUnreadAsync(user));
        Assert.Equal(0, await Entries.MarkAllReadAsync(user, new EntryScope(), T0));
    }

    [Fact]
    public async Task Unread_counts_per_user_and_per_feed()
    {
        var user = await NewUserAsync();
        var f1 = await NewFeedAsync("https://one.example.org/feed");
        var f2 = await NewFeedAsync("https://two.example.org/feed");
        await Subscriptions.SubscribeAsync(user, f1, null, null);
        await Subscriptions.SubscribeAsync(user, f2, null, null);
        await Entries.UpsertAsync(f1, Batch(4, "a"), T0);
        await Entries.UpsertAsync(f2, Batch(2, "b"), T0);
        var first = (await Entries.ListAsync(user, new EntryQuery(FeedId: f1)))[0];
        await Entries.SetReadAsync(user, [first.Id], true);

        Assert.Equal(5, await Entries.CountUnreadAsync(user));
        var counts = (await Subscriptions.ListAsync(user)).ToDictionary(s => s.FeedId, s => s.UnreadCount);
        Assert.Equal(3, counts[f1]);
        Assert.Equal(2, counts[f2]);
    }
}

public sealed class SqliteEntryReadTests() : EntryReadTests(DatabaseProvider.Sqlite);
public sealed class PostgresEntryReadTests() : EntryReadTests(DatabaseProvider.Postgres);
