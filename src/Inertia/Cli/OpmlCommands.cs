using System.CommandLine;
using Inertia.Feeds.Opml;
using Inertia.Subscriptions;

namespace Inertia.Cli;

public static class OpmlCommands
{
    private static Option<string> UserOption() => new("--user") { Description = "The user's name", Required = true };

    public static Command BuildImport()
    {
        var file = new Argument<FileInfo>("file") { Description = "An OPML file" };
        var user = UserOption();
        var command = new Command("import", "Subscribe a user to the feeds of an OPML file") { file, user };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetRequiredValue(file);
            OpmlDocument document;
            try
            {
                document = Opml.Read(await File.ReadAllBytesAsync(path.FullName, ct));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpmlException)
            {
                return UserCommands.Fail($"cannot import {path.Name}: {e.Message}");
            }

            await using var host = await CliHost.OpenAsync(result, ct);
            var owner = await host.FindUserAsync(result.GetRequiredValue(user), ct);
            if (owner is null) return 1;
            var outcome = await host.Get<OpmlImport>().ImportAsync(owner.Id, document, ct);
            foreach (var failure in outcome.Failed) Console.Error.WriteLine($"skipped {failure.Url}: {failure.Reason}");
            Console.WriteLine($"{outcome.Added} added, {outcome.AlreadySubscribed} already subscribed, {outcome.Failed.Count} failed");
            return 0;
        });
        return command;
    }

    public static Command BuildExport()
    {
        var user = UserOption();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (default: standard output)" };
        var command = new Command("export", "Print a user's subscriptions as OPML") { user, output };
        command.SetAction(async (result, ct) =>
        {
            await using var host = await CliHost.OpenAsync(result, ct);
            var owner = await host.FindUserAsync(result.GetRequiredValue(user), ct);
            if (owner is null) return 1;
            var bytes = Opml.Write(await host.Get<OpmlExport>().BuildAsync(owner.Id, owner.Username, ct));
            if (result.GetValue(output) is { } file) await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, ct);
            }
            return 0;
        });
        return command;
    }
}
