using System.CommandLine;

namespace Inertia.Cli;

/// <summary>
/// The `inertia` command line. With no command it serves. Database options apply to every command and
/// override configuration (appsettings.json, INERTIA_* / Storage__* environment variables).
/// </summary>
public static class CommandLine
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Folder of the SQLite database (default ./data)",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "Database provider: sqlite (default) or postgres",
        Recursive = true,
    };

    public static readonly Option<string?> ConnectionString = new("--connection-string")
    {
        Description = "Database connection string (required for postgres)",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Inertia (惯性聚合): a self-hosted, local-first feed aggregator.");
        root.Add(DataDir);
        root.Add(Database);
        root.Add(ConnectionString);

        var serve = ServeCommand.Build();
        root.Add(serve);
        root.Add(UserCommands.Build());
        root.Add(OpmlCommands.BuildImport());
        root.Add(OpmlCommands.BuildExport());
        root.Add(RefreshCommand.Build());
        root.Add(ParseCommand.Build());
        root.Add(BackupCommand.Build());

        // `inertia` alone runs the server, as `inertia serve` does.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => ServeCommand.RunAsync(result, ct));
        return root;
    }

    /// <summary>Configuration overrides from the global options, as ASP.NET Core command-line arguments.</summary>
    public static string[] HostArguments(ParseResult result)
    {
        var args = new List<string>();
        if (result.GetValue(DataDir) is { } dir) args.Add($"--Storage:DataDirectory={dir}");
        if (result.GetValue(Database) is { } provider) args.Add($"--Storage:Provider={provider}");
        if (result.GetValue(ConnectionString) is { } cs) args.Add($"--Storage:ConnectionString={cs}");
        return [.. args];
    }
}
