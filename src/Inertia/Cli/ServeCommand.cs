using System.CommandLine;
using Inertia.Hosting;

namespace Inertia.Cli;

public static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls")
    {
        Description = "Addresses to listen on (default http://localhost:8080)",
    };

    public static Command Build()
    {
        var command = new Command("serve", "Run the web server and the background refresh (the default command)");
        command.Add(Urls);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, ct));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult result, CancellationToken ct)
    {
        var args = CommandLine.HostArguments(result).ToList();
        if (result.CommandResult.Command.Options.Contains(Urls) && result.GetValue(Urls) is { } urls) args.Add($"--urls={urls}");
        // Anything else is handed to ASP.NET Core as configuration (e.g. --Fetching:MaxParallel=8).
        args.AddRange(result.UnmatchedTokens);

        var app = InertiaHost.Build([.. args]);
        await InertiaHost.PrepareAsync(app, ct);
        // RunAsync completes on SIGINT/SIGTERM after the host's graceful shutdown (in-flight work drains).
        await app.RunAsync();
        return 0;
    }
}
