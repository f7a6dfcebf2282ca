using System.Collections.Concurrent;
using Inertia.Tests.Infrastructure;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Scaling;

/// <summary>
/// Two Inertia processes on one PostgreSQL database, no coordinator: each due feed is fetched by exactly one of
/// them, and what a user does through one is what the other shows.
/// </summary>
public class TwoNodesOnPostgresTests
{
    private const int FeedCount = 60;

    [Fact]
    public async Task Two_nodes_share_the_fetching_and_the_users_state()
    {
        var fetches = new ConcurrentDictionary<int, int>();
        await using var farm = await LoopbackServer.StartAsync(app => app.MapGet("/feeds/{n:int}.xml", async (int n, HttpContext context) =>
        {
            fetches.AddOrUpdate(n, 1, (_, c) => c + 1);
            await Task.Delay(50); // a little latency, so both nodes are busy at once
            return Results.Text(
                $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Node feed {n}</title><link>http://{context.Request.Host}/</link>" +
                $"<item><title>Entry of feed {n}</title><link>http://{context.Request.Host}/{n}/1</link><guid>{n}-1</guid></item></channel></rss>",
                "application/rss+xml");
        }));

        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync("nodes");
        try
        {
            var database = new[] { "--database", "postgres", "--connection-string", connectionString };
            var (code, output) = await InertiaProcess.RunCommandAsync([.. database, "user", "add", "reader", "--password", "two-nodes-pass"]);
            Assert.True(code == 0, output);
            var opml = Path.GetTempFileName();
            await File.WriteAllTextAsync(opml, "<opml version=\"2.0\"><body>" +
                string.Concat(Enumerable.Range(0, FeedCount).Select(n => $"<outline text=\"f{n}\" xmlUrl=\"{farm.Url($"/feeds/{n}.xml")}\"/>")) + "</body></opml>");
            (code, output) = await InertiaProcess.RunCommandAsync([.. database, "import", opml, "--user", "reader"]);
            Assert.True(code == 0, output);
            File.Delete(opml);

            // Every feed is due now; both nodes poll often; after the first fetch no feed is due again for an hour.
            var environment = new Dictionary<string, string>
            {
                ["Fetching__PollInterval"] = "00:00:00.100",
                ["Fetching__ClaimBatchSize"] = "5",
                ["Fetching__MinInterval"] = "01:00:00",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            await using var first = await InertiaProcess.StartOnPostgresAsync(connectionString, environment);
            await using var second = await InertiaProcess.StartOnPostgresAsync(connectionString, environment);

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (fetches.Count < FeedCount && DateTime.UtcNow < deadline) await Task.Delay(100);
            await Task.Delay(TimeSpan.FromSeconds(2)); // time for a duplicate fetch to show up, were there one
            Assert.Equal(FeedCount, fetches.Count);
            Assert.All(fetches, pair => Assert.True(pair.Value == 1, $"feed {pair.Key} fetched {pair.Value} times"));

            // A star given through one node is seen through the other.
            using var one = new WebSession(first.BaseUri);
            using var two = new WebSession(second.BaseUri);
            await one.SignInAsync("reader", "two-nodes-pass");
            await two.SignInAsync("reader", "two-nodes-pass");
            var list = await one.GetAsync("/reader/all");
            var href = WebSession.Attributes(list, "entry-link", "href")[0];
            var id = href.Split('/', '?')[3];
            await one.PostAsync($"/reader/entries/{id}/star", new Dictionary<string, string> { ["starred"] = "true" }, json: true);
            var starred = await two.GetAsync("/reader/starred");
            Assert.Equal([href.Split('?')[0]], WebSession.Attributes(starred, "entry-link", "href").Select(h => h.Split('?')[0]));
        }
        finally
        {
            await PostgresServer.Instance.DropDatabaseAsync(connectionString);
        }
    }
}
