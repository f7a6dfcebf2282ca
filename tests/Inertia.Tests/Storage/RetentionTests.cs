using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

public abstract class RetentionTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private RetentionStore Retention => new(Db);
    private static readonly RetentionPolicy Policy = new(ReadDays: 30, UnreadDays: 90, KeepPerFeed: 0);

    private async Task<string[]> KeysAsync(long feed)
    {
        await using var connection = await Db.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT key FROM entries WHERE feed_id = @feed", new { feed })).Order().ToArray();
    }

    [Fact]
    public async Task Deletes_old_read_and_very_old_unread_entries_but_never_starred_or_current_ones()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        var old = new[]
        {
            Entry("unread-200d", T0.AddDays(-200)),
            Entry("starred-200d", T0.AddDays(-200)),
            Entry("read-40d", T0.AddDays(-40)),
            Entry("half-read-40d", T0.AddDays(-40)),
            Entry("read-10d", T0.AddDays(-10)),
            Entry("listed-300d", T0.AddDays(-300)),
        };
        await Entries.UpsertAsync(feed, old, T0);
        // The next document lists only two of them.
        await Entries.UpsertAsync(feed, [Entry("new", T0), Entry("listed-300d", T0.AddDays(-300))], T0);

        var ids = (await Entries.ListAsync(alice, new EntryQuery(Limit: 100))).ToDictionary(e => e.Title!["Title ".Length..], e => e.Id);
        await Entries.SetStarredAsync(bob, [ids["starred-200d"]], true);
        await Entries.SetReadAsync(alice, [ids["read-40d"], ids["half-read-40d"], ids["read-10d"], ids["listed-300d"]], true);
        await Entries.SetReadAsync(bob, [ids["read-40d"], ids["read-10d"], ids["listed-300d"]], true);

        Assert.Equal(1, await Retention.DeleteExpiredAsync(Policy, T0, batchSize: 1));
        Assert.Equal(1, await Retention.DeleteExpiredAsync(Policy, T0, batchSize: 1));
        Assert.Equal(0, await Retention.DeleteExpiredAsync(Policy, T0));

        Assert.Equal(["half-read-40d", "listed-300d", "new", "read-10d", "starred-200d"], await KeysAsync(feed));
        Assert.Null(await Entries.GetAsync(alice, ids["read-40d"]));
        Assert.NotNull(await Entries.GetAsync(bob, ids["starred-200d"]));
        Assert.Equal(2, await Entries.CountUnreadAsync(alice)); // new + starred-200d
        Assert.Empty(await new SearchStore(Db).SearchAsync(alice, new SearchQuery("unread")));
    }

    [Fact]
    public async Task Keeps_the_newest_entries_of_each_feed_and_honours_feed_overrides()
    {
        var user = await NewUserAsync();
        var busy = await NewFeedAsync("https://busy.example.org/feed");
        var archive = await NewFeedAsync("https://archive.example.org/feed");
        foreach (var feed in new[] { busy, archive })
        {
            await Subscriptions.SubscribeAsync(user, feed, null, null);
            await Entries.UpsertAsync(feed, Enumerable.Range(0, 5).Select(i => Entry($"k{i}", T0.AddDays(-100 - i))).ToList(), T0);
            await Entries.UpsertAsync(feed, [], T0); // the document is empty now
        }
        await Retention.SetFeedOverrideAsync(archive, readDays: 0, unreadDays: 0); // keep forever

        Assert.Equal(3, await Retention.DeleteExpiredAsync(Policy with { KeepPerFeed = 2 }, T0));
        Assert.Equal(["k0", "k1"], await KeysAsync(busy));
        Assert.Equal(5, (await KeysAsync(archive)).Length);

        await Retention.SetFeedOverrideAsync(archive, readDays: null, unreadDays: null); // back to the global policy
        // Without a minimum per feed: the archive's five and the busy feed's last two.
        Assert.Equal(7, await Retention.DeleteExpiredAsync(Policy with { KeepPerFeed = 0 }, T0));
        Assert.Empty(await KeysAsync(archive));
        Assert.Empty(await KeysAsync(busy));
        Assert.Equal(0, await Entries.CountUnreadAsync(user));
    }

    [Fact]
    public async Task Batches_go_feed_by_feed_until_every_expired_entry_of_every_feed_is_gone()
    {
        var user = await NewUserAsync();
        var feeds = new List<long>();
        for (var f = 0; f < 3; f++)
        {
            var feed = await NewFeedAsync($"https://f{f}.example.org/feed");
            await Subscriptions.SubscribeAsync(user, feed, null, null);
            // Five expired unread entries, two read ones 40 days old, and one recent unread entry.
            await Entries.UpsertAsync(feed, [
                .. Enumerable.Range(0, 5).Select(i => Entry($"old{i}", T0.AddDays(-100 - i))),
                Entry("read-a", T0.AddDays(-40)), Entry("read-b", T0.AddDays(-41)), Entry("recent", T0.AddDays(-1))], T0);
            await Entries.UpsertAsync(feed, [], T0);
            feeds.Add(feed);
        }
        var read = (await Entries.ListAsync(user, new EntryQuery(Limit: 100))).Where(e => e.Title!.StartsWith("Title read-")).Select(e => e.Id).ToArray();
        await Entries.SetReadAsync(user, read, true);
        // The last feed keeps unread entries forever but read ones only 30 days: its nearer limit is the read one.
        await Retention.SetFeedOverrideAsync(feeds[2], readDays: 30, unreadDays: 0);

        var batches = new List<int>();
        int deleted;
        do batches.Add(deleted = await Retention.DeleteExpiredAsync(Policy, T0, batchSize: 4));
        while (deleted == 4);

        Assert.Equal([4, 4, 4, 4, 0], batches); // 7 + 7 + 2
        Assert.Equal(["recent"], await KeysAsync(feeds[0]));
        Assert.Equal(["recent"], await KeysAsync(feeds[1]));
        Assert.Equal(["old0", "old1", "old2", "old3", "old4", "recent"], await KeysAsync(feeds[2]));
    }

    [Fact]
    public async Task A_policy_without_limits_deletes_nothing()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("ancient", T0.AddYears(-20))], T0);
        await Entries.UpsertAsync(feed, [], T0);
        await Entries.SetReadAsync(user, (await Entries.ListAsync(user, new EntryQuery())).Select(e => e.Id).ToArray(), true);
        Assert.Equal(0, await Retention.DeleteExpiredAsync(new RetentionPolicy(null, null, 0), T0));
        Assert.Equal(0, await Retention.DeleteExpiredAsync(new RetentionPolicy(0, 0, 0), T0));
        Assert.Equal(["ancient"], await KeysAsync(feed));
    }

    [Fact]
    public async Task A_deleted_entry_that_reappears_gets_a_new_id()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("gone", T0.AddDays(-365))], T0);
        var first = (await Entries.ListAsync(user, new EntryQuery()))[0].Id;
        await Entries.UpsertAsync(feed, [], T0);
        Assert.Equal(1, await Retention.DeleteExpiredAsync(Policy, T0));
        await Entries.UpsertAsync(feed, [Entry("gone", T0.AddDays(-365))], T0);
        Assert.True((await Entries.ListAsync(user, new EntryQuery()))[0].Id > first);
    }
}

public sealed class SqliteRetentionTests() : RetentionTests(DatabaseProvider.Sqlite);
public sealed class PostgresRetentionTests() : RetentionTests(DatabaseProvider.Postgres);
