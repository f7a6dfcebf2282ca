using Dapper;
using Inertia.Storage;
using Inertia.Storage.ReadState;

namespace Inertia.Tests.Storage;

/// <summary>
/// Migration 018: unread lists read unread_entries, which triggers keep equal to the entry_states rows with
/// is_read = FALSE whatever writes entry_states (the stores here, other code, plain SQL). Migration 019: unread counts
/// read unread_counts, which triggers on unread_entries keep equal to its rows per user and feed that no read horizon
/// covers (migration 020).
/// </summary>
public abstract class UnreadEntriesTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string StateUnread =
        "SELECT user_id, entry_id, feed_id, category_id, sort_at FROM entry_states WHERE is_read = FALSE ORDER BY user_id, entry_id";
    private const string TableUnread =
        "SELECT user_id, entry_id, feed_id, category_id, sort_at FROM unread_entries ORDER BY user_id, entry_id";

    private static async Task AssertInStepAsync(Database db)
    {
        await using var connection = await db.OpenAsync();
        var expected = (await connection.QueryAsync<(long, long, long, long?, long)>(StateUnread)).ToList();
        var actual = (await connection.QueryAsync<(long, long, long, long?, long)>(TableUnread)).ToList();
        Assert.Equal(expected, actual);

        var counted = (await connection.QueryAsync<(long, long, long)>(
            $"SELECT user_id, feed_id, COUNT(*) FROM unread_entries u WHERE NOT {ReadHorizons.Covered("u")} GROUP BY user_id, feed_id ORDER BY user_id, feed_id")).ToList();
        var kept = (await connection.QueryAsync<(long, long, long)>(
            "SELECT user_id, feed_id, unread FROM unread_counts WHERE unread <> 0 ORDER BY user_id, feed_id")).ToList();
        Assert.Equal(counted, kept);
    }

    [Fact]
    public async Task The_unread_table_follows_every_change_of_the_read_state()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync("bob");
        var feed = await NewFeedAsync();
        var news = await Subscriptions.GetOrCreateCategoryAsync(alice, "News");
        var later = await Subscriptions.GetOrCreateCategoryAsync(alice, "Later");
        await Subscriptions.SubscribeAsync(alice, feed, news, null);
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(8), T0);
        await AssertInStepAsync(Db);
        var ids = (await Entries.ListAsync(alice, new EntryQuery())).Select(e => e.Id).ToList();
        Assert.Equal(8, await Entries.CountUnreadAsync(alice));

        await Entries.SetReadAsync(alice, [ids[0], ids[1], ids[2]], read: true);
        await AssertInStepAsync(Db);
        await Entries.SetReadAsync(alice, [ids[1]], read: false);
        await AssertInStepAsync(Db);
        Assert.Equal(6, await Entries.CountUnreadAsync(alice));
        Assert.Equal(8, await Entries.CountUnreadAsync(bob));

        // Moving the subscription moves its unread entries to the other category's list.
        await Subscriptions.UpdateAsync(alice, feed, null, later);
        await AssertInStepAsync(Db);
        Assert.Empty(await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread, CategoryId: news)));
        Assert.Equal(6, (await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread, CategoryId: later))).Count);

        var reading = new ReadingStateStore(Db);
        await reading.SetKeepUnreadAsync(alice, ids[0], keep: true);
        await AssertInStepAsync(Db);
        Assert.Equal(7, (await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread, FeedId: feed))).Count);

        // Up to the fourth newest entry's time: ids[3..7], all unread, are marked; ids[0] (kept) and ids[1] stay.
        Assert.Equal(5, await Entries.MarkAllReadAsync(alice, new EntryScope(CategoryId: later), T0.AddHours(-4)));
        await AssertInStepAsync(Db);
        Assert.Equal([ids[0], ids[1]], (await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread))).Select(e => e.Id));

        await Entries.SetStarredAsync(alice, [ids[0]], starred: true);
        await Subscriptions.UnsubscribeAsync(alice, feed);
        await AssertInStepAsync(Db);
        Assert.Equal(0, await Entries.CountUnreadAsync(alice));
        Assert.Equal(8, await Entries.CountUnreadAsync(bob));

        // Plain SQL on entry_states (what other code may do) is followed too, and so is deleting entries.
        await using (var connection = await Db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE entry_states SET is_read = TRUE WHERE user_id = @bob AND entry_id = @id", new { bob, id = ids[5] });
            await connection.ExecuteAsync("DELETE FROM entries WHERE id = @id", new { id = ids[6] });
        }
        await AssertInStepAsync(Db);
        Assert.Equal(6, await Entries.CountUnreadAsync(bob));
        Assert.Equal(6, (await Subscriptions.ListAsync(bob)).Single().UnreadCount);

        // Deleting a user takes their counters with them.
        await using (var connection = await Db.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM users WHERE id = @bob", new { bob });
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM unread_counts WHERE user_id = @bob", new { bob }));
        }
        await AssertInStepAsync(Db);
    }

    [Fact]
    public async Task Counters_follow_refreshes_and_mark_read_across_many_feeds_and_users()
    {
        var users = new[] { await NewUserAsync(), await NewUserAsync("bob"), await NewUserAsync("carol") };
        var feeds = new List<long>();
        for (var i = 0; i < 6; i++)
            feeds.Add(await NewFeedAsync($"https://example.org/{i}.xml"));
        var shared = await Subscriptions.GetOrCreateCategoryAsync(users[0], "Shared");
        foreach (var (user, u) in users.Select((user, u) => (user, u)))
            foreach (var feed in feeds.Where((_, i) => i % (u + 1) == 0))
                await Subscriptions.SubscribeAsync(user, feed, user == users[0] ? shared : null, null);
        foreach (var feed in feeds)
            await Entries.UpsertAsync(feed, Batch(5), T0);
        await AssertInStepAsync(Db);
        Assert.Equal(30, await Entries.CountUnreadAsync(users[0]));
        Assert.Equal([5, 5, 5, 5, 5, 5], (await Subscriptions.ListAsync(users[0])).Select(s => s.UnreadCount));

        Assert.Equal(30, await Entries.MarkAllReadAsync(users[0], new EntryScope(CategoryId: shared), T0));
        await AssertInStepAsync(Db);
        Assert.Equal(0, await Entries.CountUnreadAsync(users[0]));
        Assert.Equal(15, await Entries.CountUnreadAsync(users[1]));

        // New entries after the mark count again; a subscriber added later gets the feed's entries as unread.
        foreach (var feed in feeds)
            await Entries.UpsertAsync(feed, Batch(7), T0.AddHours(1));
        await Subscriptions.SubscribeAsync(users[2], feeds[1], null, null);
        await AssertInStepAsync(Db);
        Assert.Equal(12, await Entries.CountUnreadAsync(users[0]));
        Assert.Equal(7 + 7 + 7, await Entries.CountUnreadAsync(users[2]));
    }

    [Fact]
    public async Task A_database_from_before_migration_18_keeps_its_unread_entries()
    {
        var options = await NewOptionsAsync();
        await using (var db = new Database(options))
        {
            await db.MigrateAsync(upTo: 17);
            var users = new UserStore(db);
            var alice = await users.CreateAsync("old-alice", "h", isAdmin: false);
            var feed = (await new FeedStore(db).GetOrCreateAsync("https://example.org/old.xml")).Id;
            await using (var connection = await db.OpenAsync())
                // Raw SQL: today's EntryStore queues entries for search in a table a version-17 schema lacks (022).
                await connection.ExecuteAsync(
                    """
                    INSERT INTO entries (feed_id, key, title, created_at, changed_at, sort_at, content_hash)
                    VALUES (@feed, 'e0', 'E0', 1, 1, 5, 'h'), (@feed, 'e1', 'E1', 1, 1, 4, 'h'), (@feed, 'e2', 'E2', 1, 1, 3, 'h'),
                           (@feed, 'e3', 'E3', 1, 1, 2, 'h'), (@feed, 'e4', 'E4', 1, 1, 1, 'h')
                    """, new { feed });
            await new SubscriptionStore(db).SubscribeAsync(alice, feed, null, null); // an unread state row per entry
            await using (var connection = await db.OpenAsync())
                await connection.ExecuteAsync(
                    "UPDATE entry_states SET is_read = TRUE WHERE user_id = @alice AND entry_id IN (SELECT MIN(entry_id) FROM entry_states WHERE user_id = @alice)",
                    new { alice });

            await db.MigrateAsync();
            await AssertInStepAsync(db);
            var entries = new EntryStore(db);
            Assert.Equal(4, await entries.CountUnreadAsync(alice));
            Assert.Equal(4, (await entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread))).Count);
            Assert.Equal(4, (await new SubscriptionStore(db).ListAsync(alice)).Single().UnreadCount);
            Assert.Equal(4, await entries.MarkAllReadAsync(alice, new EntryScope(FeedId: feed), T0));
            await AssertInStepAsync(db);
        }
        if (Provider == DatabaseProvider.Postgres)
            await Infrastructure.PostgresServer.Instance.DropDatabaseAsync(options.ConnectionString!);
    }
}

public sealed class SqliteUnreadEntriesTests() : UnreadEntriesTests(DatabaseProvider.Sqlite);
public sealed class PostgresUnreadEntriesTests() : UnreadEntriesTests(DatabaseProvider.Postgres);
