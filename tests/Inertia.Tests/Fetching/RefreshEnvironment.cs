using Inertia.Fetching;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inertia.Tests.Fetching;

/// <summary>
/// The real storage (a fresh SQLite file, or a fresh database on the test PostgreSQL server, migrated) and the real
/// fetching services wired as the app wires them, with one user who follows the feeds the test subscribes.
/// More "nodes" (service sets on the same database) can be added to test several processes sharing PostgreSQL.
/// </summary>
public sealed class RefreshEnvironment : IAsyncDisposable
{
    readonly TempSqliteDatabase? _sqlite;
    readonly string? _postgres;
    readonly Dictionary<string, string?> _settings;
    readonly List<ServiceProvider> _nodes = [];

    RefreshEnvironment(Dictionary<string, string?> settings, TempSqliteDatabase? sqlite, string? postgres)
    {
        _settings = settings;
        _sqlite = sqlite;
        _postgres = postgres;
        Services = AddNode();
    }

    /// <summary>The first node's services.</summary>
    public ServiceProvider Services { get; }
    public long UserId { get; private set; }
    public FeedStore Feeds => Services.GetRequiredService<FeedStore>();
    public EntryStore Entries => Services.GetRequiredService<EntryStore>();
    public FeedRefresher Refresher => Services.GetRequiredService<FeedRefresher>();

    public static async Task<RefreshEnvironment> CreateAsync(
        IDictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var values = new Dictionary<string, string?>
        {
            ["Fetching:AllowedNetworks:0"] = "127.0.0.0/8",
            // Long enough for any loopback fetch on a loaded machine; the slow-drip feed still hits it.
            ["Fetching:RequestTimeout"] = "00:00:08",
            ["Fetching:SchedulerEnabled"] = "false",
        };
        TempSqliteDatabase? sqlite = null;
        string? postgres = null;
        if (provider == DatabaseProvider.Postgres)
        {
            postgres = await PostgresServer.Instance.CreateDatabaseAsync("fetching");
            values["Storage:Provider"] = "Postgres";
            values["Storage:ConnectionString"] = postgres;
        }
        else
        {
            sqlite = new TempSqliteDatabase();
            values["Storage:Provider"] = "Sqlite";
            values["Storage:DataDirectory"] = sqlite.DataDirectory;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;

        var environment = new RefreshEnvironment(values, sqlite, postgres);
        await environment.Services.GetRequiredService<Database>().MigrateAsync();
        environment.UserId = await environment.Services.GetRequiredService<UserStore>().CreateAsync("reader", "hash", isAdmin: false);
        return environment;
    }

    /// <summary>Another independent set of services on the same database, as a second Inertia process would have.</summary>
    public ServiceProvider AddNode()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var node = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddStorage(configuration)
            .AddFetching(configuration)
            .BuildServiceProvider();
        _nodes.Add(node);
        return node;
    }

    /// <summary>Creates the feed and subscribes the user, so the scheduler considers it.</summary>
    public async Task<long> SubscribeAsync(string url)
    {
        var feed = await Feeds.GetOrCreateAsync(url);
        await Services.GetRequiredService<SubscriptionStore>().SubscribeAsync(UserId, feed.Id, null, null);
        return feed.Id;
    }

    public async Task<FeedRecord> FeedAsync(long id) => (await Feeds.GetAsync(id))!;

    public async Task<IReadOnlyList<EntryListItem>> EntriesAsync(long feedId) =>
        await Entries.ListAsync(UserId, new EntryQuery(FeedId: feedId, Limit: 500));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        if (_postgres is not null) await PostgresServer.Instance.DropDatabaseAsync(_postgres);
        _sqlite?.Dispose();
    }
}
