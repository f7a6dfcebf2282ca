using Inertia.Feeds.Model;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;

namespace Inertia.Tests.Storage;

/// <summary>
/// Every storage test runs against both dialects: each abstract test class has a Sqlite and a Postgres subclass.
/// Each test gets a fresh, migrated database (a temporary SQLite file, or a new database on the shared server).
/// </summary>
public abstract class StorageTestBase(DatabaseProvider provider) : IAsyncLifetime
{
    private TempSqliteDatabase? _sqlite;
    private StorageOptions? _options;

    protected DatabaseProvider Provider => provider;
    /// <summary>The options of this test's database (another <see cref="Database"/> on them acts as a second node).</summary>
    protected StorageOptions Options => _options!;
    protected Database Db { get; private set; } = null!;
    protected UserStore Users { get; private set; } = null!;
    protected FeedStore Feeds { get; private set; } = null!;
    protected SubscriptionStore Subscriptions { get; private set; } = null!;
    protected EntryStore Entries { get; private set; } = null!;

    /// <summary>A fixed "now" so tests do not depend on the clock.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _options = await NewOptionsAsync();
        Db = new Database(_options);
        await Db.MigrateAsync();
        Users = new UserStore(Db);
        Feeds = new FeedStore(Db);
        Subscriptions = new SubscriptionStore(Db);
        Entries = new EntryStore(Db);
    }

    /// <summary>Options for another empty database of the same dialect (not migrated).</summary>
    protected async Task<StorageOptions> NewOptionsAsync()
    {
        if (provider == DatabaseProvider.Postgres)
            return await PostgresServer.Instance.CreateStorageOptionsAsync(GetType().Name);
        _sqlite ??= new TempSqliteDatabase();
        return _options is null ? _sqlite.Options : new StorageOptions
        {
            Provider = DatabaseProvider.Sqlite, DataDirectory = Path.Combine(_sqlite.DataDirectory, Guid.NewGuid().ToString("N")),
        };
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        if (provider == DatabaseProvider.Postgres && _options?.ConnectionString is { } cs)
            await PostgresServer.Instance.DropDatabaseAsync(cs);
        _sqlite?.Dispose();
    }

    protected async Task<long> NewUserAsync(string name = "alice") => await Users.CreateAsync(name, "hash-" + name, isAdmin: false);

    protected async Task<long> NewFeedAsync(string url = "https://example.org/feed.xml") => (await Feeds.GetOrCreateAsync(url)).Id;

    protected static EntryData Entry(string key, DateTimeOffset? published = null, string? title = null, string? content = null) =>
        new(key, key, $"https://example.org/{Uri.EscapeDataString(key)}", title ?? $"Title {key}", "Author",
            "<p>Summary of " + key + "</p>", content ?? $"<p>Content of {key}</p>", published, null,
            ["news"], [new Enclosure("https://example.org/a.mp3", "audio/mpeg", 123)], null, null);

    /// <summary>n entries one hour apart: key {prefix}{i} published T0 - (i + 1) hours, so {prefix}0 is the newest.</summary>
    protected static List<EntryData> Batch(int n, string prefix = "e") =>
        Enumerable.Range(0, n).Select(i => Entry($"{prefix}{i}", T0.AddHours(-(i + 1)))).ToList();
}
