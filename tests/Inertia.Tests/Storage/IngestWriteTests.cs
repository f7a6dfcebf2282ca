using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>
/// Ingest writes of many workers at once (<see cref="Database.IngestAsync{T}"/>): on SQLite they are committed in
/// groups, each write in its own savepoint; on PostgreSQL each in its own transaction. Either way every caller sees
/// its own write committed or its own error, never another's.
/// </summary>
public abstract class IngestWriteTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Fact]
    public async Task Concurrent_refresh_writes_all_commit_and_a_failing_one_fails_alone()
    {
        var user = await NewUserAsync();
        var feeds = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var id = await NewFeedAsync($"https://example.org/{i}");
            await Subscriptions.SubscribeAsync(user, id, null, null);
            feeds.Add(id);
        }
        var taken = await NewFeedAsync("https://example.org/taken");

        // Each feed: its entries, then its bookkeeping, as a refresh writes them; plus one write bound to fail
        // (a URL another feed already has) racing in the middle of them.
        var refreshes = feeds.Select(feed => Task.Run(async () =>
        {
            var result = await Entries.UpsertAsync(feed, Batch(feed % 2 == 0 ? 3 : 25, $"f{feed}-"), T0);
            await Feeds.RecordSuccessAsync(feed, new FeedMetadata($"Feed {feed}", null, null, null, null, null), "\"etag\"", null, T0, T0.AddHours(1));
            return result;
        })).ToList();
        var failing = Task.Run(() => Feeds.SetUrlAsync(feeds[7], "https://example.org/taken"));

        var results = await Task.WhenAll(refreshes);
        await Assert.ThrowsAsync<DuplicateException>(() => failing);

        Assert.Equal(feeds.Select(f => f % 2 == 0 ? 3 : 25), results.Select(r => r.Inserted));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(feeds.Sum(f => f % 2 == 0 ? 3 : 25), await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entry_states"));
        Assert.Equal(40, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM feeds WHERE etag = '\"etag\"' AND title LIKE 'Feed %'"));
        Assert.Equal("https://example.org/7", (await Feeds.GetAsync(feeds[7]))!.Url);
        Assert.Equal("https://example.org/taken", (await Feeds.GetAsync(taken))!.Url);
    }

    [Fact]
    public async Task Queued_writes_free_their_callers_until_the_limit_and_then_make_them_wait()
    {
        // Every write held open until release: on SQLite the first holds the group writer and the rest wait in its
        // queue, on PostgreSQL each holds a transaction. Each takes one of the slots.
        var release = new TaskCompletionSource();
        var ran = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var held = new List<Task<int>>();
        for (var i = 0; i < Db.IngestWriteLimit; i++)
        {
            var n = i;
            var queued = Db.QueueIngestAsync(async (_, _, _) => { ran.Enqueue(n); await release.Task; return n; });
            held.Add(await queued.WaitAsync(TimeSpan.FromSeconds(30))); // handed over without waiting for a commit
        }

        var blocked = Db.QueueIngestAsync((_, _, _) => Task.FromResult(-1));
        await Task.Delay(200);
        Assert.False(blocked.IsCompleted, "a write past the limit was queued without waiting for a slot");
        Assert.All(held, write => Assert.False(write.IsCompleted));

        release.SetResult();
        Assert.Equal(Enumerable.Range(0, Db.IngestWriteLimit), await Task.WhenAll(held));
        Assert.Equal(-1, await await blocked.WaitAsync(TimeSpan.FromSeconds(30)));
        if (Db.Provider == DatabaseProvider.Sqlite) Assert.Equal(Enumerable.Range(0, Db.IngestWriteLimit), ran); // in the order queued
    }

    [Fact]
    public async Task A_write_that_fails_leaves_nothing_behind_and_the_next_writes_go_on()
    {
        var feed = await NewFeedAsync();
        var other = await NewFeedAsync("https://example.org/other");
        await Assert.ThrowsAsync<DuplicateException>(() => Feeds.SetUrlAsync(feed, "https://example.org/other"));
        Assert.Equal(new EntryUpsertResult(2, 0), await Entries.UpsertAsync(feed, Batch(2), T0));
        await Feeds.SetUrlAsync(other, "https://example.org/moved");
        Assert.Equal("https://example.org/moved", (await Feeds.GetAsync(other))!.Url);
    }
}

public sealed class SqliteIngestWriteTests() : IngestWriteTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Writes_grouped_in_savepoints_keep_their_journal_in_memory()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(400), T0);

        // A first write holds the group writer until the next three are queued (each call queues its write before it
        // returns), so those three make one group, each in its own savepoint. The second rewrites every stored entry:
        // far more than the 64 KB of changed pages past which SQLite's savepoint journal would spill into a temporary
        // file. The last looks for such a file while the group's transaction is still open.
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holding = Db.IngestAsync(async (_, _, _) => { started.SetResult(); await release.Task; return 0; });
        await started.Task;
        var rewrite = Entries.UpsertAsync(feed, Batch(400).Select(e => e with { Content = "<p>" + new string('x', 2000) + "</p>" }).ToList(), T0);
        var small = Entries.UpsertAsync(feed, Batch(1, "other"), T0);
        var look = Db.IngestAsync(async (connection, tx, ct) =>
        {
            var tempStore = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA temp_store", transaction: tx, cancellationToken: ct));
            var tempFiles = new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
                .Select(fd => { try { return fd.LinkTarget ?? ""; } catch (IOException) { return ""; } })
                .Count(target => target.Contains("etilqs_", StringComparison.Ordinal));
            return (tempStore, tempFiles);
        });
        release.SetResult();

        await holding;
        Assert.Equal(new EntryUpsertResult(0, 400), await rewrite);
        Assert.Equal(1, (await small).Inserted);
        var (tempStore, tempFiles) = await look;
        Assert.Equal(2, tempStore); // MEMORY
        Assert.Equal(0, tempFiles);
    }

    [Fact]
    public async Task The_group_writer_reads_through_its_page_cache_and_other_connections_through_the_map()
    {
        // Through the map, every page the writer's index descents touched stayed resident in the process.
        Assert.Equal(0, await Db.IngestAsync((connection, tx, ct) =>
            connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA mmap_size", transaction: tx, cancellationToken: ct))));
        await using var other = await Db.OpenAsync();
        Assert.Equal(2147418112, await other.ExecuteScalarAsync<long>("PRAGMA mmap_size"));
    }

    [Fact]
    public async Task The_group_writers_log_is_checkpointed_into_the_database_beside_it()
    {
        // The group writer checkpoints only past WalCheckpointer.WriterBackstopPages (256 MB of log), and nothing else
        // commits here: the database file grows only if the background checkpointer copies the log into it.
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var file = new FileInfo(Path.Combine(Options.DataDirectory, "inertia.db"));
        var before = file.Length;

        Assert.Equal(500, (await Entries.UpsertAsync(feed, Batch(500), T0)).Inserted);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (new FileInfo(file.FullName).Length == before && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(new FileInfo(file.FullName).Length > before, "the log was not checkpointed");
        await using var connection = await Db.OpenAsync();
        Assert.Equal(500, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entries"));
    }
}
public sealed class PostgresIngestWriteTests() : IngestWriteTests(DatabaseProvider.Postgres);
