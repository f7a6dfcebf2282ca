using System.CommandLine;
using Inertia.Fetching;
using Inertia.Fetching.Scheduling;
using Inertia.Storage;

namespace Inertia.Cli;

public static class RefreshCommand
{
    public static Command Build()
    {
        var feed = new Option<long?>("--feed") { Description = "Refresh only this feed id (default: every followed feed)" };
        var command = new Command("refresh", "Fetch feeds now and print what changed") { feed };
        command.SetAction(async (result, ct) =>
        {
            await using var host = await CliHost.OpenAsync(result, ct);
            IReadOnlyList<RefreshOutcome> outcomes;
            if (result.GetValue(feed) is { } id)
            {
                if (await host.Get<FeedStore>().GetAsync(id, ct) is null) return UserCommands.Fail($"no feed with id {id}");
                outcomes = [await host.Get<FeedRefresher>().RefreshAsync(id, ct)];
            }
            else
            {
                // Every followed feed becomes due, then goes through the scheduler's pool with its per-host limit,
                // so a manual refresh is as polite to publishers as the background one.
                var feeds = host.Get<FeedStore>();
                foreach (var user in await host.Get<UserStore>().ListAsync(ct)) await feeds.ScheduleAllNowForUserAsync(user.Id, ct);
                outcomes = await host.Get<RefreshScheduler>().RefreshDueAsync(ct);
            }

            // Large batches are indexed for search after they are stored (SearchIndexer, which only the server runs):
            // finish that here, so everything this command stored can be found once it exits.
            while (await host.Get<SearchStore>().IndexPendingAsync(1000, ct) > 0) { }

            foreach (var outcome in outcomes)
            {
                var status = outcome.Success
                    ? outcome.NotModified ? "not modified" : $"{outcome.Inserted} new, {outcome.Updated} updated"
                    : "error: " + outcome.Error;
                Console.WriteLine($"feed {outcome.FeedId}: {status}");
            }
            var failures = outcomes.Count(o => !o.Success);
            Console.WriteLine($"{outcomes.Count} feeds refreshed, {failures} failed");
            return failures == 0 ? 0 : 2;
        });
        return command;
    }
}
