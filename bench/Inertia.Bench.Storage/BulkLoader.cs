using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Dapper;
using Inertia.Storage;
using Inertia.Storage.Search;
using Npgsql;
using NpgsqlTypes;

namespace Inertia.Bench.Storage;

/// <summary>
/// <c>--loader bulk</c>: writes the same rows the stores write (entries, search documents from the real tokenizer, one
/// state row per subscriber) in large transactions, without the fetch path's per-feed work. On a shared 2-core machine
/// the real path (<see cref="EntryStore.UpsertAsync"/>, ~1–5 ms of CPU per entry) cannot store a million entries in
/// the time a session has; this does it in minutes. Article bodies come from a pool (300 per topic and language,
/// 500–5,000 characters, tokenized once), titles are generated per entry; queries see the same shapes (match counts,
/// lengths, CJK share) as with unique bodies. Its import time is NOT the fetch path's: docs/benchmarks.md gives both.
/// </summary>
internal sealed class BulkLoader(Database db, DatasetShape shape, bool searchIndex = true, int ftsHashMegabytes = 0, int ftsAutomerge = 0)
{
    private const int BodiesPerPool = 300;
    private const int EntriesPerTransaction = 5_000;

    private sealed record Body(string Html, string? Snippet, List<string> Tokens);

    private sealed record Row(long Id, long FeedId, string Key, string Url, string Title, string Author, Body Body,
        long Published, string Hash, SearchDocument Search);

    public async Task LoadAsync(long[] feedIds, int[] counts, Stopwatch clock, DateTimeOffset? until)
    {
        // Resume after the last committed batch (each batch is one transaction: entries, search rows, states).
        long loaded;
        await using (var c = await db.OpenAsync()) loaded = await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM entries") ?? 0;
        if (loaded > 0) Console.WriteLine($"  resuming after entry {loaded:N0}");
        var pools = BuildPools();
        using var stop = new CancellationTokenSource();
        Console.WriteLine($"  {pools.Count * BodiesPerPool:N0} article bodies generated and tokenized, {clock.Elapsed.TotalSeconds:0} s");
        var channel = Channel.CreateBounded<List<Row>>(4);
        var producer = Task.Run(async () =>
        {
            var id = 1L;
            var batch = new List<Row>(EntriesPerTransaction + 2_000);
            for (var f = 0; f < feedIds.Length; f++)
            {
                var random = new Random(HashCode.Combine(shape.Seed, f, 7));
                var topic = f % TextGenerator.Topics;
                var chinese = f / TextGenerator.Topics % 10 < 3;
                var pool = pools[(topic, chinese)];
                var published = DatasetShape.Now;
                var step = TimeSpan.FromDays(365.0 / Math.Max(1, counts[f]));
                // Highest id = newest, as the stores insert a document's entries from its end.
                var rows = new Row[counts[f]];
                for (var i = 0; i < counts[f]; i++)
                {
                    published -= step * (0.5 + random.NextDouble());
                    var title = TextGenerator.Title(random, topic, chinese);
                    var author = $"author{random.Next(50)}";
                    var body = pool[random.Next(pool.Length)];
                    var key = $"{f}-{i}";
                    rows[i] = new Row(0, feedIds[f], key, $"https://site{f % 997}.example/{f}/{i}", title, author, body,
                        Micros.From(published), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + title))),
                        new SearchDocument(string.Join(' ', SearchTokenizer.Tokens(title, 200)), string.Join(' ', [.. SearchTokenizer.Tokens(author), .. body.Tokens])));
                }
                for (var i = rows.Length - 1; i >= 0; i--)
                    if (id++ > loaded) batch.Add(rows[i] with { Id = id - 1 });
                if (batch.Count >= EntriesPerTransaction)
                {
                    try { await channel.Writer.WriteAsync(batch, stop.Token); }
                    catch (OperationCanceledException) { return; }
                    batch = new List<Row>(EntriesPerTransaction + 2_000);
                }
            }
            if (batch.Count > 0)
                try { await channel.Writer.WriteAsync(batch, stop.Token); }
                catch (OperationCanceledException) { return; }
            channel.Writer.Complete();
        });

        if (db.Provider == DatabaseProvider.Postgres) await DropSearchIndexAsync();
        var done = 0L;
        var next = shape.Entries / 20;
        await using var connection = await db.OpenAsync(Durability.Ingest);
        if (db.Provider == DatabaseProvider.Sqlite)
            // The loader's own connection only: FTS5 merges re-read their segments, through read() past the mmap window.
        {
            // The search index has a file of its own (SqliteSearchFile); attached here, the loader writes both in one
            // transaction.
            await connection.ExecuteAsync("ATTACH DATABASE @path AS search", new { path = db.SearchFile!.Path });
            await connection.ExecuteAsync("PRAGMA cache_size = -1048576; PRAGMA mmap_size = 8589934592; PRAGMA search.cache_size = -1048576; PRAGMA search.mmap_size = 8589934592;");
            // FTS5 flushes its in-memory terms to a new level-0 segment every 1 MB by default; each flush starts more
            // merging (automerge 4). A larger hash makes one segment per batch. Both are stored in entry_search_config
            // and put back to the product's settings after the load.
            if (ftsHashMegabytes > 0)
                await connection.ExecuteAsync("INSERT INTO search.entry_search (entry_search, rank) VALUES ('hashsize', @bytes)", new { bytes = ftsHashMegabytes * 1048576L });
            if (ftsAutomerge > 0)
                await connection.ExecuteAsync("INSERT INTO search.entry_search (entry_search, rank) VALUES ('automerge', @n)", new { n = ftsAutomerge });
        }
        var phases = new Stopwatch[4];
        for (var i = 0; i < phases.Length; i++) phases[i] = new Stopwatch();
        await foreach (var batch in channel.Reader.ReadAllAsync())
        {
            if (DateTimeOffset.UtcNow > until)
            {
                Console.WriteLine($"  --load-until reached: stopped at {done + loaded:N0} entries, {clock.Elapsed.TotalSeconds:0} s");
                await stop.CancelAsync();
                break;
            }
            await using (var tx = await connection.BeginTransactionAsync())
            {
                if (db.Provider == DatabaseProvider.Sqlite) await WriteSqliteAsync(connection, tx, batch, phases);
                else await WritePostgresAsync((NpgsqlConnection)connection, batch, phases);
                phases[2].Start();
                await connection.ExecuteAsync(
                    """
                    INSERT INTO entry_states (user_id, entry_id, feed_id, sort_at, category_id, is_read, is_starred)
                    SELECT s.user_id, e.id, e.feed_id, e.sort_at, s.category_id, FALSE, FALSE
                    FROM entries e JOIN subscriptions s ON s.feed_id = e.feed_id
                    WHERE e.id BETWEEN @first AND @last
                    """, new { first = batch[0].Id, last = batch[^1].Id }, tx, commandTimeout: 3600);
                phases[2].Stop();
                phases[3].Start();
                await tx.CommitAsync();
                phases[3].Stop();
            }
            done += batch.Count;
            if (done >= next)
            {
                next += shape.Entries / 20;
                Console.WriteLine($"  {done:N0} entries, {clock.Elapsed.TotalSeconds:0} s, load {Machine.LoadAverage()}; " +
                    $"so far: entries {phases[0].Elapsed.TotalSeconds:0} s, search {phases[1].Elapsed.TotalSeconds:0} s, states {phases[2].Elapsed.TotalSeconds:0} s, commit {phases[3].Elapsed.TotalSeconds:0} s");
            }
        }
        await producer;

        if (db.Provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync("SELECT setval(pg_get_serial_sequence('entries', 'id'), (SELECT MAX(id) FROM entries))");
            if (searchIndex)
            {
                Console.WriteLine($"  building the GIN index, {clock.Elapsed.TotalSeconds:0} s");
                await CreateSearchIndexAsync();
            }
        }
        // SQLite: FTS5 keeps the segments its automerge left, as a long-running index has them (no 'optimize').
        // Also after a resumed load that did not set them itself (a killed load leaves them behind).
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // The product's own hashsize (SqliteSearchFile) comes back; the index file records what it holds.
            await connection.ExecuteAsync("DELETE FROM search.entry_search_config WHERE k = 'automerge'");
            await connection.ExecuteAsync("INSERT INTO search.entry_search (entry_search, rank) VALUES ('hashsize', 67108864)");
            await connection.ExecuteAsync("UPDATE search.search_index_state SET max_entry_id = (SELECT COALESCE(MAX(id), 0) FROM entries)");
            // A load with a larger automerge leaves up to that many segments per level; merge until no level holds
            // more than the product's default allows (4), the shape a long-running index keeps, and report the time.
            if (ftsAutomerge > 4)
            {
                var merging = Stopwatch.StartNew();
                long before, after;
                do
                {
                    before = await connection.ExecuteScalarAsync<long>("SELECT total_changes()");
                    await connection.ExecuteAsync("INSERT INTO search.entry_search (entry_search, rank) VALUES ('merge', 2000)", commandTimeout: 3600);
                    after = await connection.ExecuteScalarAsync<long>("SELECT total_changes()");
                } while (after - before > 1);
                Console.WriteLine($"  search index merged to the default shape in {merging.Elapsed.TotalSeconds:0} s");
            }
        }
    }

    private Dictionary<(int Topic, bool Chinese), Body[]> BuildPools()
    {
        var pools = new Dictionary<(int, bool), Body[]>();
        for (var topic = 0; topic < TextGenerator.Topics; topic++)
        foreach (var chinese in new[] { false, true })
        {
            var random = new Random(HashCode.Combine(shape.Seed, topic, chinese));
            pools[(topic, chinese)] = Enumerable.Range(0, BodiesPerPool).Select(_ =>
            {
                var html = TextGenerator.Content(random, topic, chinese, random.Next(500, 5001));
                return new Body(html, EntryRow.MakeSnippet(html), SearchTokenizer.Tokens(PlainText.FromHtml(html), 20_000));
            }).ToArray();
        }
        return pools;
    }

    private static async Task WriteSqliteAsync(DbConnection connection, DbTransaction tx, List<Row> batch, Stopwatch[] phases)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText =
            """
            INSERT INTO entries (id, feed_id, key, guid, url, title, author, content, snippet, published, sort_at,
                created_at, changed_at, content_hash)
            VALUES ($id, $feed, $key, $key, $url, $title, $author, $content, $snippet, $published, $published, $published, $published, $hash)
            """;
        var p = new[] { "$id", "$feed", "$key", "$url", "$title", "$author", "$content", "$snippet", "$published", "$hash" }
            .Select(name => { var x = insert.CreateParameter(); x.ParameterName = name; insert.Parameters.Add(x); return x; }).ToArray();
        await using var search = connection.CreateCommand();
        search.Transaction = tx;
        search.CommandText = "INSERT INTO search.entry_search (rowid, title, body) VALUES ($id, $title, $body)";
        var s = new[] { "$id", "$title", "$body" }
            .Select(name => { var x = search.CreateParameter(); x.ParameterName = name; search.Parameters.Add(x); return x; }).ToArray();
        insert.Prepare();
        search.Prepare();
        foreach (var r in batch)
        {
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (r.Id, r.FeedId, r.Key, r.Url, r.Title);
            (p[5].Value, p[6].Value, p[7].Value, p[8].Value, p[9].Value) = (r.Author, r.Body.Html, (object?)r.Body.Snippet ?? DBNull.Value, r.Published, r.Hash);
            phases[0].Start();
            await insert.ExecuteNonQueryAsync();
            phases[0].Stop();
            (s[0].Value, s[1].Value, s[2].Value) = (r.Id, r.Search.TitleText, r.Search.BodyText);
            phases[1].Start();
            await search.ExecuteNonQueryAsync();
            phases[1].Stop();
        }
    }

    private static async Task WritePostgresAsync(NpgsqlConnection connection, List<Row> batch, Stopwatch[] phases)
    {
        phases[0].Start();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY entries (id, feed_id, key, guid, url, title, author, content, snippet, published, sort_at, created_at, changed_at, content_hash) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in batch)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.FeedId, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Key, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Key, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Url, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Title, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Author, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Body.Html, NpgsqlDbType.Text);
                if (r.Body.Snippet is null) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Body.Snippet, NpgsqlDbType.Text);
                for (var i = 0; i < 4; i++) await copy.WriteAsync(r.Published, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Hash, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        phases[0].Stop();
        phases[1].Start();
        foreach (var chunk in batch.Chunk(1_000))
            await connection.ExecuteAsync(
                "INSERT INTO entry_search (entry_id, tokens) SELECT i, CAST(t AS tsvector) FROM unnest(@ids, @tokens) AS x(i, t)",
                new { ids = chunk.Select(r => r.Id).ToArray(), tokens = chunk.Select(r => r.Search.ToTsVector()).ToArray() }, commandTimeout: 3600);
        phases[1].Stop();
    }

    // The migration's own definition (002_search.sql), dropped for the load and built once after it, as a bulk load does.
    private async Task DropSearchIndexAsync()
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("DROP INDEX IF EXISTS entry_search_tokens");
    }

    private async Task CreateSearchIndexAsync()
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("SET maintenance_work_mem = '1GB'; CREATE INDEX entry_search_tokens ON entry_search USING GIN (tokens)", commandTimeout: 7200);
    }
}
