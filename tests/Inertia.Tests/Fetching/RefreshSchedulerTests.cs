using Dapper;
using Inertia.Fetching.Scheduling;
using Inertia.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Inertia.Tests.Support;

namespace Inertia.Tests.Fetching;

/// <summary>The background scheduler end to end: real SQLite, real loopback servers, the real worker pool.</summary>
public sealed class RefreshSchedulerTests
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    static readonly Dictionary<string, string?> Settings = new()
    {
        ["Fetching:SchedulerEnabled"] = "true",
        ["Fetching:PollInterval"] = "00:00:00.200",
        ["Fetching:Workers"] = "4",
        ["Fetching:PerHostLimit"] = "2",
    };

    [Fact]
    public async Task Bad_feeds_end_as_per_feed_errors_while_the_others_refresh()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync(Settings);
        var good = new List<long>();
        for (var n = 1; n <= 12; n++) good.Add(await env.SubscribeAsync(farm.Url($"/good/{n}.xml")));
        var bad = new Dictionary<long, string>();
        foreach (var (path, error) in FeedFarm.Failing) bad[await env.SubscribeAsync(farm.Url(path))] = error;
        var blocked = await env.SubscribeAsync("http://10.1.2.3/feed.xml");

        var scheduler = env.Services.GetRequiredService<RefreshScheduler>();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await UntilAsync(async () =>
            {
                foreach (var id in good.Concat(bad.Keys).Append(blocked))
                    if ((await env.FeedAsync(id)).LastCheckedAt is null) return false;
                return true;
            });
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        foreach (var id in good)
        {
            var feed = await env.FeedAsync(id);
            Assert.Null(feed.LastError);
            Assert.Equal(3, (await env.EntriesAsync(id)).Count);
        }
        foreach (var (id, error) in bad)
        {
            var feed = await env.FeedAsync(id);
            Assert.Equal(1, feed.ErrorCount);
            Assert.Contains(error, feed.LastError);
        }
        Assert.StartsWith("refused to connect to 10.1.2.3", (await env.FeedAsync(blocked)).LastError);
        // Each feed was fetched once: the lease and the next check kept it from being claimed again.
        Assert.All(good, id => Assert.Equal(1, farm.Hits[$"/good/{id - good[0] + 1}.xml"]));
    }

    [Fact]
    public async Task A_stalled_host_does_not_hold_up_other_hosts()
    {
        var gate = new TaskCompletionSource();
        await using var stalled = await LoopbackServer.StartAsync(app => app.MapGet("/s/{n:int}.xml", async (HttpContext c) =>
        {
            await gate.Task.WaitAsync(c.RequestAborted);
            return Results.StatusCode(503);
        }));
        await using var farm = await FeedFarm.StartAsync();
        // The stalled host's requests would run for a minute; the test releases them once the others are done.
        await using var env = await RefreshEnvironment.CreateAsync(new Dictionary<string, string?>(Settings) { ["Fetching:RequestTimeout"] = "00:01:30" });
        var slow = new List<long>();
        for (var n = 0; n < 8; n++) slow.Add(await env.SubscribeAsync(stalled.Url($"/s/{n}.xml")));
        var fast = new List<long>();
        for (var n = 1; n <= 20; n++) fast.Add(await env.SubscribeAsync(farm.Url($"/good/{n}.xml")));

        var scheduler = env.Services.GetRequiredService<RefreshScheduler>();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await UntilAsync(async () =>
            {
                foreach (var id in fast)
                    if ((await env.FeedAsync(id)).LastSuccessAt is null) return false;
                return true;
            });
            // Every fast feed is done while the stalled host still holds its requests.
            foreach (var id in slow) Assert.Null((await env.FeedAsync(id)).LastCheckedAt);

            gate.SetResult();
            await UntilAsync(async () =>
            {
                foreach (var id in slow)
                    if ((await env.FeedAsync(id)).LastCheckedAt is null) return false;
                return true;
            });
        }
        finally
        {
            gate.TrySetResult();
            await scheduler.StopAsync(CancellationToken.None);
        }
        foreach (var id in slow) Assert.StartsWith("HTTP 503", (await env.FeedAsync(id)).LastError);
    }

    [Fact]
    public async Task Refresh_due_runs_every_due_feed_once_and_returns_their_outcomes()
    {
        await using var farm = await FeedFarm.StartAsync();
        // The background loop is off (as for the "refresh" command); small batches exercise repeated claims.
        await using var env = await RefreshEnvironment.CreateAsync(new Dictionary<string, string?> { ["Fetching:ClaimBatchSize"] = "3" });
        var good = new List<long>();
        for (var n = 1; n <= 10; n++) good.Add(await env.SubscribeAsync(farm.Url($"/good/{n}.xml")));
        var broken = await env.SubscribeAsync(farm.Url("/broken.xml"));
        var unfollowed = (await env.Feeds.GetOrCreateAsync(farm.Url("/good/99.xml"))).Id;

        var scheduler = env.Services.GetRequiredService<RefreshScheduler>();
        var outcomes = await scheduler.RefreshDueAsync();

        Assert.Equal(good.Append(broken), outcomes.Select(o => o.FeedId));
        Assert.All(outcomes.Where(o => o.FeedId != broken), o => Assert.Equal(3, o.Inserted));
        Assert.Equal("HTTP 500 Internal Server Error", outcomes.Single(o => o.FeedId == broken).Error);
        Assert.Null((await env.FeedAsync(unfollowed)).LastCheckedAt);
        // Nothing is due any more.
        Assert.Empty(await scheduler.RefreshDueAsync());

        // "Refresh now" makes them due again; unchanged feeds answer 304.
        await env.Feeds.ScheduleAllNowForUserAsync(env.UserId);
        var again = await scheduler.RefreshDueAsync();
        Assert.All(again.Where(o => o.FeedId != broken), o => Assert.True(o.NotModified));
    }

    [Fact]
    public async Task A_worker_moves_on_while_its_check_waits_for_the_bookkeeping_commit()
    {
        await using var farm = await FeedFarm.StartAsync();
        // One worker: if it waited for each check's commit, it could fetch only one feed while no ingest write commits.
        // PostgreSQL, where a table lock can stop the bookkeeping's commit without stopping the claims (on SQLite both
        // go through the one write gate).
        await using var env = await RefreshEnvironment.CreateAsync(new Dictionary<string, string?> { ["Fetching:Workers"] = "1" }, DatabaseProvider.Postgres);
        var feeds = new List<long>();
        for (var n = 1; n <= 8; n++) feeds.Add(await env.SubscribeAsync(farm.Url($"/good/{n}.xml")));
        var scheduler = env.Services.GetRequiredService<RefreshScheduler>();
        Assert.All(await scheduler.RefreshDueAsync(), o => Assert.Equal(3, o.Inserted));
        var checkedFirst = new Dictionary<long, DateTimeOffset>();
        foreach (var id in feeds) checkedFirst[id] = (await env.FeedAsync(id)).LastCheckedAt!.Value;

        // Due again (304s now), with the fetch log locked: no check's bookkeeping can commit until the lock goes.
        await env.Feeds.ScheduleAllNowForUserAsync(env.UserId);
        Task<IReadOnlyList<Inertia.Fetching.RefreshOutcome>> refresh;
        await using (var locker = await env.Services.GetRequiredService<Database>().OpenAsync())
        await using (var tx = await locker.BeginTransactionAsync())
        {
            await locker.ExecuteAsync("LOCK TABLE fetch_log IN EXCLUSIVE MODE", transaction: tx);
            refresh = scheduler.RefreshDueAsync();
            await UntilAsync(() =>
            {
                lock (farm.Hits) return Task.FromResult(Enumerable.Range(1, 8).All(n => farm.Hits[$"/good/{n}.xml"] == 2));
            });
            Assert.False(refresh.IsCompleted);
            // Fetched, not recorded: every feed still holds its claim's lease, so none is due or lost.
            foreach (var id in feeds)
            {
                var feed = await env.FeedAsync(id);
                Assert.Equal(checkedFirst[id], feed.LastCheckedAt);
                Assert.True(feed.NextCheckAt > DateTimeOffset.UtcNow.AddMinutes(10));
            }
            await tx.RollbackAsync();
        }

        var outcomes = await refresh.WaitAsync(Generous);
        Assert.Equal(feeds, outcomes.Select(o => o.FeedId));
        Assert.All(outcomes, o => Assert.True(o.NotModified));
        foreach (var id in feeds) Assert.True((await env.FeedAsync(id)).LastCheckedAt > checkedFirst[id]);
        Assert.All(Enumerable.Range(1, 8), n => Assert.Equal(2, farm.Hits[$"/good/{n}.xml"]));
    }

    [Fact]
    public async Task Entries_the_database_refuses_fail_their_feed_alone()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync(new Dictionary<string, string?> { ["Fetching:Workers"] = "2" });
        var feeds = new List<long>();
        for (var n = 1; n <= 6; n++) feeds.Add(await env.SubscribeAsync(farm.Url($"/good/{n}.xml")));
        var refused = feeds[2];
        await using (var connection = await env.Services.GetRequiredService<Database>().OpenAsync())
            await connection.ExecuteAsync($"""
                CREATE TRIGGER refuse_entries BEFORE INSERT ON entries WHEN NEW.feed_id = {refused}
                BEGIN SELECT RAISE(ABORT, 'entries refused for this test'); END
                """);

        var outcomes = await env.Services.GetRequiredService<RefreshScheduler>().RefreshDueAsync();

        Assert.Equal(feeds, outcomes.Select(o => o.FeedId));
        var failed = outcomes.Single(o => o.FeedId == refused);
        Assert.False(failed.Success);
        Assert.StartsWith("could not store the feed:", failed.Error);
        Assert.Contains("entries refused for this test", failed.Error);
        var feed = await env.FeedAsync(refused);
        Assert.Equal(1, feed.ErrorCount);
        Assert.Contains("entries refused for this test", feed.LastError);
        Assert.Empty(await env.EntriesAsync(refused));
        foreach (var id in feeds.Where(id => id != refused))
        {
            Assert.Equal(3, outcomes.Single(o => o.FeedId == id).Inserted);
            Assert.Equal(3, (await env.EntriesAsync(id)).Count);
            Assert.Null((await env.FeedAsync(id)).LastError);
        }
    }

    [Fact]
    public async Task Two_nodes_sharing_postgresql_fetch_each_due_feed_exactly_once_then_record_their_304s()
    {
        await using var farm = await FeedFarm.StartAsync();
        // Small batches and many hosts' worth of feeds make the two nodes' claims interleave.
        await using var env = await RefreshEnvironment.CreateAsync(
            new Dictionary<string, string?>(Settings) { ["Fetching:ClaimBatchSize"] = "5" }, DatabaseProvider.Postgres);
        var feeds = new List<long>();
        for (var n = 1; n <= 60; n++) feeds.Add(await env.SubscribeAsync(farm.Url($"/good/{n}.xml")));

        var first = env.Services.GetRequiredService<RefreshScheduler>();
        var second = env.AddNode().GetRequiredService<RefreshScheduler>();
        await Task.WhenAll(first.StartAsync(CancellationToken.None), second.StartAsync(CancellationToken.None));
        var checkedFirst = new Dictionary<long, DateTimeOffset>();
        try
        {
            await UntilAsync(async () =>
            {
                foreach (var id in feeds)
                    if ((await env.FeedAsync(id)).LastSuccessAt is null) return false;
                return true;
            });
            for (var n = 1; n <= 60; n++) Assert.Equal(1, farm.Hits[$"/good/{n}.xml"]);
            foreach (var id in feeds) checkedFirst[id] = (await env.FeedAsync(id)).LastCheckedAt!.Value;

            // Due again: now 304s, whose bookkeeping each node writes in batches; still one fetch per feed.
            await env.Feeds.ScheduleAllNowForUserAsync(env.UserId);
            await UntilAsync(async () =>
            {
                foreach (var id in feeds)
                    if ((await env.FeedAsync(id)).LastCheckedAt <= checkedFirst[id]) return false;
                return true;
            });
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(CancellationToken.None), second.StopAsync(CancellationToken.None));
        }

        for (var n = 1; n <= 60; n++) Assert.Equal(2, farm.Hits[$"/good/{n}.xml"]);
        foreach (var id in feeds)
        {
            Assert.Equal(3, (await env.EntriesAsync(id)).Count);
            var feed = await env.FeedAsync(id);
            Assert.Equal(0, feed.ErrorCount);
            Assert.True(feed.NextCheckAt > feed.LastCheckedAt);
        }
        await using var connection = await env.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(120, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fetch_log"));
        Assert.Equal(60, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fetch_log WHERE status = 304"));
    }

    [Fact]
    public async Task Disabled_scheduler_fetches_nothing()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync(new Dictionary<string, string?>(Settings) { ["Fetching:SchedulerEnabled"] = "false" });
        var id = await env.SubscribeAsync(farm.Url("/good/1.xml"));
        var scheduler = env.Services.GetRequiredService<RefreshScheduler>();
        await scheduler.StartAsync(CancellationToken.None);
        await scheduler.ExecuteTask!.WaitAsync(Generous);   // returns at once when disabled
        await scheduler.StopAsync(CancellationToken.None);
        Assert.Null((await env.FeedAsync(id)).LastCheckedAt);
        Assert.Empty(farm.Hits);
    }

    static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!await condition())
            await Task.Delay(100, timeout.Token);
    }
}
