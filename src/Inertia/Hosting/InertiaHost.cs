using Inertia.Accounts;
using Inertia.Fetching;
using Inertia.Fetching.Icons;
using Inertia.Fetching.WebSub;
using Inertia.Public;
using Inertia.Reader;
using Inertia.Storage;
using Inertia.Subscriptions;

namespace Inertia.Hosting;

/// <summary>Composes the web server: storage, fetching, the reader UI. Used by the "serve" command, the CLI and tests.</summary>
public static class InertiaHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Razor Pages and static assets are found through the application name, also when a test host runs us.
            ApplicationName = typeof(InertiaHost).Assembly.GetName().Name,
            // appsettings.json and static assets come with the binaries, wherever the command is run from;
            // relative paths in settings (the data folder) stay relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // INERTIA_-prefixed variables too (INERTIA_Storage__Provider=Postgres), besides the plain ones.
        builder.Configuration.AddEnvironmentVariables("INERTIA_");
        builder.Configuration.AddCommandLine(args);
        // Serves wwwroot from the build output's asset manifest when not published (dotnet run, tests).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddFetching(builder.Configuration);
        builder.Services.AddSubscriptions();
        builder.Services.AddReader(builder.Configuration);
        builder.Services.AddPublic(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.UseReader();
        app.UsePublic();
        app.MapWebSubCallback();
        app.MapFeedIcons();
        return app;
    }

    /// <summary>Migrates the database and makes sure an admin exists; runs before the server accepts requests.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        await app.Services.GetRequiredService<Database>().MigrateAsync(ct);
        await FirstAdmin.EnsureAsync(app.Services, ct);
    }
}
