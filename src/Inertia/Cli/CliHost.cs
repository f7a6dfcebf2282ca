using System.CommandLine;
using Inertia.Hosting;
using Inertia.Storage;

namespace Inertia.Cli;

/// <summary>
/// The same composition as the server (same configuration, same services) for one-shot commands:
/// nothing listens and no background work starts; the database is migrated first.
/// </summary>
public sealed class CliHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private CliHost(WebApplication app) => this.app = app;

    public IServiceProvider Services => app.Services;

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public static async Task<CliHost> OpenAsync(ParseResult result, CancellationToken ct, bool migrate = true)
    {
        var app = InertiaHost.Build([.. CommandLine.HostArguments(result), "--Logging:LogLevel:Default=Warning", "--Fetching:SchedulerEnabled=false"]);
        if (migrate) await app.Services.GetRequiredService<Database>().MigrateAsync(ct);
        return new CliHost(app);
    }

    /// <summary>Looks a user up by name, printing a clear error when there is none.</summary>
    public async Task<UserRecord?> FindUserAsync(string username, CancellationToken ct)
    {
        var user = await Get<UserStore>().FindByNameAsync(username, ct);
        if (user is null) await Console.Error.WriteLineAsync($"error: no user named \"{username}\"");
        return user;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
