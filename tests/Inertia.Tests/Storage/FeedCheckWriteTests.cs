using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>
/// Check bookkeeping written for many feeds at once (<see cref="FeedStore.RecordCheckAsync"/>): every caller's check
/// is committed when its task completes, with the same result as one write per feed, and a check that fails fails
/// alone.
/// </summary>
public abstract class FeedCheckWriteTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private static FetchLogEntry Fetch(int minute, int? status = 304, string? error = null) =>
        new(T0.AddMinutes(minute), status, 0, TimeSpan.FromMilliseconds(12), 0, 0, error);

    private async Task<List<long>> FollowedFeedsAsync(int count)
    {
        var user = await NewUserAsync();
        var feeds = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var id = await NewFeedAsync($"https://example.org/{i}.xml");
            await Subscriptions.SubscribeAsync(user, id, null, null);
            feeds.Add(id);
        }
        return feeds;
    }

    [Fact]
    public async Task Concurrent_checks_of_many_feeds_each_store_their_own_state_and_log()
    {
        var feeds = await FollowedFeedsAsync(300);
        // Earlier trouble on every feed: a 304 must clear it, a failure must count on from it.
        foreach (var feed in feeds) await Feeds.RecordFailureAsync(feed, "earlier", T0, T0);
        var log = new FetchLogStore(Db, new StorageOptions { FetchLogSize = 3 });
        for (var minute = 0; minute < 3; minute++)
            await Task.WhenAll(feeds.Select(feed => log.AppendAsync(feed, Fetch(minute))));

        // Quarters: a 304, a failure, a log row alone, and a stored 200 (metadata and validators with its log row).
        await Task.WhenAll(feeds.Select((feed, i) => Task.Run(() => (i % 4) switch
        {
            0 => Feeds.RecordCheckAsync(feed, CheckState.NotModified(T0.AddMinutes(10), T0.AddMinutes(70 + i)), Fetch(10), 3),
            1 => Feeds.RecordCheckAsync(feed, CheckState.Failure($"HTTP 500 from {feed}", T0.AddMinutes(10), T0.AddMinutes(20 + i)), Fetch(10, 500, $"HTTP 500 from {feed}"), 3),
            2 => Feeds.RecordCheckAsync(feed, null, Fetch(10, 200), 3),
            _ => Feeds.RecordCheckAsync(feed, CheckState.Success(new FeedMetadata($"Feed {feed}", null, null, "en", null, null),
                $"\"v{feed}\"", null, T0.AddMinutes(10), T0.AddMinutes(40 + i)), Fetch(10, 200), 3),
        })));

        await using var connection = await Db.OpenAsync();
        for (var i = 0; i < feeds.Count; i++)
        {
            var feed = (await Feeds.GetAsync(feeds[i]))!;
            var logged = await connection.QueryAsync<(long FetchedAt, long? Status)>(
                "SELECT fetched_at, status FROM fetch_log WHERE feed_id = @id ORDER BY id", new { id = feeds[i] });
            Assert.Equal([1, 2, 10], logged.Select(l => (int)(Micros.ToTime(l.FetchedAt) - T0).TotalMinutes));
            switch (i % 4)
            {
                case 0:
                    Assert.Equal((0, (string?)null), (feed.ErrorCount, feed.LastError));
                    Assert.Equal(T0.AddMinutes(10), feed.LastSuccessAt);
                    Assert.Equal(T0.AddMinutes(70 + i), feed.NextCheckAt);
                    Assert.Equal(304, logged.Last().Status);
                    break;
                case 1:
                    Assert.Equal((2, $"HTTP 500 from {feeds[i]}"), (feed.ErrorCount, feed.LastError));
                    Assert.Null(feed.LastSuccessAt);
                    Assert.Equal(T0.AddMinutes(20 + i), feed.NextCheckAt);
                    Assert.Equal(500, logged.Last().Status);
                    break;
                case 2:
                    Assert.Equal((1, "earlier"), (feed.ErrorCount, feed.LastError));
                    Assert.Equal(T0, feed.NextCheckAt);
                    Assert.Equal(200, logged.Last().Status);
                    break;
                default:
                    Assert.Equal((0, (string?)null), (feed.ErrorCount, feed.LastError));
                    Assert.Equal((T0.AddMinutes(10), T0.AddMinutes(40 + i)), (feed.LastSuccessAt, feed.NextCheckAt));
                    Assert.Equal(($"Feed {feeds[i]}", "en", $"\"v{feeds[i]}\""), (feed.Title, feed.Language, feed.Etag));
                    Assert.Equal(200, logged.Last().Status);
                    break;
            }
            Assert.Equal(T0.AddMinutes(i % 4 == 2 ? 0 : 10), feed.LastCheckedAt);
        }
    }

    [Fact]
    public async Task Checks_of_one_feed_queued_together_apply_in_order()
    {
        var feed = (await FollowedFeedsAsync(1))[0];
        var log = new FetchLogStore(Db, new StorageOptions { FetchLogSize = 2 });

        // Not awaited one by one: they can share a batch, where each must still count and be trimmed as if alone.
        var writes = Enumerable.Range(0, 5).Select(i => Task.WhenAll(
            Feeds.RecordFailureAsync(feed, $"failure {i}", T0.AddMinutes(i), T0.AddMinutes(i + 1)),
            log.AppendAsync(feed, Fetch(i, 500)))).ToList();
        await Task.WhenAll(writes);

        var record = (await Feeds.GetAsync(feed))!;
        Assert.Equal((5, "failure 4", T0.AddMinutes(5)), (record.ErrorCount, record.LastError, record.NextCheckAt));
        await using var connection = await Db.OpenAsync();
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(4)], (await connection.QueryAsync<long>(
            "SELECT fetched_at FROM fetch_log WHERE feed_id = @feed ORDER BY id", new { feed })).Select(Micros.ToTime));
    }

    [Fact]
    public async Task A_check_that_fails_fails_alone_and_a_deleted_feed_is_skipped()
    {
        var feeds = await FollowedFeedsAsync(40);
        var refused = feeds[13];
        var deleted = feeds[27];
        await using (var connection = await Db.OpenAsync())
        {
            // The database refuses this one feed's row update, as it might a row it cannot write.
            if (Provider == DatabaseProvider.Sqlite)
                await connection.ExecuteAsync($"CREATE TRIGGER refuse_feed BEFORE UPDATE ON feeds WHEN NEW.id = {refused} BEGIN SELECT RAISE(ABORT, 'refused'); END");
            else
                await connection.ExecuteAsync($"""
                    CREATE FUNCTION refuse_feed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
                    CREATE TRIGGER refuse_feed BEFORE UPDATE ON feeds FOR EACH ROW WHEN (NEW.id = {refused}) EXECUTE FUNCTION refuse_feed();
                    """);
            await connection.ExecuteAsync("DELETE FROM feeds WHERE id = @deleted", new { deleted });
        }

        var writes = feeds.ToDictionary(feed => feed, feed => Task.Run(() =>
            Feeds.RecordCheckAsync(feed, CheckState.NotModified(T0, T0.AddHours(1)), Fetch(0), 20)));
        await Assert.ThrowsAnyAsync<Exception>(() => writes[refused]);
        foreach (var (feed, write) in writes.Where(w => w.Key != refused)) await write;

        await using var check = await Db.OpenAsync();
        foreach (var feed in feeds.Where(f => f != refused && f != deleted))
            Assert.Equal(T0.AddHours(1), (await Feeds.GetAsync(feed))!.NextCheckAt);
        Assert.Null(await Feeds.GetAsync(deleted));
        // The refused feed's log row went with its failed check; the deleted feed has none.
        Assert.Equal(feeds.Count - 2, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fetch_log"));
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fetch_log WHERE feed_id IN (@refused, @deleted)", new { refused, deleted }));
    }
}

public sealed class SqliteFeedCheckWriteTests() : FeedCheckWriteTests(DatabaseProvider.Sqlite);
public sealed class PostgresFeedCheckWriteTests() : FeedCheckWriteTests(DatabaseProvider.Postgres);
