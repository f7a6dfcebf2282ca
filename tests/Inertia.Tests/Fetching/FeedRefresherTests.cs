using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Fetching;

/// <summary>FeedRefresher against a loopback feed farm and a real SQLite database.</summary>
public sealed class FeedRefresherTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Stores_entries_then_costs_nothing_on_304_then_adds_new_entries(DatabaseProvider provider)
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync(provider: provider);
        var id = await env.SubscribeAsync(farm.Url("/good/1.xml"));

        var first = await env.Refresher.RefreshAsync(id);
        Assert.Equal(new(id, true, false, 3, 0, null), first);
        var feed = await env.FeedAsync(id);
        Assert.Equal("Good 1", feed.Title);
        Assert.Equal("\"good-1-v1\"", feed.Etag);
        Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", feed.LastModified);
        Assert.Equal(0, feed.ErrorCount);
        Assert.NotNull(feed.LastSuccessAt);
        // <ttl>60</ttl> keeps the next check at least an hour away.
        Assert.True(feed.NextCheckAt >= feed.LastCheckedAt!.Value.AddMinutes(59));

        var unchanged = await env.Refresher.RefreshAsync(id);
        Assert.Equal(new(id, true, true, 0, 0, null), unchanged);

        farm.Publish(1);
        var published = await env.Refresher.RefreshAsync(id);
        Assert.Equal(new(id, true, false, 1, 0, null), published);
        Assert.Equal("\"good-1-v2\"", (await env.FeedAsync(id)).Etag);

        var entries = await env.EntriesAsync(id);
        Assert.Equal(["Post 4", "Post 3", "Post 2", "Post 1"], entries.Select(e => e.Title));
        Assert.All(entries, e => Assert.False(e.IsRead));
    }

    [Fact]
    public async Task A_refresh_frees_its_worker_once_its_entries_are_queued_and_records_the_check_after_their_commit()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync(farm.Url("/good/1.xml"));
        var db = env.Services.GetRequiredService<Database>();
        // A write that holds the group writer: the refresh's entries wait in the queue behind it.
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holding = db.IngestAsync(async (_, _, _) => { started.SetResult(); await release.Task; return 0; });
        await started.Task;

        var recorded = await env.Refresher.RefreshUntilRecordedAsync(await env.FeedAsync(id)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(recorded.IsCompleted);
        Assert.Empty(await env.EntriesAsync(id));
        Assert.Null((await env.FeedAsync(id)).LastCheckedAt);

        release.SetResult();
        await holding;
        Assert.Equal(new(id, true, false, 3, 0, null), await recorded);
        Assert.Equal(3, (await env.EntriesAsync(id)).Count);
        var feed = await env.FeedAsync(id);
        Assert.NotNull(feed.LastCheckedAt);
        Assert.Equal("\"good-1-v1\"", feed.Etag);
    }

    [Fact]
    public async Task Entry_html_is_sanitized_before_it_is_stored()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync(farm.Url("/evil.xml"));

        Assert.True((await env.Refresher.RefreshAsync(id)).Success);
        var item = Assert.Single(await env.EntriesAsync(id));
        var entry = (await env.Entries.GetAsync(env.UserId, item.Id))!;
        var html = entry.Summary ?? entry.Content!;
        Assert.DoesNotContain("script", html);
        Assert.DoesNotContain("onerror", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("rel=\"noopener noreferrer\"", html);
        Assert.Contains("loading=\"lazy\"", html);
        // Links outside the HTML are kept only when they are http(s).
        Assert.Null(entry.Url);
        Assert.Null(entry.CommentsUrl);
        Assert.Equal("https://evil.example/a.mp3", Assert.Single(entry.Enclosures).Url);
    }

    [Fact]
    public async Task Permanent_redirect_moves_the_feed_and_temporary_does_not()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var moved = await env.SubscribeAsync(farm.Url("/moved.xml"));
        var temporary = await env.SubscribeAsync(farm.Url("/moved-temp.xml"));

        Assert.True((await env.Refresher.RefreshAsync(moved)).Success);
        Assert.True((await env.Refresher.RefreshAsync(temporary)).Success);
        Assert.Equal(farm.Url("/good/100.xml"), (await env.FeedAsync(moved)).Url);
        Assert.Equal(farm.Url("/moved-temp.xml"), (await env.FeedAsync(temporary)).Url);
    }

    [Fact]
    public async Task Wrong_content_type_on_a_real_feed_still_works()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync(farm.Url("/mislabeled.xml"));
        Assert.Equal(2, (await env.Refresher.RefreshAsync(id)).Inserted);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Entries_sent_again_unchanged_are_skipped_and_a_new_source_hash_is_only_recorded(DatabaseProvider provider)
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync(provider: provider);
        var id = await env.SubscribeAsync(farm.Url("/mislabeled.xml")); // no validators: every refresh is a 200
        Assert.Equal(2, (await env.Refresher.RefreshAsync(id)).Inserted);
        var db = env.Services.GetRequiredService<Database>();
        async Task<(long Changed, long Hashed, string Current)> StateAsync()
        {
            await using var connection = await db.OpenAsync();
            return (await connection.ExecuteScalarAsync<long>("SELECT MAX(changed_at) FROM entries WHERE feed_id = @id", new { id }),
                await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entries WHERE feed_id = @id AND source_hash IS NOT NULL", new { id }),
                CurrentIds(await connection.ExecuteScalarAsync<object>("SELECT current_entry_ids FROM feeds WHERE id = @id", new { id })));
        }
        var stored = await StateAsync();
        Assert.Equal(2, stored.Hashed);

        Assert.Equal(new(id, true, false, 0, 0, null), await env.Refresher.RefreshAsync(id));
        Assert.Equal(stored, await StateAsync()); // not rewritten, still listed as the feed's current entries

        // As after an upgrade (stored without a source hash, or by another build): sanitized again, found equal,
        // and only the hash is recorded; the entries do not count as updated and keep their change time.
        await using (var connection = await db.OpenAsync())
            await connection.ExecuteAsync("UPDATE entries SET source_hash = CASE WHEN id % 2 = 0 THEN NULL ELSE 'other build' END WHERE feed_id = @id", new { id });
        Assert.Equal(new(id, true, false, 0, 0, null), await env.Refresher.RefreshAsync(id));
        Assert.Equal(stored, await StateAsync());
    }

    /// <summary>current_entry_ids as text: a JSON array on SQLite, a bigint[] on PostgreSQL.</summary>
    static string CurrentIds(object? value) =>
        string.Join(",", value is long[] ids ? ids : System.Text.Json.JsonSerializer.Deserialize<long[]>((string)value!)!);

    public static TheoryData<string, string> Failures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, error) in FeedFarm.Failing) data.Add(path, error);
        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_failure_is_recorded_on_the_feed_with_backoff(string path, string expectedError)
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync(farm.Url(path));
        var before = DateTimeOffset.UtcNow;

        var outcome = await env.Refresher.RefreshAsync(id);
        Assert.False(outcome.Success);
        Assert.Contains(expectedError, outcome.Error);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error));

        var feed = await env.FeedAsync(id);
        Assert.Equal(1, feed.ErrorCount);
        Assert.Equal(outcome.Error, feed.LastError);
        Assert.True(feed.NextCheckAt >= before.AddMinutes(5));
        Assert.Empty(await env.EntriesAsync(id));

        var again = await env.Refresher.RefreshAsync(id);
        Assert.False(again.Success);
        var after = await env.FeedAsync(id);
        Assert.Equal(2, after.ErrorCount);
        Assert.True(after.NextCheckAt >= before.AddMinutes(10));
    }

    [Fact]
    public async Task Retry_after_on_429_postpones_the_next_check()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync(farm.Url("/busy.xml"));
        var before = DateTimeOffset.UtcNow;
        await env.Refresher.RefreshAsync(id);
        Assert.True((await env.FeedAsync(id)).NextCheckAt >= before.AddMinutes(60));
    }

    [Fact]
    public async Task A_private_address_is_refused_and_recorded()
    {
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync("http://169.254.169.254/latest/meta-data/");
        var outcome = await env.Refresher.RefreshAsync(id);
        Assert.StartsWith("refused to connect to 169.254.169.254", outcome.Error);
        Assert.Equal(outcome.Error, (await env.FeedAsync(id)).LastError);
    }

    [Fact]
    public async Task Success_after_failures_clears_the_error()
    {
        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        var id = await env.SubscribeAsync(farm.Url("/good/7.xml"));
        await env.Feeds.RecordFailureAsync(id, "earlier trouble", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        Assert.True((await env.Refresher.RefreshAsync(id)).Success);
        var feed = await env.FeedAsync(id);
        Assert.Equal(0, feed.ErrorCount);
        Assert.Null(feed.LastError);
    }

    [Fact]
    public async Task Refreshes_are_counted_in_metrics()
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Inertia.Fetching.FetchMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var result = "";
            foreach (var tag in tags) if (tag.Key == "result") result = (string)tag.Value!;
            counts.AddOrUpdate($"{instrument.Name}:{result}", value, (_, v) => v + value);
        });
        listener.Start();

        await using var farm = await FeedFarm.StartAsync();
        await using var env = await RefreshEnvironment.CreateAsync();
        await env.Refresher.RefreshAsync(await env.SubscribeAsync(farm.Url("/good/1.xml")));
        await env.Refresher.RefreshAsync(await env.SubscribeAsync(farm.Url("/broken.xml")));

        // Other tests may refresh at the same time: at least ours were counted.
        Assert.True(counts.GetValueOrDefault("inertia.feed.refreshes:ok") >= 1);
        Assert.True(counts.GetValueOrDefault("inertia.feed.refreshes:error") >= 1);
        Assert.True(counts.GetValueOrDefault("inertia.feed.entries.inserted:") >= 3);
    }

    [Fact]
    public async Task Unknown_feed_id_is_an_outcome_not_an_exception()
    {
        await using var env = await RefreshEnvironment.CreateAsync();
        var outcome = await env.Refresher.RefreshAsync(424242);
        Assert.False(outcome.Success);
        Assert.Equal("feed 424242 does not exist", outcome.Error);
    }
}
