using Inertia.Storage;
using Inertia.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inertia.Tests.Storage;

public class StorageServicesTests
{
    [Fact]
    public async Task AddStorage_binds_the_storage_section_and_registers_every_store()
    {
        using var temp = new TempSqliteDatabase();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = temp.DataDirectory,
            ["Storage:Retention:ReadDays"] = "7",
            ["Storage:Retention:Interval"] = "00:10:00",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddStorage(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<StorageOptions>();
        Assert.Equal((7, 180, TimeSpan.FromMinutes(10)), (options.Retention.ReadDays, options.Retention.UnreadDays, options.Retention.Interval));
        var db = services.GetRequiredService<Database>();
        Assert.Equal(DatabaseProvider.Sqlite, db.Provider);
        await db.MigrateAsync();
        Assert.True(File.Exists(temp.FilePath));
        var userId = await services.GetRequiredService<UserStore>().CreateAsync("di", "h", isAdmin: false);
        Assert.NotNull(services.GetRequiredService<FeedStore>());
        Assert.NotNull(services.GetRequiredService<SubscriptionStore>());
        Assert.NotNull(services.GetRequiredService<EntryStore>());
        Assert.NotNull(services.GetRequiredService<SearchStore>());
        Assert.NotNull(services.GetRequiredService<RetentionStore>());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is StorageMaintenance);
        Assert.Equal("di", (await services.GetRequiredService<UserStore>().GetAsync(userId))?.Username);
    }

    [Fact]
    public async Task SQLite_runs_without_its_allocation_statistics()
    {
        using var temp = new TempSqliteDatabase();
        await using var db = new Database(temp.Options);
        await db.MigrateAsync();
        await using var connection = await db.OpenAsync();
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM users WHERE username <> ''") + 1);

        // Applied before the library's first connection: SQLite then counts no allocation at all.
        Assert.Equal(0, SqliteLibrary.MemoryStatisticsResult);
        Assert.Equal(0L, SQLitePCL.raw.sqlite3_memory_used());
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Database(new StorageOptions { Provider = DatabaseProvider.Postgres }));
        Assert.Contains("Storage:ConnectionString", e.Message);
    }
}

public abstract class StorageMaintenanceTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Fact]
    public async Task A_maintenance_round_applies_the_configured_retention()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("old", DateTimeOffset.UtcNow.AddDays(-400)), Entry("recent", DateTimeOffset.UtcNow.AddDays(-1))], T0);
        await Entries.UpsertAsync(feed, [], T0);
        var options = new StorageOptions { Retention = new RetentionSettings { ReadDays = 30, UnreadDays = 365, KeepPerFeed = 0 } };
        var maintenance = new StorageMaintenance(Db, new RetentionStore(Db), options, NullLogger<StorageMaintenance>.Instance);

        Assert.Equal(1, await maintenance.RunOnceAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(["Title recent"], (await Entries.ListAsync(user, new EntryQuery())).Select(e => e.Title));
        Assert.Equal(0, await maintenance.RunOnceAsync(DateTimeOffset.UtcNow, CancellationToken.None)); // nothing left to expire
    }
}

public sealed class SqliteStorageMaintenanceTests() : StorageMaintenanceTests(DatabaseProvider.Sqlite);
public sealed class PostgresStorageMaintenanceTests() : StorageMaintenanceTests(DatabaseProvider.Postgres);
