using Inertia.Storage;

namespace Inertia.Tests.Storage;

public abstract class FeedStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Get_or_create_returns_the_same_feed_for_the_same_url()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var a = await Feeds.GetOrCreateAsync("https://example.org/feed");
        var b = await Feeds.GetOrCreateAsync("https://example.org/feed");
        var c = await Feeds.GetOrCreateAsync("https://example.org/other");
        Assert.Equal(a, b);
        Assert.NotEqual(a.Id, c.Id);
        Assert.Equal("https://example.org/feed", a.Url);
        Assert.Equal(0, a.ErrorCount);
        Assert.Null(a.LastCheckedAt);
        Assert.InRange(a.NextCheckAt, before, DateTimeOffset.UtcNow.AddSeconds(1)); // due now
        Assert.Equal(a, await Feeds.GetAsync(a.Id));
        Assert.Null(await Feeds.GetAsync(c.Id + 1000));
    }

    [Fact]
    public async Task Claim_takes_only_due_feeds_with_subscribers_oldest_first_and_leases_them()
    {
        var user = await NewUserAsync();
        var followed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var id = await NewFeedAsync($"https://example.org/{i}");
            await Subscriptions.SubscribeAsync(user, id, null, null);
            followed.Add(id);
        }
        var orphan = await NewFeedAsync("https://example.org/nobody-follows");
        // Feed 4 is not due yet: give it a future next check.
        await Feeds.RecordNotModifiedAsync(followed[4], T0, T0.AddYears(100));

        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var first = await Feeds.ClaimDueAsync(now, 3, Lease);
        Assert.Equal(3, first.Count);
        Assert.All(first, f => Assert.Equal(Micros(now + Lease), Micros(f.NextCheckAt)));
        var second = await Feeds.ClaimDueAsync(now, 10, Lease);
        Assert.Single(second);
        Assert.Equal(followed.Take(4).Order(), first.Concat(second).Select(f => f.Id).Order());
        Assert.DoesNotContain(orphan, first.Concat(second).Select(f => f.Id));

        // Leased: nothing until the lease runs out, then the same feeds again.
        Assert.Empty(await Feeds.ClaimDueAsync(now.AddMinutes(5), 10, Lease));
        var again = await Feeds.ClaimDueAsync(now + Lease, 10, Lease);
        Assert.Equal(followed.Take(4).Order(), again.Select(f => f.Id).Order());
    }

    [Fact]
    public async Task Claim_picks_the_longest_waiting_feeds_first()
    {
        var user = await NewUserAsync();
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var id = await NewFeedAsync($"https://example.org/{i}");
            await Subscriptions.SubscribeAsync(user, id, null, null);
            await Feeds.RecordNotModifiedAsync(id, T0, T0.AddMinutes(-i)); // feed 3 has waited longest
            ids.Add(id);
        }
        var claimed = await Feeds.ClaimDueAsync(T0, 2, Lease);
        Assert.Equal([ids[2], ids[3]], claimed.Select(f => f.Id).Order());
    }

    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_feed()
    {
        var user = await NewUserAsync();
        for (var i = 0; i < 60; i++)
            await Subscriptions.SubscribeAsync(user, await NewFeedAsync($"https://example.org/{i}"), null, null);

        // Separate Database instances = separate connection pools, as two nodes would have.
        await using var other = new Database(Options);
        var stores = new[] { Feeds, new FeedStore(other) };
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var claims = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await store.ClaimDueAsync(now, 4, Lease);
                if (batch.Count == 0) return mine;
                mine.AddRange(batch.Select(f => f.Id));
            }
        })));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Fact]
    public async Task Success_failure_and_not_modified_keep_the_books()
    {
        var id = await NewFeedAsync();
        await Feeds.RecordFailureAsync(id, "HTTP 500", T0, T0.AddMinutes(5));
        await Feeds.RecordFailureAsync(id, "timeout", T0.AddMinutes(5), T0.AddMinutes(15));
        var failed = (await Feeds.GetAsync(id))!;
        Assert.Equal((2, "timeout", T0.AddMinutes(5), T0.AddMinutes(15)), (failed.ErrorCount, failed.LastError, failed.LastCheckedAt, failed.NextCheckAt));
        Assert.Null(failed.LastSuccessAt);

        var meta = new FeedMetadata("Example 示例", "https://example.org/", "About", "zh-CN", "https://example.org/icon.png", "https://hub.example.org/");
        await Feeds.RecordSuccessAsync(id, meta, "\"etag-1\"", "Sun, 01 Nov 2026 12:00:00 GMT", T0.AddMinutes(15), T0.AddHours(1));
        var ok = (await Feeds.GetAsync(id))!;
        Assert.Equal((0, (string?)null), (ok.ErrorCount, ok.LastError));
        Assert.Equal(("Example 示例", "https://example.org/", "About", "zh-CN", "https://example.org/icon.png", "https://hub.example.org/"),
            (ok.Title, ok.SiteUrl, ok.Description, ok.Language, ok.IconUrl, ok.HubUrl));
        Assert.Equal(("\"etag-1\"", "Sun, 01 Nov 2026 12:00:00 GMT"), (ok.Etag, ok.LastModified));
        Assert.Equal((T0.AddMinutes(15), T0.AddMinutes(15), T0.AddHours(1)), (ok.LastCheckedAt, ok.LastSuccessAt, ok.NextCheckAt));

        // Text PostgreSQL would refuse is cleaned, the same on both engines.
        await Feeds.RecordSuccessAsync(id, meta with { Title = "Bad\0 \udc00title" }, null, null, T0.AddMinutes(20), T0.AddHours(1));
        Assert.Equal("Bad \ufffdtitle", (await Feeds.GetAsync(id))!.Title);
        await Feeds.RecordSuccessAsync(id, meta, "\"etag-1\"", "Sun, 01 Nov 2026 12:00:00 GMT", T0.AddMinutes(15), T0.AddHours(1));

        // A later fetch without a title keeps the known one.
        await Feeds.RecordSuccessAsync(id, new FeedMetadata(null, null, null, null, null, null), null, null, T0.AddHours(1), T0.AddHours(2));
        Assert.Equal("Example 示例", (await Feeds.GetAsync(id))!.Title);

        await Feeds.RecordFailureAsync(id, "DNS", T0.AddHours(2), T0.AddHours(3));
        await Feeds.RecordNotModifiedAsync(id, T0.AddHours(3), T0.AddHours(4));
        var notModified = (await Feeds.GetAsync(id))!;
        Assert.Equal((T0.AddHours(3), T0.AddHours(3), T0.AddHours(4), 0), (notModified.LastCheckedAt, notModified.LastSuccessAt, notModified.NextCheckAt, notModified.ErrorCount));
        Assert.Equal("Example 示例", notModified.Title);
    }

    [Fact]
    public async Task Times_keep_microsecond_precision()
    {
        var id = await NewFeedAsync();
        var precise = T0.AddTicks(1234567); // 123456.7 µs: stored as 123456 µs
        await Feeds.RecordNotModifiedAsync(id, precise, precise);
        Assert.Equal(T0.AddTicks(1234560), (await Feeds.GetAsync(id))!.LastCheckedAt);
    }

    [Fact]
    public async Task Url_changes_and_a_taken_url_is_a_duplicate()
    {
        var a = await NewFeedAsync("https://old.example.org/feed");
        var b = await NewFeedAsync("https://other.example.org/feed");
        await Feeds.SetUrlAsync(a, "https://new.example.org/feed");
        Assert.Equal("https://new.example.org/feed", (await Feeds.GetAsync(a))!.Url);
        await Assert.ThrowsAsync<DuplicateException>(() => Feeds.SetUrlAsync(a, "https://other.example.org/feed"));
        Assert.Equal("https://other.example.org/feed", (await Feeds.GetAsync(b))!.Url);
    }

    [Fact]
    public async Task Schedule_now_makes_feeds_due()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var a1 = await NewFeedAsync("https://example.org/a1");
        var a2 = await NewFeedAsync("https://example.org/a2");
        var b1 = await NewFeedAsync("https://example.org/b1");
        await Subscriptions.SubscribeAsync(alice, a1, null, null);
        await Subscriptions.SubscribeAsync(alice, a2, null, null);
        await Subscriptions.SubscribeAsync(bob, b1, null, null);
        var future = DateTimeOffset.UtcNow.AddDays(1);
        foreach (var id in new[] { a1, a2, b1 }) await Feeds.RecordNotModifiedAsync(id, T0, future);

        await Feeds.ScheduleAllNowForUserAsync(alice);
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.Equal([a1, a2], (await Feeds.ClaimDueAsync(now, 10, Lease)).Select(f => f.Id));

        await Feeds.ScheduleNowAsync(b1);
        Assert.Equal([b1], (await Feeds.ClaimDueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, Lease)).Select(f => f.Id));
    }

    private static long Micros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}

public sealed class SqliteFeedStoreTests() : FeedStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresFeedStoreTests() : FeedStoreTests(DatabaseProvider.Postgres);
