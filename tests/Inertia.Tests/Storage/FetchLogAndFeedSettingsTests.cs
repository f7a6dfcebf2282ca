using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>The fetch log (bounded per feed, scoped by user), entries per week, per-feed settings and the move of a
/// subscription to a private feed row, on both dialects.</summary>
public abstract class FetchLogAndFeedSettingsTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private FetchLogStore Log => new(Db, Options);

    private static FetchLogEntry Fetch(int i, string? error = null) =>
        new(T0.AddMinutes(i), error is null ? 200 : 500, 1000 + i, TimeSpan.FromMilliseconds(10 + i), i % 3, i % 2, error);

    [Fact]
    public async Task Fetch_log_keeps_only_the_newest_fetches_of_each_feed()
    {
        var user = await NewUserAsync();
        var busy = await NewFeedAsync("https://example.org/busy");
        var quiet = await NewFeedAsync("https://example.org/quiet");
        await Subscriptions.SubscribeAsync(user, busy, null, null);
        await Subscriptions.SubscribeAsync(user, quiet, null, null);
        Assert.Equal(20, Log.Size);

        for (var i = 0; i < 27; i++) await Log.AppendAsync(busy, Fetch(i, i == 26 ? "HTTP 500 Internal Server Error" : null));
        for (var i = 0; i < 3; i++) await Log.AppendAsync(quiet, Fetch(i));

        var busyLog = await Log.ListAsync(user, busy);
        Assert.Equal(Enumerable.Range(7, 20).Reverse().Select(i => T0.AddMinutes(i)), busyLog.Select(e => e.FetchedAt));
        Assert.Equal(new FetchLogEntry(T0.AddMinutes(26), 500, 1026, TimeSpan.FromMilliseconds(36), 2, 0, "HTTP 500 Internal Server Error"), busyLog[0]);
        Assert.Equal(Fetch(25), busyLog[1]);
        Assert.Equal(3, (await Log.ListAsync(user, quiet)).Count);

        await using var connection = await Db.OpenAsync();
        Assert.Equal(23, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fetch_log"));

        // Scoped: someone who does not follow the feed sees nothing.
        var other = await NewUserAsync("bob");
        Assert.Empty(await Log.ListAsync(other, busy));
        Assert.Empty(await Log.EntriesPerWeekAsync(other, busy, 8, T0));
    }

    [Fact]
    public async Task Fetch_log_size_comes_from_the_options()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var log = new FetchLogStore(Db, new StorageOptions { FetchLogSize = 3 });
        for (var i = 0; i < 5; i++) await log.AppendAsync(feed, Fetch(i));
        Assert.Equal([4, 3, 2], (await log.ListAsync(user, feed)).Select(e => (int)(e.FetchedAt - T0).TotalMinutes));
    }

    [Fact]
    public async Task Entries_per_week_counts_the_entries_dates_with_empty_weeks()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        // Three entries in the newest week, one two weeks back, one far older than the window.
        await Entries.UpsertAsync(feed, [
            Entry("a", T0.AddDays(-1)), Entry("b", T0.AddDays(-2)), Entry("c", T0.AddDays(-6.5)),
            Entry("d", T0.AddDays(-15)), Entry("old", T0.AddDays(-200)),
        ], T0);

        var weeks = await Log.EntriesPerWeekAsync(user, feed, 4, T0);
        Assert.Equal([0, 1, 0, 3], weeks.Select(w => w.Count));
        Assert.Equal(T0.AddDays(-28), weeks[0].Start);
        Assert.Equal(T0.AddDays(-7), weeks[3].Start);
    }

    [Fact]
    public async Task Moving_to_a_private_feed_keeps_entries_read_and_star_state_and_leaves_others_alone()
    {
        var ada = await NewUserAsync("ada");
        var bob = await NewUserAsync("bob");
        var shared = await NewFeedAsync("https://example.org/members.xml");
        var news = await Subscriptions.GetOrCreateCategoryAsync(ada, "News");
        await Subscriptions.SubscribeAsync(ada, shared, news, "My title");
        await Subscriptions.SubscribeAsync(bob, shared, null, null);
        await Entries.UpsertAsync(shared, Batch(4), T0);
        await Feeds.UpdateSettingsAsync(ada, shared, new FeedSettings { FixedInterval = TimeSpan.FromMinutes(45), FullArticle = true, ArticleSelector = "article" });
        var adaEntries = await Entries.ListAsync(ada, new EntryQuery(FeedId: shared, Limit: 10));
        var starred = adaEntries.Single(e => e.Title == "Title e0").Id;
        var read = adaEntries.Single(e => e.Title == "Title e1").Id;
        await Entries.SetStarredAsync(ada, [starred], true);
        await Entries.SetReadAsync(ada, [read], true);

        var moved = await Subscriptions.MoveToPrivateFeedAsync(ada, shared);
        Assert.NotNull(moved);
        var privateId = moved.Value;
        Assert.NotEqual(shared, privateId);

        var feed = (await Feeds.GetAsync(privateId))!;
        Assert.Equal(("https://example.org/members.xml", ada), (feed.Url, feed.OwnerUserId));
        // Settings without credentials come along; the copy starts without validators and is due now.
        Assert.Equal((TimeSpan.FromMinutes(45), true, "article"), (feed.Settings.FixedInterval, feed.Settings.FullArticle, feed.Settings.ArticleSelector));
        Assert.Null(feed.Etag);

        Assert.Null(await Subscriptions.GetAsync(ada, shared));
        var subscription = (await Subscriptions.GetAsync(ada, privateId))!;
        Assert.Equal(("My title", "News", 3, true), (subscription.Title, subscription.CategoryName, subscription.UnreadCount, subscription.IsPrivate));
        var copied = await Entries.ListAsync(ada, new EntryQuery(FeedId: privateId, Limit: 10));
        Assert.Equal(4, copied.Count);
        Assert.All(copied, e => Assert.DoesNotContain(e.Id, adaEntries.Select(x => x.Id)));
        Assert.True(copied.Single(e => e.Title == "Title e0").IsStarred);
        Assert.True(copied.Single(e => e.Title == "Title e1").IsRead);
        Assert.Equal(4, await Entries.CountUnreadAsync(bob));
        Assert.Equal(3, await Entries.CountUnreadAsync(ada));
        Assert.Empty(await Entries.ListAsync(ada, new EntryQuery(FeedId: shared, Limit: 10)));

        // Bob still follows the shared row, which new subscribers still get; it never holds credentials.
        Assert.Equal(shared, (await Feeds.GetOrCreateAsync("https://example.org/members.xml")).Id);
        Assert.NotNull(await Subscriptions.GetAsync(bob, shared));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Feeds.UpdateSettingsAsync(bob, shared, new FeedSettings { Cookie = "session=bob" }));
        await using (var connection = await Db.OpenAsync())
        {
            var refused = await Record.ExceptionAsync(() =>
                connection.ExecuteAsync("UPDATE feeds SET cookie = 'x' WHERE id = @shared", new { shared }));
            Assert.NotNull(refused); // the schema's CHECK, whatever the code does
        }

        // On the private row the credentials are stored and read back; the record never prints them.
        var secret = new FeedSettings { Cookie = "session=s3cret", Username = "ada", Password = "pa ss", UserAgent = "Custom/1.0", ProxyUrl = "http://u:pw@proxy.example:3128" };
        Assert.True(await Feeds.UpdateSettingsAsync(ada, privateId, secret));
        var stored = (await Feeds.GetAsync(privateId))!;
        Assert.Equal(secret, stored.Settings);
        Assert.DoesNotContain("s3cret", stored.ToString());
        Assert.DoesNotContain("pa ss", stored.ToString());
        Assert.DoesNotContain("pw@", stored.ToString());
        // Bob cannot write settings of Ada's private feed, and moving again is a no-op.
        Assert.False(await Feeds.UpdateSettingsAsync(bob, privateId, new FeedSettings { IgnoreHttpCache = true }));
        Assert.Equal(privateId, await Subscriptions.MoveToPrivateFeedAsync(ada, privateId));
        Assert.Null(await Subscriptions.MoveToPrivateFeedAsync(ada, shared));

        // Bob can have his own private row for the same URL: unique per (url, owner).
        var bobs = await Subscriptions.MoveToPrivateFeedAsync(bob, shared);
        Assert.NotNull(bobs);
        Assert.NotEqual(privateId, bobs);
        Assert.Equal(bob, (await Feeds.GetAsync(bobs.Value))!.OwnerUserId);
    }

    [Fact]
    public async Task Subscribing_again_to_a_feed_kept_privately_changes_nothing()
    {
        var ada = await NewUserAsync("ada");
        var bob = await NewUserAsync("bob");
        var subscriber = new Inertia.Subscriptions.FeedSubscriber(Feeds, Subscriptions);
        var (shared, _) = await subscriber.SubscribeAsync(ada, "https://example.org/members.xml");
        var privateId = (await Subscriptions.MoveToPrivateFeedAsync(ada, shared))!.Value;

        // The add-feed page or an OPML import naming the same URL finds Ada's private copy, not the shared row.
        Assert.Equal((privateId, true), await subscriber.SubscribeAsync(ada, "https://example.org/members.xml"));
        Assert.Equal([privateId], (await Subscriptions.ListAsync(ada)).Select(s => s.FeedId));
        // Bob has no private copy: he follows the shared row.
        Assert.Equal((shared, false), await subscriber.SubscribeAsync(bob, "https://example.org/members.xml"));
    }

    [Fact]
    public async Task A_fixed_interval_pulls_a_later_next_check_forward()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Feeds.RecordNotModifiedAsync(feed, T0, DateTimeOffset.UtcNow.AddDays(3));
        var before = DateTimeOffset.UtcNow;
        Assert.True(await Feeds.UpdateSettingsAsync(user, feed, new FeedSettings { FixedInterval = TimeSpan.FromMinutes(30), IgnoreHttpCache = true }));
        var stored = (await Feeds.GetAsync(feed))!;
        Assert.True(stored.Settings.IgnoreHttpCache);
        Assert.InRange(stored.NextCheckAt, before.AddMinutes(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(30).AddSeconds(1));
        // Someone who does not follow the feed changes nothing.
        var other = await NewUserAsync("mallory");
        Assert.False(await Feeds.UpdateSettingsAsync(other, feed, FeedSettings.None));
        Assert.True((await Feeds.GetAsync(feed))!.Settings.IgnoreHttpCache);
    }

    [Fact]
    public async Task Categories_move_up_and_down()
    {
        var user = await NewUserAsync();
        var a = await Subscriptions.GetOrCreateCategoryAsync(user, "A");
        var b = await Subscriptions.GetOrCreateCategoryAsync(user, "B");
        var c = await Subscriptions.GetOrCreateCategoryAsync(user, "C");
        await Subscriptions.MoveCategoryAsync(user, c, -1);
        Assert.Equal([a, c, b], (await Subscriptions.ListCategoriesAsync(user)).Select(x => x.Id));
        await Subscriptions.MoveCategoryAsync(user, a, +1);
        Assert.Equal([c, a, b], (await Subscriptions.ListCategoriesAsync(user)).Select(x => x.Id));
        await Subscriptions.MoveCategoryAsync(user, c, -1); // already first
        Assert.Equal([c, a, b], (await Subscriptions.ListCategoriesAsync(user)).Select(x => x.Id));
        // Another user's category id is ignored.
        var other = await NewUserAsync("bob");
        await Subscriptions.MoveCategoryAsync(other, b, -1);
        Assert.Equal([c, a, b], (await Subscriptions.ListCategoriesAsync(user)).Select(x => x.Id));
    }

    [Fact]
    public async Task Migration_011_keeps_feeds_entries_subscriptions_and_ids()
    {
        var options = await NewOptionsAsync();
        await using (var db = new Database(options))
            await MigrateAcross011Async(db);
        if (Provider == DatabaseProvider.Postgres)
            await Infrastructure.PostgresServer.Instance.DropDatabaseAsync(options.ConnectionString!);
    }

    private async Task MigrateAcross011Async(Database db)
    {
        await db.MigrateAsync(upTo: 10);
        var user = await new UserStore(db).CreateAsync("old", "h", isAdmin: false);
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO feeds (id, url, next_check_at, created_at, title) VALUES (41, 'https://example.org/a', 0, 0, 'A')");
            await connection.ExecuteAsync("INSERT INTO feeds (id, url, next_check_at, created_at) VALUES (42, 'https://example.org/b', 0, 0)");
            // The newest feed was deleted: its id must not come back.
            await connection.ExecuteAsync("INSERT INTO feeds (id, url, next_check_at, created_at) VALUES (50, 'https://example.org/gone', 0, 0)");
            await connection.ExecuteAsync("DELETE FROM feeds WHERE id = 50");
        }
        await new SubscriptionStore(db).SubscribeAsync(user, 41, null, null);
        // Plain SQL: today's EntryStore writes columns that later migrations add.
        await using (var connection = await db.OpenAsync())
        {
            for (var i = 0; i < 3; i++)
                await connection.ExecuteAsync(
                    "INSERT INTO entries (feed_id, key, title, created_at, changed_at, sort_at, content_hash) VALUES (41, @key, @key, 0, 0, @i, @key)",
                    new { key = $"e{i}", i });
            await connection.ExecuteAsync(
                "INSERT INTO entry_states (user_id, entry_id, feed_id, sort_at) SELECT @user, id, feed_id, sort_at FROM entries WHERE feed_id = 41",
                new { user });
        }

        await db.MigrateAsync();
        var feeds = new FeedStore(db);
        Assert.Equal("A", (await feeds.GetAsync(41))!.Title);
        Assert.Null((await feeds.GetAsync(41))!.OwnerUserId);
        Assert.Equal(3, (await new EntryStore(db).ListAsync(user, new EntryQuery(FeedId: 41, Limit: 10))).Count);
        Assert.NotNull(await new SubscriptionStore(db).GetAsync(user, 41));
        Assert.Equal(41, (await feeds.GetOrCreateAsync("https://example.org/a")).Id);
        // SQLite's AUTOINCREMENT high-water mark survives the table rebuild (PostgreSQL's ALTER keeps its sequence),
        // and the children's foreign keys still point at (and cascade from) the rebuilt table.
        if (Provider == DatabaseProvider.Sqlite)
        {
            Assert.True((await feeds.GetOrCreateAsync("https://example.org/new")).Id > 50);
            await using var connection = await db.OpenAsync();
            foreach (var child in new[] { "entries", "subscriptions", "catalog_feeds", "fetch_log" })
                Assert.Equal("feeds", await connection.ExecuteScalarAsync<string>($"SELECT \"table\" FROM pragma_foreign_key_list('{child}') WHERE \"from\" = 'feed_id'"));
            Assert.Empty(await connection.QueryAsync("PRAGMA foreign_key_check"));
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        }
    }
}

public sealed class SqliteFetchLogAndFeedSettingsTests() : FetchLogAndFeedSettingsTests(DatabaseProvider.Sqlite);
public sealed class PostgresFetchLogAndFeedSettingsTests() : FetchLogAndFeedSettingsTests(DatabaseProvider.Postgres);
