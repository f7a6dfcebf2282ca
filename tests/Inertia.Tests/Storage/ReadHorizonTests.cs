using Dapper;
using Inertia.Storage;
using Inertia.Storage.ReadState;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inertia.Tests.Storage;

/// <summary>
/// Mark-all-read by read horizons (migration 020): what every reader sees must be what marking each entry would have
/// given, before the sweeper has rewritten the rows behind a horizon, while it does, and after.
/// </summary>
public abstract class ReadHorizonTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private ReadHorizonSweeper Sweeper => new(Db, NullLogger<ReadHorizonSweeper>.Instance);

    private Task<long> SweepAllAsync() => Sweeper.SweepAsync(DateTimeOffset.UtcNow.AddYears(1), default);

    private async Task<long> HorizonCountAsync()
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM read_horizons");
    }

    private async Task<List<long>> UnreadIdsAsync(long user, EntryQuery? query = null) =>
        (await Entries.ListAsync(user, (query ?? new EntryQuery(EntryFilter.Unread)) with { Limit = EntryStore.MaxLimit }))
            .Select(e => e.Id).Order().ToList();

    [Fact]
    public async Task A_mark_writes_a_horizon_per_feed_and_every_reader_sees_the_entries_read()
    {
        var alice = await NewUserAsync();
        var news = await Subscriptions.GetOrCreateCategoryAsync(alice, "News");
        var (f1, f2, other) = (await NewFeedAsync("https://a.example/1"), await NewFeedAsync("https://a.example/2"), await NewFeedAsync("https://a.example/3"));
        await Subscriptions.SubscribeAsync(alice, f1, news, null);
        await Subscriptions.SubscribeAsync(alice, f2, news, null);
        await Subscriptions.SubscribeAsync(alice, other, null, null);
        foreach (var feed in new[] { f1, f2, other })
            await Entries.UpsertAsync(feed, Batch(6), T0);
        var tags = new TagStore(Db);
        var firstOfF1 = (await Entries.ListAsync(alice, new EntryQuery(FeedId: f1))).First().Id;
        var tag = await tags.AddAsync(alice, firstOfF1, "keep");

        // Up to the third newest entry's time: four of each News feed's six entries.
        Assert.Equal(8, await Entries.MarkAllReadAsync(alice, new EntryScope(CategoryId: news), T0.AddHours(-3)));
        Assert.Equal(2, await HorizonCountAsync());
        await using (var connection = await Db.OpenAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM entry_states WHERE is_read = TRUE")); // nothing rewritten yet

        async Task AssertReadAsync()
        {
            Assert.Equal(2 + 2 + 6, await Entries.CountUnreadAsync(alice));
            Assert.Equal([2, 2, 6], (await Subscriptions.ListAsync(alice)).OrderBy(s => s.FeedId).Select(s => s.UnreadCount));
            Assert.Equal(4, (await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread, CategoryId: news))).Count);
            var all = await Entries.ListAsync(alice, new EntryQuery(FeedId: f1));
            Assert.Equal([false, false, true, true, true, true], all.Select(e => e.IsRead));
            Assert.True((await Entries.GetAsync(alice, all[^1].Id))!.IsRead);
            Assert.Equal(all.Take(2).Select(e => e.Id), (await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread, FeedId: f1))).Select(e => e.Id));
            var search = new SearchStore(Db);
            var found = await search.SearchAsync(alice, new SearchQuery("Content", EntryFilter.Unread, FeedId: f1, Limit: 50));
            Assert.Equal(all.Take(2).Select(e => e.Id).Order(), found.Select(h => h.Entry.Id).Order());
            Assert.Equal(1, (await tags.ListAsync(alice)).Single().Unread);
            Assert.Single(await tags.EntriesAsync(alice, tag!.Id, new EntryQuery(EntryFilter.Unread)));
        }
        await AssertReadAsync();
        Assert.Equal(8, await SweepAllAsync());
        Assert.Equal(0, await HorizonCountAsync());
        await AssertReadAsync();
        await using (var connection = await Db.OpenAsync())
            Assert.Equal(8, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entry_states WHERE is_read = TRUE"));
    }

    [Fact]
    public async Task Entries_stored_after_the_mark_stay_unread_even_when_dated_before_it()
    {
        var alice = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(3), T0);
        Assert.Equal(3, await Entries.MarkAllReadAsync(alice, new EntryScope(FeedId: feed), T0));

        // A late arrival published long before the mark's time.
        await Entries.UpsertAsync(feed, [Entry("late", T0.AddDays(-3))], T0.AddHours(1));
        var late = Assert.Single(await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread)));
        Assert.Equal("Title late", late.Title);
        Assert.Equal(1, await Entries.CountUnreadAsync(alice));
        await SweepAllAsync();
        Assert.Equal([late.Id], await UnreadIdsAsync(alice));
        Assert.Equal(1, await Entries.CountUnreadAsync(alice));
    }

    [Fact]
    public async Task An_entry_marked_unread_again_behind_a_horizon_is_unread_and_the_rest_stay_read()
    {
        var alice = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(5), T0);
        var ids = (await Entries.ListAsync(alice, new EntryQuery())).Select(e => e.Id).ToList();
        await Entries.MarkAllReadAsync(alice, new EntryScope(), T0);

        await Entries.SetReadAsync(alice, [ids[2]], read: false);
        Assert.Equal(0, await HorizonCountAsync()); // applied first, then dropped
        Assert.Equal([ids[2]], await UnreadIdsAsync(alice));
        Assert.Equal(1, await Entries.CountUnreadAsync(alice));

        await Entries.MarkAllReadAsync(alice, new EntryScope(), T0);
        await new ReadingStateStore(Db).SetKeepUnreadAsync(alice, ids[4], keep: true);
        Assert.Equal([ids[4]], await UnreadIdsAsync(alice));
        Assert.Equal(1, (await Subscriptions.ListAsync(alice)).Single().UnreadCount);
    }

    [Fact]
    public async Task A_mark_behind_an_existing_horizon_is_applied_row_by_row()
    {
        var alice = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(4), T0);
        Assert.Equal(2, await Entries.MarkAllReadAsync(alice, new EntryScope(FeedId: feed), T0.AddHours(-3)));
        await Entries.UpsertAsync(feed, [Entry("new", T0.AddHours(-10))], T0.AddHours(1));

        // Older time, but a later entry: the horizon cannot grow into it, so the new entry is marked by itself.
        Assert.Equal(1, await Entries.MarkAllReadAsync(alice, new EntryScope(FeedId: feed), T0.AddHours(-5)));
        Assert.Equal(2, (await UnreadIdsAsync(alice)).Count);
        Assert.Equal(2, await Entries.CountUnreadAsync(alice));
        await SweepAllAsync();
        Assert.Equal(2, await Entries.CountUnreadAsync(alice));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM unread_entries"));
    }

    [Fact]
    public async Task Unsubscribing_and_retention_agree_with_the_counters()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync("bob");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(6), T0);
        var oldest = (await Entries.ListAsync(alice, new EntryQuery())).Last().Id;
        await Entries.SetStarredAsync(alice, [oldest], starred: true);
        await Entries.MarkAllReadAsync(alice, new EntryScope(), T0);
        await Entries.MarkAllReadAsync(bob, new EntryScope(), T0);

        // The feed's document now lists only a fresh entry, so retention may take the others: read ones older than
        // a day (keeping none per feed), all of them (read by horizon, not yet rewritten) but the starred one.
        await Entries.UpsertAsync(feed, [Entry("fresh", T0.AddDays(29.5))], T0.AddDays(30));
        var deleted = await new RetentionStore(Db).DeleteExpiredAsync(new RetentionPolicy(ReadDays: 1, UnreadDays: null, KeepPerFeed: 0), T0.AddDays(30));
        Assert.Equal(5, deleted);
        Assert.Equal(1, await Entries.CountUnreadAsync(alice));
        Assert.Equal(1, await Entries.CountUnreadAsync(bob));

        await Subscriptions.UnsubscribeAsync(alice, feed);
        Assert.Equal(0, await Entries.CountUnreadAsync(alice));
        Assert.Equal(1, await Entries.CountUnreadAsync(bob));
        Assert.True((await Entries.GetAsync(alice, oldest))!.IsRead);
        await SweepAllAsync();
        Assert.Equal(0, await HorizonCountAsync());
        Assert.Equal(1, await Entries.CountUnreadAsync(bob));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM unread_entries"),
            await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(unread), 0) FROM unread_counts"));
    }

    /// <summary>
    /// Random refreshes, marks (all, category, feed; earlier and later times), single reads and unreads, "keep unread"
    /// and sweeps, checked after every step against a model that marks entry by entry.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_reader_agrees_with_marking_entry_by_entry(int seed)
    {
        var random = new Random(seed);
        var alice = await NewUserAsync();
        var bob = await NewUserAsync("bob");
        var categoryA = await Subscriptions.GetOrCreateCategoryAsync(alice, "A");
        var categoryB = await Subscriptions.GetOrCreateCategoryAsync(alice, "B");
        var feeds = new List<long>();
        for (var i = 0; i < 4; i++) feeds.Add(await NewFeedAsync($"https://m.example/{i}"));
        // (user, feed) → category, the subscriptions.
        var follows = new Dictionary<(long User, long Feed), long?>
        {
            [(alice, feeds[0])] = categoryA, [(alice, feeds[1])] = categoryA, [(alice, feeds[2])] = categoryB,
            [(alice, feeds[3])] = null, [(bob, feeds[0])] = null, [(bob, feeds[2])] = null,
        };
        foreach (var ((user, feed), category) in follows)
            await Subscriptions.SubscribeAsync(user, feed, category, null);

        var entries = new Dictionary<long, (long Feed, long SortAt)>();
        var read = new Dictionary<(long User, long Entry), bool>();
        var now = T0;
        var keys = 0;

        for (var step = 0; step < 70; step++)
        {
            now = now.AddMinutes(30);
            var users = new[] { alice, bob };
            var user = users[random.Next(2)];
            var mine = read.Keys.Where(k => k.User == user).Select(k => k.Entry).ToList();
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                {
                    var feed = feeds[random.Next(feeds.Count)];
                    var batch = Enumerable.Range(0, random.Next(1, 4))
                        .Select(_ => Entry($"k{keys++}", now.AddHours(-random.Next(0, 72)))).ToList();
                    await Entries.UpsertAsync(feed, batch, now);
                    await using var connection = await Db.OpenAsync();
                    foreach (var (id, sortAt) in await connection.QueryAsync<(long, long)>(
                                 "SELECT id, sort_at FROM entries WHERE feed_id = @feed", new { feed }))
                    {
                        if (!entries.TryAdd(id, (feed, sortAt))) continue;
                        foreach (var u in users.Where(u => follows.ContainsKey((u, feed))))
                            read[(u, id)] = false;
                    }
                    break;
                }
                case 3 or 4 or 5:
                {
                    var scopes = new List<EntryScope> { new(), new(FeedId: feeds[random.Next(feeds.Count)]) };
                    if (user == alice) scopes.AddRange([new(CategoryId: categoryA), new(CategoryId: categoryB)]);
                    var scope = scopes[random.Next(scopes.Count)];
                    var upTo = now.AddHours(-random.Next(0, 60));
                    var expected = read.Where(kv => kv.Key.User == user && !kv.Value && InScope(user, kv.Key.Entry, scope)
                                                    && entries[kv.Key.Entry].SortAt <= Inertia.Storage.Micros.From(upTo))
                        .Select(kv => kv.Key).ToList();
                    Assert.Equal(expected.Count, await Entries.MarkAllReadAsync(user, scope, upTo));
                    foreach (var key in expected) read[key] = true;
                    break;
                }
                case 6 when mine.Count > 0:
                {
                    var pick = mine.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
                    var value = random.Next(2) == 0;
                    await Entries.SetReadAsync(user, pick, value);
                    foreach (var id in pick) read[(user, id)] = value;
                    break;
                }
                case 7 when mine.Count > 0:
                {
                    var id = mine[random.Next(mine.Count)];
                    await new ReadingStateStore(Db).SetKeepUnreadAsync(user, id, keep: true);
                    read[(user, id)] = false;
                    break;
                }
                case 8:
                    await SweepAllAsync();
                    break;
            }
            foreach (var u in users) await AssertAgreesAsync(u);
        }
        await SweepAllAsync();
        Assert.Equal(0, await HorizonCountAsync());
        foreach (var u in new[] { alice, bob }) await AssertAgreesAsync(u);
        await using (var connection = await Db.OpenAsync())
        {
            var stored = (await connection.QueryAsync<(long, long, bool)>("SELECT user_id, entry_id, is_read FROM entry_states"))
                .ToDictionary(r => (r.Item1, r.Item2), r => r.Item3);
            Assert.Equal(read.OrderBy(kv => kv.Key).ToList(), stored.OrderBy(kv => kv.Key).ToList());
        }

        bool InScope(long user, long entry, EntryScope scope) =>
            (scope.FeedId is null || entries[entry].Feed == scope.FeedId)
            && (scope.CategoryId is null || follows[(user, entries[entry].Feed)] == scope.CategoryId);

        async Task AssertAgreesAsync(long u)
        {
            var unread = read.Where(kv => kv.Key.User == u && !kv.Value).Select(kv => kv.Key.Entry).Order().ToList();
            Assert.Equal(unread, await UnreadIdsAsync(u));
            Assert.Equal(unread.Count, await Entries.CountUnreadAsync(u));
            var listed = await Entries.ListAsync(u, new EntryQuery(Limit: EntryStore.MaxLimit));
            Assert.Equal(unread, listed.Where(e => !e.IsRead).Select(e => e.Id).Order());
            foreach (var subscription in await Subscriptions.ListAsync(u))
                Assert.Equal(unread.Count(id => entries[id].Feed == subscription.FeedId), subscription.UnreadCount);
            if (u == alice)
                Assert.Equal(unread.Where(id => follows[(alice, entries[id].Feed)] == categoryA),
                    await UnreadIdsAsync(alice, new EntryQuery(EntryFilter.Unread, CategoryId: categoryA)));

            // Paged in both directions over every scope, in list order: right after a mark these pages are read
            // from above the horizons' floor (ReadHorizons.ScopeFloorAsync).
            var scopes = new List<EntryQuery> { new(EntryFilter.Unread) };
            scopes.AddRange(feeds.Where(f => follows.ContainsKey((u, f))).Select(f => new EntryQuery(EntryFilter.Unread, FeedId: f)));
            if (u == alice) scopes.AddRange([new(EntryFilter.Unread, CategoryId: categoryA), new(EntryFilter.Unread, CategoryId: categoryB)]);
            foreach (var scope in scopes)
            foreach (var oldestFirst in new[] { false, true })
            {
                var expected = unread
                    .Where(id => (scope.FeedId is null || entries[id].Feed == scope.FeedId)
                                 && (scope.CategoryId is null || follows[(u, entries[id].Feed)] == scope.CategoryId))
                    .OrderBy(id => (entries[id].SortAt, id)).ToList();
                if (!oldestFirst) expected.Reverse();
                Assert.Equal(expected, await PagedAsync(u, scope with { OldestFirst = oldestFirst, Limit = 2 }));
            }
        }

        async Task<List<long>> PagedAsync(long u, EntryQuery query)
        {
            var ids = new List<long>();
            while (true)
            {
                var page = await Entries.ListAsync(u, query);
                ids.AddRange(page.Select(e => e.Id));
                if (page.Count < query.Limit) return ids;
                query = query with { After = new EntryCursor(page[^1].SortAt, page[^1].Id) };
            }
        }
    }
}

public sealed class SqliteReadHorizonTests() : ReadHorizonTests(DatabaseProvider.Sqlite);
public sealed class PostgresReadHorizonTests() : ReadHorizonTests(DatabaseProvider.Postgres);
