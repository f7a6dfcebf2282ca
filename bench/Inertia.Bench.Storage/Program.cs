using System.Text.Json;
using Dapper;
using Inertia.Bench.Storage;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;

// Storage latency harness (issue 5, "Measured"). See docs/benchmarks.md, section Storage.
//   dotnet run -c Release --project bench/Inertia.Bench.Storage -- [--dialect sqlite|postgres|both] [--entries 1000000]
//        [--feeds 10000] [--runs 200] [--warmup 20] [--seed 1] [--reuse FILE.db] [--pg-data DIR] [--parallel N] [--loader stores|bulk] [--resume 1] [--load-until 2026-11-28T01:40] [--no-search 1] [--fts-hash-mb 64] [--fts-automerge 8]
var options = Args.Parse(args);
var entries = int.Parse(options.GetValueOrDefault("entries", "1000000"));
var shape = new DatasetShape(
    Feeds: int.Parse(options.GetValueOrDefault("feeds", Math.Clamp(entries / 100, 100, 10_000).ToString())),
    Entries: entries, Users: 10, Seed: int.Parse(options.GetValueOrDefault("seed", "1")));
var runs = int.Parse(options.GetValueOrDefault("runs", "200"));
var warmup = int.Parse(options.GetValueOrDefault("warmup", "20"));
var dialects = options.GetValueOrDefault("dialect", "both") switch
{
    "both" => new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres },
    "postgres" => [DatabaseProvider.Postgres],
    _ => [DatabaseProvider.Sqlite],
};

Console.WriteLine($"dataset: {shape.Feeds:N0} feeds, {shape.Entries:N0} entries, {shape.Users} users, seed {shape.Seed}; " +
                  $"{Environment.ProcessorCount} cores, load {Machine.LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
var rows = new List<string>();
foreach (var provider in dialects)
{
    StorageOptions storage;
    string? sqliteFile = null, pgMarker = null;
    BenchPostgres? keptPostgres = null;
    var reuse = false;
    if (provider == DatabaseProvider.Sqlite)
    {
        sqliteFile = Path.GetFullPath(options.GetValueOrDefault("reuse",
            Path.Combine(Path.GetTempPath(), $"inertia-storebench-{shape.Entries}-{shape.Seed}.db")));
        reuse = options.ContainsKey("reuse") && File.Exists(sqliteFile + ".dataset.json")
            && JsonSerializer.Deserialize<DatasetShape>(File.ReadAllText(sqliteFile + ".dataset.json")) == shape;
        if (!reuse && !options.ContainsKey("resume"))
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm", sqliteFile + ".dataset.json" })
                File.Delete(f);
        storage = new StorageOptions { Provider = provider, ConnectionString = $"Data Source={sqliteFile}" };
    }
    else if (options.TryGetValue("pg-data", out var pgData))
    {
        // A kept cluster: generated once, measured again after a change (a new migration runs on it below).
        pgData = Path.GetFullPath(pgData);
        var marker = Path.Combine(pgData, "dataset.json");
        if (Directory.Exists(pgData) && !options.ContainsKey("resume") && !(File.Exists(marker) && JsonSerializer.Deserialize<DatasetShape>(File.ReadAllText(marker)) == shape))
            Directory.Delete(pgData, recursive: true);
        (keptPostgres, _) = await BenchPostgres.StartAsync(pgData);
        reuse = File.Exists(marker);
        pgMarker = marker;
        storage = new StorageOptions { Provider = provider, ConnectionString = keptPostgres.ConnectionString };
    }
    else
    {
        // Same server settings as the tests: fsync off (import time is optimistic there; latencies of reads are not affected).
        storage = new StorageOptions { Provider = provider, ConnectionString = await PostgresServer.Instance.CreateDatabaseAsync("storebench") };
    }

    await using var stopPostgres = keptPostgres;
    await using var db = new Database(storage);
    var migrateClock = System.Diagnostics.Stopwatch.StartNew();
    await db.MigrateAsync();
    if (reuse) Console.WriteLine($"  migrations checked/applied in {migrateClock.Elapsed.TotalSeconds:0.0} s");
    var dialect = provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";
    if (reuse)
    {
        Console.WriteLine($"{dialect}: reusing {sqliteFile ?? pgMarker}");
        // A migration may have queued entries for indexing (SQLite's 024 moved the index into its own file): the
        // search figures need them indexed, as the product's SearchIndexer would have done in the background.
        var indexing = System.Diagnostics.Stopwatch.StartNew();
        long indexed = 0;
        for (int n; (n = await new SearchStore(db).IndexPendingAsync(5000)) > 0;) indexed += n;
        if (indexed > 0) Console.WriteLine($"  {indexed:N0} pending entries indexed for search in {indexing.Elapsed.TotalSeconds:0} s");
    }
    else
    {
        Console.WriteLine($"{dialect}: generating…");
        var parallelism = int.Parse(options.GetValueOrDefault("parallel", provider == DatabaseProvider.Sqlite ? "1" : "2"));
        var load = Machine.LoadAverage();
        var bulk = options.GetValueOrDefault("loader", "stores") == "bulk";
        DateTimeOffset? until = options.TryGetValue("load-until", out var u) ? DateTimeOffset.Parse(u + "Z", System.Globalization.CultureInfo.InvariantCulture) : null;
        var took = await new DatasetGenerator(db, shape, parallelism, bulk, until, !options.ContainsKey("no-search"),
            int.Parse(options.GetValueOrDefault("fts-hash-mb", "0")), int.Parse(options.GetValueOrDefault("fts-automerge", "0"))).GenerateAsync();
        rows.Add(bulk
            ? $"| {dialect} | bulk load (BulkLoader: generate + rows + search + state + statistics) | {shape.Entries:N0} entries | 1 | {took.TotalSeconds:0} s | | | | | {load}–{Machine.LoadAverage()} |"
            : $"| {dialect} | import (generate + store + state + statistics) | {shape.Entries:N0} entries, parallel {parallelism} | 1 | {took.TotalSeconds:0} s | | | | | {load}–{Machine.LoadAverage()} |");
        if (sqliteFile is not null)
            File.WriteAllText(sqliteFile + ".dataset.json", JsonSerializer.Serialize(shape));
        if (pgMarker is not null)
            File.WriteAllText(pgMarker, JsonSerializer.Serialize(shape));
    }
    rows.Add($"| {dialect} | size on disk | {await SizeAsync(db, sqliteFile)} | | | | | | | |");
    await using (var connection = await db.OpenAsync())
        rows.Add($"| {dialect} | dataset measured | {await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entries"):N0} entries, " +
                 $"{await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entry_states"):N0} state rows | | | | | | | |");

    foreach (var m in await new StorageMeasurements(db, dialect, runs, warmup, !options.ContainsKey("no-search")).RunAsync())
    {
        Console.WriteLine(m.Row());
        rows.Add(m.Row());
    }
    if (provider == DatabaseProvider.Postgres && keptPostgres is null)
        await PostgresServer.Instance.DropDatabaseAsync(storage.ConnectionString!);
}

Console.WriteLine();
Console.WriteLine(Measurement.Header);
foreach (var row in rows) Console.WriteLine(row);

static async Task<string> SizeAsync(Database db, string? sqliteFile)
{
    if (sqliteFile is not null)
    {
        static long Size(string f) => File.Exists(f) ? new FileInfo(f).Length : 0;
        return $"{(Size(sqliteFile) + Size(sqliteFile + "-wal")) / 1e6:N0} MB (file {Size(sqliteFile) / 1e6:N0} MB + WAL {Size(sqliteFile + "-wal") / 1e6:N0} MB)";
    }
    await using var connection = await db.OpenAsync();
    var bytes = await connection.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");
    return $"{bytes / 1e6:N0} MB (pg_database_size)";
}

internal static class Args
{
    /// <summary>"--name value" pairs.</summary>
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name value, got {args[i]}");
            result[args[i][2..]] = args[i + 1];
        }
        return result;
    }
}
