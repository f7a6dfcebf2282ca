using Dapper;
using Inertia.Storage;
using Inertia.Storage.ReadState;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inertia.Bench.Storage;

/// <summary>
/// The figures for the heavy reader ("bench1", follows half the feeds): unread list of a category (first page
/// and a deep keyset page), search for Chinese and English words (a frequent and a topical one each), and marking the
/// ~100k-entry category c0 (and everything unread) as read. Everything goes through the real stores.
/// </summary>
internal sealed class StorageMeasurements(Database db, string dialect, int runs, int warmup, bool measureSearch = true)
{
    private const double ListP50 = 5, ListP99 = 20, SearchP50 = 50, SearchP99 = 200, MarkRead = 1000;

    public async Task<List<Measurement>> RunAsync()
    {
        var results = new List<Measurement>();
        // The dataset's read state is written with marks (read horizons), and an interrupted run can leave a mark
        // behind; a running server's sweeper rewrites the rows behind them within seconds, so measure that state.
        var swept = await new ReadHorizonSweeper(db, NullLogger<ReadHorizonSweeper>.Instance).SweepAsync(DateTimeOffset.UtcNow.AddYears(1), default);
        if (swept > 0) Console.WriteLine($"  {swept:N0} rows behind read horizons rewritten before measuring");
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // What autovacuum does after such churn (a sweep rewrites most state rows), and the previous runs' marks
            // and restores leave behind: without it the first lists and searches visit dead row versions.
            var vacuum = System.Diagnostics.Stopwatch.StartNew();
            await using var connection = await db.OpenAsync();
            await connection.ExecuteAsync("VACUUM ANALYZE entry_states, unread_entries, unread_counts, read_horizons", commandTimeout: 3600);
            Console.WriteLine($"  state tables vacuumed in {vacuum.Elapsed.TotalSeconds:0.0} s");
        }
        var entries = new EntryStore(db);
        var search = new SearchStore(db);
        var user = (await new UserStore(db).FindByNameAsync("bench1"))!.Id;
        var categories = (await new SubscriptionStore(db).ListCategoriesAsync(user)).ToDictionary(c => c.Name, c => c.Id);

        foreach (var name in new[] { "c1", "c9" })
        {
            var category = categories[name];
            var unread = await CountAsync("SELECT COUNT(*) FROM unread_entries WHERE user_id = @user AND category_id = @category", new { user, category });
            var first = new EntryQuery(EntryFilter.Unread, CategoryId: category, Limit: 50);
            results.Add(await MeasureAsync("unread list, first page", $"category {name}, {unread:N0} unread", () => entries.ListAsync(user, first), ListP50, ListP99));

            // The cursor of a page about halfway down (at most 200 pages deep), reached by walking the pages.
            var depth = Math.Min(200, unread / 50 / 2);
            EntryCursor? cursor = null;
            for (var page = 0; page < depth; page++)
            {
                var items = await entries.ListAsync(user, first with { After = cursor });
                cursor = new EntryCursor(items[^1].SortAt, items[^1].Id);
            }
            var deep = first with { After = cursor };
            results.Add(await MeasureAsync("unread list, deep page", $"category {name}, page {depth + 1}", () => entries.ListAsync(user, deep), ListP50, ListP99));
        }

        if (Environment.GetEnvironmentVariable("STOREBENCH_EXPLAIN") == "1" && db.Provider == DatabaseProvider.Postgres)
            await ExplainPostgresAsync(user);

        foreach (var (text, newest) in measureSearch ? new[] { ("安全", false), ("漏洞", false), ("security", false), ("vulnerability", false), ("安全", true), ("漏洞", true), ("security", true), ("vulnerability", true) } : [])
        {
            var query = new SearchQuery(text, NewestFirst: newest);
            var found = await CountMatchesAsync(text);
            results.Add(await MeasureAsync($"search \"{text}\"{(newest ? ", newest first" : "")}", $"{found:N0} matching entries in the index",
                () => search.SearchAsync(user, query), SearchP50, SearchP99));
        }

        // Mark c0 (the ~100k category) read, then everything the user has unread (c0 and the unread rest of c1–c9:
        // on a dataset smaller than a million, the way to mark ~100k rows at once). The mark writes read horizons; the
        // background sweeper's rewrite of the rows behind them is timed on its own. Each run is restored (outside
        // the timing) by marking the same entries unread again, so the database can be reused.
        var c0 = categories["c0"];
        results.AddRange(await MeasureMarkAsync("mark category read", "category c0", new EntryScope(CategoryId: c0), "AND category_id = @c0", new { user, c0 }));
        results.AddRange(await MeasureMarkAsync("mark all read", "everything unread", new EntryScope(), "", new { user }));
        return results;

        async Task<Measurement[]> MeasureMarkAsync(string operation, string what, EntryScope scope, string filter, object parameters)
        {
            List<long> before;
            await using (var connection = await db.OpenAsync())
                before = (await connection.QueryAsync<long>($"SELECT entry_id FROM unread_entries WHERE user_id = @user {filter}", parameters)).ToList();
            var sweeper = new ReadHorizonSweeper(db, NullLogger<ReadHorizonSweeper>.Instance);
            List<double> marking = [], listing = [], sweeping = [];
            var marked = 0;
            var load = Machine.LoadAverage();
            for (var i = 0; i < 3; i++)
            {
                var (ms, _) = await Harness.TimeAsync(async () => marked = await entries.MarkAllReadAsync(user, scope, DateTimeOffset.UtcNow), 1, 0);
                marking.AddRange(ms);
                // The scope's unread list before the sweeper has run: it walks past the covered rows.
                var (listed, _) = await Harness.TimeAsync(() => entries.ListAsync(user, new EntryQuery(EntryFilter.Unread, CategoryId: scope.CategoryId)), 1, 0);
                listing.AddRange(listed);
                var (swept, _) = await Harness.TimeAsync(() => sweeper.SweepAsync(DateTimeOffset.UtcNow.AddYears(1), default), 1, 0);
                sweeping.AddRange(swept);
                await entries.SetReadAsync(user, before, read: false);
            }
            var loads = $"{load}–{Machine.LoadAverage()}";
            return
            [
                new Measurement(dialect, operation, $"{what}, {marked:N0} entries", marking, loads, MarkRead),
                new Measurement(dialect, $"{operation}: its unread list before the rewrite", "first page, empty", listing, loads, ListP50, ListP99),
                new Measurement(dialect, $"{operation}: background rewrite", $"{marked:N0} rows behind the horizons (no target)", sweeping, loads),
            ];
        }
    }

    private async Task<Measurement> MeasureAsync(string operation, string detail, Func<Task> action, double p50, double p99)
    {
        var (ms, load) = await Harness.TimeAsync(action, runs, warmup);
        return new Measurement(dialect, operation, detail, ms, load, p50, p99);
    }

    /// <summary>Plans of the search's candidate step (diagnosis only, STOREBENCH_EXPLAIN=1).</summary>
    private async Task ExplainPostgresAsync(long user)
    {
        await using var connection = await db.OpenAsync();
        foreach (var m in new[] { "'漏洞'", "'安全'" })
        foreach (var key in new[] { "es.entry_id", "es.entry_id + 0" })
        {
            var plan = await connection.QueryAsync<string>($"""
                EXPLAIN (ANALYZE, BUFFERS)
                SELECT c.id, ts_rank(es.tokens, CAST(@m AS tsquery)) AS score FROM (
                  SELECT st.entry_id AS id, st.sort_at FROM entry_search es JOIN entry_states st ON st.entry_id = es.entry_id
                  WHERE es.tokens @@ CAST(@m AS tsquery) AND st.user_id = @user ORDER BY {key} DESC LIMIT 200) c
                JOIN entry_search es ON es.entry_id = c.id ORDER BY score DESC LIMIT 50
                """, new { m, user });
            Console.WriteLine($"--- {m} ORDER BY {key}\n" + string.Join("\n", plan));
        }
    }

    private async Task<long> CountAsync(string sql, object parameters)
    {
        await using var connection = await db.OpenSearchReaderAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters, commandTimeout: 600);
    }

    /// <summary>Entries (all users) whose index holds the word: how common it is.</summary>
    private Task<long> CountMatchesAsync(string text) => db.Provider == DatabaseProvider.Sqlite
        ? CountAsync("SELECT COUNT(*) FROM entry_search WHERE entry_search MATCH @m", new { m = $"\"{Bigrams(text)}\"" })
        : CountAsync("SELECT COUNT(*) FROM entry_search WHERE tokens @@ CAST(@m AS tsquery)", new { m = string.Join(" <-> ", Bigrams(text).Split(' ').Select(t => $"'{t}'")) });

    private static string Bigrams(string text) => text.Any(c => c > 0x2E80) && text.Length == 2 ? text : text.ToLowerInvariant();
}
