using System.CommandLine;
using Inertia.Storage;

namespace Inertia.Cli;

public static class BackupCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the copy (must not exist)" };
        var command = new Command("backup", "Copy the SQLite database while Inertia runs (PostgreSQL: use pg_dump)") { file };
        command.SetAction(async (result, ct) =>
        {
            var target = result.GetRequiredValue(file);
            if (target.Exists) return UserCommands.Fail($"{target.FullName} already exists");
            await using var host = await CliHost.OpenAsync(result, ct);
            var database = host.Get<Database>();
            if (database.Provider != DatabaseProvider.Sqlite)
                return UserCommands.Fail("backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/configuration.md)");
            await database.BackupSqliteAsync(target.FullName, ct);
            Console.WriteLine($"backed up to {target.FullName}");
            return 0;
        });
        return command;
    }
}
