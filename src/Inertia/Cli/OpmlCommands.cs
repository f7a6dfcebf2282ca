using System.CommandLine;
using System.Text.Json;
using Inertia.Feeds.Opml;
using Inertia.Subscriptions;

namespace Inertia.Cli;

/// <summary>
/// <c>import</c> and <c>export</c>. An export folder holds <c>subscriptions.opml</c> (plain OPML 2.0, which any feed
/// reader imports) and <c>starred.json</c> (the starred entries, <see cref="StarredFile"/>, which only Inertia reads):
/// two files rather than one bundle, so the subscriptions stay usable elsewhere as they are.
/// </summary>
public static class OpmlCommands
{
    public const string OpmlFileName = "subscriptions.opml";
    public const string StarredFileName = "starred.json";

    private static Option<string> UserOption() => new("--user") { Description = "The user's name", Required = true };

    public static Command BuildImport()
    {
        var path = new Argument<string>("path")
        {
            Description = $"An OPML file, a {StarredFileName} file, or a folder written by export ({OpmlFileName} and {StarredFileName})",
        };
        var user = UserOption();
        var command = new Command("import", "Subscribe a user to an OPML file's feeds and restore exported starred entries") { path, user };
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetRequiredValue(path);
            string? opmlPath = given, starredPath = null;
            if (Directory.Exists(given))
            {
                opmlPath = Path.Combine(given, OpmlFileName);
                starredPath = Path.Combine(given, StarredFileName);
                if (!File.Exists(opmlPath)) opmlPath = null;
                if (!File.Exists(starredPath)) starredPath = null;
                if (opmlPath is null && starredPath is null)
                    return UserCommands.Fail($"cannot import {given}: the folder has neither {OpmlFileName} nor {StarredFileName}");
            }
            else if (given.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                (opmlPath, starredPath) = (null, given);
            }

            // Both files are read and checked before anything is written: a bad file imports nothing.
            OpmlDocument? document = null;
            IReadOnlyList<StarredFileEntry>? starred = null;
            var current = opmlPath ?? starredPath!;
            try
            {
                if (opmlPath is not null) document = Opml.Read(await File.ReadAllBytesAsync(opmlPath, ct));
                current = starredPath ?? current;
                if (starredPath is not null) starred = StarredImport.Parse(await File.ReadAllBytesAsync(starredPath, ct));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpmlException or StarredFileException)
            {
                return UserCommands.Fail($"cannot import {Path.GetFileName(current)}: {e.Message}");
            }

            await using var host = await CliHost.OpenAsync(result, ct);
            var owner = await host.FindUserAsync(result.GetRequiredValue(user), ct);
            if (owner is null) return 1;
            if (document is not null)
            {
                var outcome = await host.Get<OpmlImport>().ImportAsync(owner.Id, document, ct);
                foreach (var failure in outcome.Failed) Console.Error.WriteLine($"skipped {failure.Url}: {failure.Reason}");
                Console.WriteLine($"{outcome.Added} added, {outcome.AlreadySubscribed} already subscribed, {outcome.Failed.Count} failed");
            }
            if (starred is not null)
            {
                var stored = await host.Get<StarredImport>().ImportAsync(owner.Id, starred, ct);
                Console.WriteLine($"{starred.Count} starred entries: {stored.Inserted} stored, {stored.Merged} already there");
            }
            return 0;
        });
        return command;
    }

    public static Command BuildExport()
    {
        var user = UserOption();
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"A folder: writes {OpmlFileName} and {StarredFileName} there (created if missing). " +
                          "A path ending in .opml or .xml: the OPML alone. Default: the OPML on standard output",
        };
        var command = new Command("export", "Export a user's subscriptions (OPML) and starred entries (JSON)") { user, output };
        command.SetAction(async (result, ct) =>
        {
            await using var host = await CliHost.OpenAsync(result, ct);
            var owner = await host.FindUserAsync(result.GetRequiredValue(user), ct);
            if (owner is null) return 1;
            var bytes = Opml.Write(await host.Get<OpmlExport>().BuildAsync(owner.Id, owner.Username, ct));
            var target = result.GetValue(output);
            if (target is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, ct);
                return 0;
            }
            try
            {
                if (!Directory.Exists(target) && (target.EndsWith(".opml", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
                {
                    await File.WriteAllBytesAsync(target, bytes, ct);
                    return 0;
                }
                Directory.CreateDirectory(target);
                var starred = await host.Get<StarredExport>().BuildAsync(owner.Id, owner.Username, ct);
                // Each file is written beside its final name and renamed, so an interrupted export never leaves half a file.
                await WriteAtomicallyAsync(Path.Combine(target, OpmlFileName), bytes, ct);
                await WriteAtomicallyAsync(Path.Combine(target, StarredFileName), JsonSerializer.SerializeToUtf8Bytes(starred, StarredFile.Json), ct);
                Console.WriteLine($"wrote {Path.Combine(target, OpmlFileName)} and {Path.Combine(target, StarredFileName)} ({starred.Entries.Count} starred entries)");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return UserCommands.Fail($"cannot export to {target}: {e.Message}");
            }
        });
        return command;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: true);
    }
}
