using Dapper;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;

namespace Inertia.Tests.Storage;

/// <summary>
/// PostgreSQL keeps what a prepared statement's planning bought across the pool: a pooled connection comes back with its
/// session (and so its cached plans), and an entry list is planned once, not at every page. One pooled connection, so
/// every call below runs on the same server session.
/// </summary>
public sealed class PostgresPlanCacheTests : IAsyncLifetime
{
    private StorageOptions _options = null!;
    private Database _db = null!;

    public async Task InitializeAsync()
    {
        _options = await PostgresServer.Instance.CreateStorageOptionsAsync(nameof(PostgresPlanCacheTests));
        _db = new Database(new StorageOptions
        {
            Provider = DatabaseProvider.Postgres, ConnectionString = _options.ConnectionString + ";Maximum Pool Size=1",
        });
        await _db.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await PostgresServer.Instance.DropDatabaseAsync(_options.ConnectionString!);
    }

    [Fact]
    public async Task A_pooled_connection_comes_back_with_its_session()
    {
        await using (var connection = await _db.OpenAsync())
            await connection.ExecuteAsync("SET inertia.probe = 'kept'");
        await using (var again = await _db.OpenAsync())
            Assert.Equal("kept", await again.ExecuteScalarAsync<string>("SELECT current_setting('inertia.probe', true)"));
    }

    [Fact]
    public async Task An_unread_list_is_planned_once_for_every_page()
    {
        var users = new UserStore(_db);
        var feeds = new FeedStore(_db);
        var subscriptions = new SubscriptionStore(_db);
        var entries = new EntryStore(_db);
        var user = await users.CreateAsync("alice", "hash", isAdmin: false);
        var category = await subscriptions.GetOrCreateCategoryAsync(user, "Tech");
        var feed = (await feeds.GetOrCreateAsync("https://example.org/feed.xml")).Id;
        await subscriptions.SubscribeAsync(user, feed, category, null);
        var t0 = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        await entries.UpsertAsync(feed, Enumerable.Range(0, 30).Select(i => new EntryData(
            $"e{i}", $"e{i}", $"https://example.org/{i}", $"Title {i}", null, null, $"<p>{i}</p>", t0.AddHours(-i), null, [], [], null, null)).ToList(), t0);

        const int Calls = 12;
        var listed = new List<long>();
        for (var i = 0; i < Calls; i++)
            listed.AddRange((await entries.ListAsync(user, new EntryQuery(EntryFilter.Unread, CategoryId: category, Limit: 10))).Select(e => e.Id));
        Assert.Equal(Calls * 10, listed.Count);

        await using var connection = await _db.OpenAsync();
        var plans = (await connection.QueryAsync<(long Generic, long Custom)>(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM unread_entries u WHERE%'")).Single();
        // Npgsql prepares a statement at its third use; every execution after that reuses the one generic plan.
        Assert.Equal(0, plans.Custom);
        Assert.Equal(Calls - 2, plans.Generic);
    }
}
