using Inertia.Fetching;
using Inertia.Hosting;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inertia.Tests.Fetching.WebSub;

/// <summary>A clock tests can move forward (lease renewals are weeks away in real time).</summary>
public sealed class ShiftedClock : TimeProvider
{
    TimeSpan _offset;
    public void Advance(TimeSpan by) => _offset += by;
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}

/// <summary>
/// The real Inertia web server (InertiaHost.Build, as `inertia serve` composes it) on 127.0.0.1 with its own SQLite
/// folder or PostgreSQL database, the background workers off (tests drive them), a movable clock, and its own address
/// as Fetching:PublicUrl, so loopback hubs can call it back.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string? _directory;
    readonly string? _postgres;

    TestSite(WebApplication app, Uri baseUri, ShiftedClock clock, string? directory, string? postgres)
    {
        _app = app;
        Clock = clock;
        BaseUri = baseUri;
        _directory = directory;
        _postgres = postgres;
    }

    public Uri BaseUri { get; }
    public ShiftedClock Clock { get; }
    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<TestSite> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, bool publicUrl = true, params string[] settings)
    {
        var clock = new ShiftedClock();
        string? directory = null, postgres = null;
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--Fetching:AllowedNetworks:0=127.0.0.0/8",
            "--Fetching:SchedulerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
            "--INERTIA_ADMIN_PASSWORD=admin-password-for-tests",
        };
        if (provider == DatabaseProvider.Postgres)
        {
            postgres = await PostgresServer.Instance.CreateDatabaseAsync("websub");
            args.Add("--Storage:Provider=Postgres");
            args.Add($"--Storage:ConnectionString={postgres}");
        }
        else
        {
            directory = Directory.CreateTempSubdirectory("inertia-websub-").FullName;
            args.Add("--Storage:Provider=Sqlite");
            args.Add($"--Storage:DataDirectory={directory}");
        }
        args.AddRange(settings);
        var app = InertiaHost.Build([.. args], b => b.Services.AddSingleton<TimeProvider>(clock));
        await InertiaHost.PrepareAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // The address is known only once the server listens on its free port; hubs reach us there.
        if (publicUrl) app.Services.GetRequiredService<IOptions<FetchingOptions>>().Value.PublicUrl = address;
        return new TestSite(app, new Uri(address + "/"), clock, directory, postgres);
    }

    public async Task<long> CreateUserAsync(string name, string password = "reader-password")
    {
        var hash = new PasswordHasher<UserRecord>().HashPassword(null!, password);
        return await Get<UserStore>().CreateAsync(name, hash, isAdmin: false);
    }

    /// <summary>The feed row for <paramref name="url"/>, followed by <paramref name="userId"/>.</summary>
    public async Task<long> FollowAsync(long userId, string url)
    {
        var feed = await Get<FeedStore>().GetOrCreateAsync(url);
        await Get<SubscriptionStore>().SubscribeAsync(userId, feed.Id, null, null);
        return feed.Id;
    }

    public async Task<IReadOnlyList<string?>> TitlesAsync(long userId, long feedId) =>
        (await Get<EntryStore>().ListAsync(userId, new EntryQuery(FeedId: feedId, Limit: 500))).Select(e => e.Title).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null) await PostgresServer.Instance.DropDatabaseAsync(_postgres);
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }
}
