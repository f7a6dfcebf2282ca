using Inertia.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Inertia.Tests.Support;

/// <summary>
/// The real Inertia web server, composed exactly as `inertia serve` composes it, on 127.0.0.1 and a free port,
/// with its own database (a fresh SQLite folder, or a PostgreSQL connection string).
/// Loopback fetching is allowed explicitly: tests serve their feeds from 127.0.0.1.
/// </summary>
public sealed class InertiaServer : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct-horse-battery";

    private readonly WebApplication app;
    private readonly string? tempDir;

    private InertiaServer(WebApplication app, Uri baseUri, string? tempDir)
    {
        this.app = app;
        BaseUri = baseUri;
        this.tempDir = tempDir;
    }

    public Uri BaseUri { get; }

    public IServiceProvider Services => app.Services;

    public string Url(string path) => new Uri(BaseUri, path).ToString();

    /// <param name="postgresConnectionString">null: a fresh SQLite database in a temporary folder.</param>
    public static async Task<InertiaServer> StartAsync(string? postgresConnectionString = null, IDictionary<string, string>? settings = null)
    {
        string? tempDir = null;
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--INERTIA_ADMIN_USER={AdminUser}",
            $"--INERTIA_ADMIN_PASSWORD={AdminPassword}",
            "--Fetching:AllowedNetworks:0=127.0.0.0/8",
            "--Logging:LogLevel:Default=Warning",
        };
        if (postgresConnectionString is null)
        {
            tempDir = Directory.CreateTempSubdirectory("inertia-test-").FullName;
            args.Add("--Storage:Provider=Sqlite");
            args.Add($"--Storage:DataDirectory={tempDir}");
        }
        else
        {
            args.Add("--Storage:Provider=Postgres");
            args.Add($"--Storage:ConnectionString={postgresConnectionString}");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) args.Add($"--{key}={value}");

        var app = InertiaHost.Build([.. args]);
        await InertiaHost.PrepareAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InertiaServer(app, new Uri(address + "/"), tempDir);
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (tempDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(tempDir, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }
}
