using System.Diagnostics;
using Dapper;
using Inertia.Bench.Load;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;

// Load harness for the fetch pipeline (issue: fetching and scheduling). See docs/benchmarks.md for how to run it.
//   dotnet run -c Release --project bench/Inertia.Bench.Load -- [--feeds 10000] [--hosts 100] [--cycles 10]
//        [--database sqlite|postgres] [--nodes 1|2] [--port 18080] [--work DIR] [--reuse true]
// --reuse true with --work DIR: if an earlier SQLite run left its farm and database there, start from them (every
// cycle warm, no generation, no import), so the warm path can be measured at 10,000 feeds without a cold cycle each time.
var options = Args.Parse(args);
var work = options.Get("work") is { } given ? Directory.CreateDirectory(given).FullName : Directory.CreateTempSubdirectory("inertia-load-").FullName;
// nginx's workers run as an unprivileged user: they must be able to read the farm. (The harness runs nginx from
// Debian, so it is Linux only.)
if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the load harness runs nginx from Debian: Linux only");
File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
var feedCount = int.Parse(options.Get("feeds") ?? "10000");
var cycles = int.Parse(options.Get("cycles") ?? "10");
var nodeCount = int.Parse(options.Get("nodes") ?? "1");
var port = int.Parse(options.Get("port") ?? "18080");
var postgres = (options.Get("database") ?? "sqlite") == "postgres";

var farm = new FeedFarm(Path.Combine(work, "farm"), feedCount, int.Parse(options.Get("hosts") ?? "100"), port);
var clock = Stopwatch.StartNew();
var reused = options.Get("reuse") == "true" && options.Get("work") is not null && !postgres
    && File.Exists(Path.Combine(work, "data", "inertia.db")) && farm.Reuse();
if (!reused)
{
    if (File.Exists(Path.Combine(work, "data", "inertia.db"))) throw new InvalidOperationException($"{work} holds an earlier run: remove it or pass --reuse true");
    farm.Generate();
    farm.WriteOpml(Path.Combine(work, "farm.opml"));
}
Console.WriteLine($"farm: {feedCount} feeds, {farm.TotalBytes / 1e6:0.0} MB, {(reused ? "reused" : "generated")} in {clock.Elapsed.TotalSeconds:0.0} s, in {work}");
using var nginx = Nginx.Start(farm, work, port);

StorageOptions storage;
string[] storageArgs;
if (postgres)
{
    var cs = await PostgresServer.Instance.CreateDatabaseAsync("load");
    storage = new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cs };
    storageArgs = ["--database", "postgres", "--connection-string", cs];
}
else
{
    var dataDir = Path.Combine(work, "data");
    storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDir };
    storageArgs = ["--data-dir", dataDir];
}

clock.Restart();
if (!reused)
{
    InertiaNode.Run([.. storageArgs, "user", "add", "bench", "--password", "bench-password"]);
    InertiaNode.Run([.. storageArgs, "import", Path.Combine(work, "farm.opml"), "--user", "bench"]);
    Console.WriteLine($"import: {feedCount} subscriptions in {clock.Elapsed.TotalSeconds:0.0} s (two CLI processes)");
}
nginx.ReadAndClearLog();

var environment = new Dictionary<string, string>
{
    ["Fetching__AllowedNetworks__0"] = "127.0.0.0/8",
    ["Fetching__PollInterval"] = "00:00:00.200",
    // Once checked, no feed is due again within the run: each cycle is started by the harness.
    ["Fetching__MinInterval"] = "1.00:00:00",
    ["Fetching__MaxInterval"] = "2.00:00:00",
    ["Logging__LogLevel__Default"] = "Warning",
};
await using var database = new Database(storage);
var nodes = Enumerable.Range(0, nodeCount).Select(_ => InertiaNode.Start(storageArgs, environment)).ToList();
var rows = new List<string>();
var rssAfter = new List<double>();
var anonAfter = new List<double>();
try
{
    for (var cycle = 1; cycle <= cycles; cycle++)
    {
        var changed = 0;
        var mark = DateTimeOffset.UtcNow;
        clock.Restart();
        var warm = cycle > 1 || reused;
        if (warm)
        {
            changed = farm.Publish(0.05, 2);
            mark = DateTimeOffset.UtcNow;
            clock.Restart();
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync("UPDATE feeds SET next_check_at = 0");
        }
        var markMicros = mark.ToUnixTimeMilliseconds() * 1000;
        var cpuBefore = nodes.Sum(n => n.CpuSeconds());
        var peak = 0.0;
        var peakAnonymous = 0.0;
        while (true)
        {
            await using var connection = await database.OpenAsync();
            var done = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM feeds WHERE last_checked_at >= @m", new { m = markMicros });
            foreach (var node in nodes)
            {
                if (node.HasExited) throw new InvalidOperationException("an inertia node exited");
                peak = Math.Max(peak, node.Memory().Peak);
            }
            // Sampled (the kernel keeps no high-water mark for it): the nodes' private memory, all nodes together.
            peakAnonymous = Math.Max(peakAnonymous, nodes.Sum(n => n.AnonymousRss()));
            if (done >= feedCount) break;
            await Task.Delay(100);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        // Large batches are indexed for search in the background just after they are stored: how long until the
        // index has caught up with the refresh (counted from the cycle's start).
        while (true)
        {
            await using var connection = await database.OpenAsync();
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM search_pending") == 0) break;
            foreach (var node in nodes) peak = Math.Max(peak, node.Memory().Peak);
            peakAnonymous = Math.Max(peakAnonymous, nodes.Sum(n => n.AnonymousRss()));
            await Task.Delay(100);
        }
        var searchSeconds = clock.Elapsed.TotalSeconds;
        var cpu = nodes.Sum(n => n.CpuSeconds()) - cpuBefore;
        var (perPath, perStatus) = nginx.ReadAndClearLog();
        var duplicates = perPath.Count(p => p.Value > 1);
        long entries, duplicateEntries;
        await using (var connection = await database.OpenAsync())
        {
            entries = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM entries");
            // The same item stored twice (two nodes racing, a retried group write): the unique (feed, key) index
            // should make this impossible; counted by guid to check it end to end.
            duplicateEntries = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT feed_id, guid FROM entries GROUP BY feed_id, guid HAVING count(*) > 1) d");
        }
        var memory = nodes.Select(n => n.Memory().Rss).ToList();
        rssAfter.Add(memory.Sum());
        anonAfter.Add(nodes.Sum(n => n.AnonymousRss()));
        var rss = string.Join(" / ", memory.Select(m => $"{m:0}"));
        var anonymous = string.Join(" / ", nodes.Select(n => $"{n.AnonymousRss():0}"));
        var statuses = string.Join(" ", perStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"));
        var kind = !warm ? "cold" : $"warm ({changed} changed)";
        var row = $"| {cycle} | {kind} | {seconds:0.0} | {feedCount / seconds:0} | {searchSeconds:0.0} | {cpu:0.0} | {statuses} | {duplicates} | {duplicateEntries} | {entries} | {rss} | {anonymous} | {peak:0} | {peakAnonymous:0} |";
        rows.Add(row);
        Console.WriteLine(row);
    }
}
finally
{
    foreach (var node in nodes) node.Dispose();
}

Console.WriteLine();
Console.WriteLine($"{feedCount} feeds, {nodeCount} node(s), {(postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores");
Console.WriteLine("| cycle | kind | seconds | feeds/s | search caught up (s) | node CPU (s) | HTTP statuses | feeds fetched twice | duplicate entries | entries stored | RSS after (MB) | of which anonymous (MB) | peak RSS (MB) | peak anonymous (MB, sampled) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var row in rows) Console.WriteLine(row);
if (rssAfter.Count > 2)
{
    // Growth across the warm cycles (from the first warm cycle to the last, all nodes together): a leak shows as
    // a steady climb, the cold cycle's own high-water mark does not count.
    foreach (var (name, values) in new[] { ("RSS", rssAfter), ("anonymous RSS", anonAfter) })
    {
        var warm = values.Skip(1).ToList();
        Console.WriteLine($"{name} after the warm cycles: first {warm[0]:0} MB, last {warm[^1]:0} MB, min {warm.Min():0}, max {warm.Max():0} " +
            $"(change {warm[^1] - warm[0]:+0;-0} MB over {warm.Count} cycles)");
    }
}

/// <summary>"--name value" pairs.</summary>
internal sealed class Args(Dictionary<string, string> values)
{
    public string? Get(string name) => values.GetValueOrDefault(name);

    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"expected --name value, got {args[i]}");
            values[args[i][2..]] = args[i + 1];
        }
        return new Args(values);
    }
}
