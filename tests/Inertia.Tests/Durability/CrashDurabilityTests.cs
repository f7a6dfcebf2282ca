using System.Text.Json;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Inertia.Tests.Durability;

/// <summary>
/// Kills the server with SIGKILL at random moments while feeds are being refreshed and user actions acknowledged,
/// twenty times over, then checks that the SQLite file is intact and that every acknowledged action is there.
/// </summary>
public class CrashDurabilityTests
{
    private const int Kills = 20;
    private const int FeedCount = 12;

    [Fact]
    public async Task Acknowledged_actions_survive_sigkill_during_refresh()
    {
        var random = new Random(20261127);
        await using var farm = await StartFeedFarmAsync();
        var dataDir = Directory.CreateTempSubdirectory("inertia-crash-").FullName;
        var environment = new Dictionary<string, string>
        {
            // Refresh all the time, so kills land in the middle of entry writes.
            ["Fetching__MinInterval"] = "00:00:01",
            ["Fetching__PollInterval"] = "00:00:00.200",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var expected = new Expectations();

        for (var round = 0; round < Kills; round++)
        {
            await using var server = await InertiaProcess.StartAsync(dataDir, environment);
            using var web = new WebSession(server.BaseUri);
            await web.SignInAsync(InertiaServer.AdminUser, InertiaServer.AdminPassword);

            // Each round follows one more feed (acknowledged before the kill can come).
            await web.GetAsync("/reader/add");
            var feedUrl = farm.Url($"/feeds/{round % FeedCount}.xml");
            var (status, _, _) = await web.PostAsync("/reader/add", new Dictionary<string, string> { ["Address"] = feedUrl });
            if ((int)status == 200) expected.Subscribed.Add(feedUrl);

            var list = await web.GetAsync("/reader/all");
            var ids = WebSession.Attributes(list, "entry-link", "href").Select(EntryId).ToList();
            using var stop = new CancellationTokenSource();
            var actions = ids.Count == 0 ? Task.CompletedTask : Task.Run(() => ActAsync(web, ids, expected, new Random(random.Next()), stop.Token));

            await Task.Delay(random.Next(150, 1200));
            await server.KillAsync();
            stop.Cancel();
            await actions;
        }

        await VerifyAsync(dataDir, expected);
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    /// <summary>Random reads and stars, recorded as certain only once the server acknowledged them.</summary>
    private static async Task ActAsync(WebSession web, List<long> ids, Expectations expected, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var id = ids[random.Next(ids.Count)];
            var star = random.Next(2) == 0;
            var value = random.Next(2) == 0;
            var field = star ? "starred" : "read";
            var states = star ? expected.Starred : expected.Read;
            lock (expected) states[id] = Possible(states, id).Append(value).ToHashSet();
            try
            {
                var (status, body, _) = await web.PostAsync($"/reader/entries/{id}/{(star ? "star" : "read")}",
                    new Dictionary<string, string> { [field] = value ? "true" : "false" }, json: true);
                if ((int)status != 200) continue;
                var acknowledged = JsonDocument.Parse(body).RootElement.GetProperty(field).GetBoolean();
                lock (expected) states[id] = [acknowledged];
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
            {
                return; // the server died under this request: its outcome stays uncertain, as recorded above
            }
        }
    }

    private static IEnumerable<bool> Possible(Dictionary<long, HashSet<bool>> states, long id) =>
        states.TryGetValue(id, out var set) ? set : [false, true];

    private static async Task VerifyAsync(string dataDir, Expectations expected)
    {
        await using (var check = new SqliteConnection($"Data Source={Path.Combine(dataDir, "inertia.db")};Pooling=False"))
        {
            await check.OpenAsync();
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await command.ExecuteScalarAsync());
        }

        await using var database = new Database(new StorageOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDir });
        await database.MigrateAsync();
        var admin = await new UserStore(database).FindByNameAsync(InertiaServer.AdminUser);
        Assert.NotNull(admin);

        var followed = (await new SubscriptionStore(database).ListAsync(admin.Id)).Select(s => s.FeedUrl).ToHashSet();
        Assert.Subset(followed, expected.Subscribed);

        var entries = new EntryStore(database);
        var checkedCount = 0;
        foreach (var (id, allowed) in expected.Read)
        {
            var entry = await entries.GetAsync(admin.Id, id);
            Assert.NotNull(entry);
            Assert.True(allowed.Contains(entry.IsRead), $"entry {id}: read={entry.IsRead}, acknowledged {string.Join("/", allowed)}");
            checkedCount += allowed.Count == 1 ? 1 : 0;
        }
        foreach (var (id, allowed) in expected.Starred)
        {
            var entry = await entries.GetAsync(admin.Id, id);
            Assert.NotNull(entry);
            Assert.True(allowed.Contains(entry.IsStarred), $"entry {id}: starred={entry.IsStarred}, acknowledged {string.Join("/", allowed)}");
            checkedCount += allowed.Count == 1 ? 1 : 0;
        }
        // The run must have exercised something: many acknowledged states, every round's subscription.
        Assert.True(checkedCount >= Kills, $"only {checkedCount} acknowledged entry states to check");
        Assert.True(expected.Subscribed.Count >= FeedCount, $"only {expected.Subscribed.Count} acknowledged subscriptions");
    }

    private static long EntryId(string href) => long.Parse(href.Split('/', '?')[3]);

    /// <summary>Feeds that grow by three entries on every fetch, so every refresh writes.</summary>
    private static Task<LoopbackServer> StartFeedFarmAsync()
    {
        var counters = new int[FeedCount];
        return LoopbackServer.StartAsync(app => app.MapGet("/feeds/{n:int}.xml", (int n, HttpContext context) =>
        {
            var top = Interlocked.Add(ref counters[n], 3) + 20;
            var items = string.Concat(Enumerable.Range(Math.Max(1, top - 40), Math.Min(top, 41)).Select(k =>
                $"<item><title>Feed {n} post {k}</title><link>http://{context.Request.Host}/feeds/{n}/posts/{k}</link><guid>{n}-{k}</guid>" +
                $"<pubDate>{new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(k):R}</pubDate>" +
                $"<description>{new string('x', 2000)} 第{k}篇</description></item>"));
            return Results.Text($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Farm {n}</title><link>http://{context.Request.Host}/</link>{items}</channel></rss>",
                "application/rss+xml");
        }));
    }

    private sealed class Expectations
    {
        public HashSet<string> Subscribed { get; } = [];
        public Dictionary<long, HashSet<bool>> Read { get; } = [];
        public Dictionary<long, HashSet<bool>> Starred { get; } = [];
    }
}
