using System.Data.Common;
using System.Text.Json;
using Dapper;
using Inertia.Storage.Search;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Inertia.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else (upserts with ON CONFLICT, RETURNING,
/// row-value keyset comparisons, TRUE/FALSE literals) is written once and runs on both.
/// </summary>
internal abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    /// <summary>Folder of the embedded numbered migrations ("migrations/{folder}/001_x.sql").</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>A predicate "<paramref name="column"/> is one of the ids in parameter <paramref name="parameter"/>",
    /// bound with <see cref="IdList"/>: one parameter whatever the count, so statements stay cacheable.</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>The parameter value for <see cref="InList"/>.</summary>
    public abstract object IdList(IEnumerable<long> ids);

    /// <summary>The parameter value for <see cref="InList"/> over text values.</summary>
    public abstract object TextList(IEnumerable<string> values);

    /// <summary>Appended to the due-feed claim subquery so concurrent claimers on other nodes skip rows instead of waiting.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>Appended to a SELECT that copies a subscription's category into new state rows: on PostgreSQL it
    /// waits for a concurrent category change of that subscription to commit, so the copy is never stale.</summary>
    public abstract string ShareLock(string alias);

    public abstract bool IsUniqueViolation(Exception e);

    /// <summary>Run first in a transaction that reads a user's state and then writes from what it read (a mark-read
    /// by read horizons): another such transaction of the same user waits. Empty on SQLite, whose write transactions
    /// already run one at a time (BEGIN IMMEDIATE).</summary>
    public virtual string LockUser => "";

    /// <summary>Run before a mark-read UPDATE (in its transaction): join its 10^4–10^5 unread rows to entry_states by
    /// primary-key probes. PostgreSQL otherwise scans every state row of the table for a hash join (measured at 1M
    /// state rows: 20–30 % slower). Empty where the planner already probes.</summary>
    public virtual string PreferKeyProbes => "";
    /// <summary>
    /// Run in the search's transaction. Its best plan depends on the word (in 3 % or in 60 % of the entries), so a
    /// prepared statement is planned for each call rather than once for any value; and it takes no parallel workers:
    /// starting them costs more than the LIMIT-bounded walk they would share (PostgreSQL at a million entries:
    /// "vulnerability" 45 → 17 ms, "security" 9 → 3 ms).
    /// </summary>
    public virtual string SearchSettings => "";
    /// <summary>
    /// Run in an entry list's transaction. The list's plan is the same whatever its parameters (the scope's index,
    /// keyset order, key probes for the page), but planning its joins costs more than running them, and PostgreSQL's
    /// cost comparison kept planning each call anew (at a million entries: 1.9 ms planning, 1.2 ms execution); so a
    /// prepared list keeps one generic plan.
    /// </summary>
    public virtual string ListSettings => "";

    /// <summary>A FROM source <paramref name="alias"/> with one row per object of a JSON array parameter, one column
    /// per named property (types are PostgreSQL's; SQLite takes the JSON values as they are).</summary>
    public abstract string JsonRecords(string parameter, string alias, params (string Name, string Type)[] columns);

    /// <summary>A FROM source "r" with one row per element of the JSON array parameter made by EntryRow.ToJson
    /// (columns id, key, guid, … content_hash).</summary>
    public abstract string EntryRows(string parameter);

    // Full-text search: the terms are the same on both engines (Search/SearchTokenizer); only the index table and
    // the query syntax differ (FTS5 MATCH with bm25 vs tsvector @@ tsquery with ts_rank).

    /// <summary>FROM fragment joining the search index to entry_states as "st".</summary>
    public abstract string SearchFrom { get; }
    /// <summary>Predicate matching parameter @match (rendered by <see cref="RenderMatch"/>).</summary>
    public abstract string SearchMatch { get; }
    /// <summary>FROM fragment and predicate of newest-first search (by default the same as relevance search).</summary>
    public virtual string SearchNewestFrom => SearchFrom;
    public virtual string SearchNewestMatch => SearchMatch;
    /// <summary>Predicate "entry_states row st matches @match" asked of the index for that one entry, where that is
    /// cheap enough for <see cref="NewestFirstProbe"/>; null where it is not.</summary>
    public virtual string? SearchProbe => null;
    /// <summary>The index's row order, newest stored entry first when descending: the candidates for ranking are
    /// taken in this order so the scan stops early.</summary>
    public abstract string SearchRecencyKey { get; }
    /// <summary>How many of the newest entry ids relevance search looks in first (0: no window, one pass).</summary>
    public virtual long SearchRecentWindow => 0;
    /// <summary>Relevance, higher is better (title matches weigh more), computed either while the candidates are
    /// read (<see cref="SearchCandidateScore"/>, FTS5 can only rank there) or over the candidates "c" with
    /// <see cref="SearchRankJoin"/> (so PostgreSQL ranks the candidates only, not every match).</summary>
    public abstract string SearchCandidateScore { get; }
    public abstract string SearchRankScore { get; }
    public abstract string SearchRankJoin { get; }
    public abstract string RenderMatch(SearchPlan plan);
    /// <summary>Removes the index rows of entries @ids (bound with <see cref="IdList"/>).</summary>
    public abstract string SearchDeleteSql { get; }
    /// <summary>Inserts the documents' index rows in one statement (FTS5 flushes a new segment at the end of each
    /// statement, and within one whenever its pending terms pass 'hashsize', set by SqliteSearchFile).</summary>
    public abstract Task SearchInsertAsync(DbConnection connection, DbTransaction tx,
        IReadOnlyList<(long Id, SearchDocument Document)> documents, CancellationToken ct);

    private sealed class SqliteDialect : SqlDialect
    {
        public override string MigrationFolder => "Sqlite";
        public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";
        public override object IdList(IEnumerable<long> ids) => JsonSerializer.Serialize(ids);
        public override object TextList(IEnumerable<string> values) => JsonSerializer.Serialize(values);
        // SQLite has one writer at a time: the claim's UPDATE … RETURNING is atomic on its own.
        public override string SkipLocked => "";
        public override string ShareLock(string alias) => "";
        public override bool IsUniqueViolation(Exception e) =>
            e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

        public override string JsonRecords(string parameter, string alias, params (string Name, string Type)[] columns) =>
            $"(SELECT {string.Join(", ", columns.Select(c => $"value ->> '{c.Name}' AS {c.Name}"))} FROM json_each({parameter})) AS {alias}";

        public override string EntryRows(string parameter) => $"""
            (SELECT value ->> 'id' AS id, value ->> 'key' AS key, value ->> 'guid' AS guid, value ->> 'url' AS url,
                value ->> 'title' AS title, value ->> 'author' AS author, value ->> 'summary' AS summary,
                value ->> 'content' AS content, value ->> 'snippet' AS snippet, value ->> 'published' AS published,
                value ->> 'updated' AS updated, value ->> 'sort_at' AS sort_at, value ->> 'categories' AS categories,
                value ->> 'enclosures' AS enclosures, value ->> 'comments_url' AS comments_url,
                value ->> 'image_url' AS image_url, value ->> 'content_hash' AS content_hash,
                value ->> 'source_hash' AS source_hash
             FROM json_each({parameter})) AS r
            """;

        // CROSS JOIN fixes the loop order: the index drives (newest match first), entry_states is probed per match.
        public override string SearchFrom => "entry_search CROSS JOIN entry_states st ON st.entry_id = entry_search.rowid";
        public override string SearchRecencyKey => "entry_search.rowid";
        public override string SearchMatch => "entry_search MATCH @match";
        // Newest first: the match set is built once (a list subquery) and the user's states are walked in list order
        // by their own index until a page is full; unary + keeps the planner from driving the join by entry_id, which
        // probed and sorted every match (10^5 for a common word; 280 ms at 200k entries, 55 ms this way).
        public override string SearchNewestFrom => "entry_states st";
        public override string SearchNewestMatch => "+st.entry_id IN (SELECT rowid FROM entry_search WHERE entry_search MATCH @match)";
        // FTS5 seeks each term's doclist to the one rowid.
        public override string SearchProbe => "EXISTS (SELECT 1 FROM entry_search WHERE entry_search MATCH @match AND entry_search.rowid = st.entry_id)";
        // bm25 is lower-is-better; column weights: title 4, body 1.
        public override string SearchCandidateScore => "-bm25(entry_search, 4.0, 1.0)";
        public override string SearchRankScore => "c.score";
        public override string SearchRankJoin => "";
        public override string RenderMatch(SearchPlan plan) => string.Join(" AND ", plan.Phrases.Select(p =>
            "\"" + string.Join(' ', p.Tokens).Replace("\"", "\"\"") + "\"" + (p.Prefix ? "*" : "")));
        public override string SearchDeleteSql => "DELETE FROM entry_search WHERE rowid IN (SELECT value FROM json_each(@ids))";
        // The documents are staged in a temporary table by one prepared INSERT per row (values bound, no copy), then
        // moved into FTS5 by one INSERT … SELECT: one FTS5 statement, so one segment per batch while its terms fit
        // in 'hashsize' (64 MB, set by SqliteSearchFile; at FTS5's default 1 MB a batch was several). A JSON array
        // cost a serialization in C# and, in SQLite, a rendering and three parses of each document (json_each hands
        // each element's array over as text to `->>`).
        public override async Task SearchInsertAsync(DbConnection connection, DbTransaction tx,
            IReadOnlyList<(long Id, SearchDocument Document)> documents, CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "CREATE TEMP TABLE IF NOT EXISTS search_staging (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)";
            await command.ExecuteNonQueryAsync(ct);

            command.CommandText = "INSERT INTO temp.search_staging (id, title, body) VALUES (@id, @title, @body)";
            var id = command.CreateParameter();
            id.ParameterName = "@id";
            var title = command.CreateParameter();
            title.ParameterName = "@title";
            var body = command.CreateParameter();
            body.ParameterName = "@body";
            command.Parameters.Add(id);
            command.Parameters.Add(title);
            command.Parameters.Add(body);
            await command.PrepareAsync(ct);
            foreach (var (entryId, document) in documents)
            {
                id.Value = entryId;
                title.Value = document.TitleText;
                body.Value = document.BodyText;
                await command.ExecuteNonQueryAsync(ct);
            }

            command.Parameters.Clear();
            // Emptied in the same transaction: a rollback takes the staged rows with it.
            command.CommandText = """
                INSERT INTO entry_search (rowid, title, body) SELECT id, title, body FROM temp.search_staging;
                DELETE FROM temp.search_staging;
                """;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string MigrationFolder => "Postgres";
        public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";
        public override object IdList(IEnumerable<long> ids) => ids.ToArray();
        public override object TextList(IEnumerable<string> values) => values.ToArray();
        public override string SkipLocked => "FOR UPDATE SKIP LOCKED";
        // Also a plan made for these parameters: a prepared statement's generic plan (Database auto-prepares) would not
        // know how many rows the mark covers.
        public override string PreferKeyProbes =>
            "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL plan_cache_mode = force_custom_plan;";
        public override string SearchSettings => "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL max_parallel_workers_per_gather = 0;";
        public override string ListSettings => "SET LOCAL plan_cache_mode = force_generic_plan;";
        public override string ShareLock(string alias) => $"FOR SHARE OF {alias}";
        public override bool IsUniqueViolation(Exception e) =>
            e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
        // NO KEY UPDATE: refreshes inserting this user's state rows (their foreign key takes KEY SHARE) go on.
        public override string LockUser => "SELECT id FROM users WHERE id = @userId FOR NO KEY UPDATE";

        public override string JsonRecords(string parameter, string alias, params (string Name, string Type)[] columns) =>
            $"json_to_recordset(CAST({parameter} AS json)) AS {alias}({string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"))})";

        public override string EntryRows(string parameter) => $"""
            json_to_recordset(CAST({parameter} AS json)) AS r(id bigint, key text, guid text, url text, title text,
                author text, summary text, content text, snippet text, published bigint, updated bigint, sort_at bigint,
                categories text, enclosures text, comments_url text, image_url text, content_hash text, source_hash text)
            """;

        public override string SearchFrom => "entry_search es JOIN entry_states st ON st.entry_id = es.entry_id";
        public override string SearchMatch => "es.tokens @@ CAST(@match AS tsquery)";
        // Title terms are weighted A (1.0), body terms D (0.1).
        // The planner picks per word: for a very common one a backward primary-key walk finds the newest candidates
        // quickly; for rarer ones the GIN bitmap scan and a top-N sort. Forcing the bitmap scan ("es.entry_id + 0")
        // was measured: rarer words got faster, the most common 10× slower (docs/benchmarks.md, Storage).
        public override string SearchRecencyKey => "es.entry_id";
        // A tenth of a million-entry database: the newest 200 matches of a word found in 3 % of the entries are there
        // for a reader of half the feeds; a reader of fewer feeds, or a rarer word, goes on to the older entries.
        public override long SearchRecentWindow => 100_000;
        public override string SearchCandidateScore => "0.0";
        public override string SearchRankScore => "ts_rank(es.tokens, CAST(@match AS tsquery))";
        public override string SearchRankJoin => "JOIN entry_search es ON es.entry_id = c.id";
        public override string RenderMatch(SearchPlan plan) => string.Join(" & ", plan.Phrases.Select(p =>
            "(" + string.Join(" <-> ", p.Tokens.Select(t => "'" + t.Replace("\\", "\\\\").Replace("'", "''") + "'")) + (p.Prefix ? ":*" : "") + ")"));
        public override string SearchDeleteSql => "DELETE FROM entry_search WHERE entry_id = ANY(@ids)";
        public override Task SearchInsertAsync(DbConnection connection, DbTransaction tx,
            IReadOnlyList<(long Id, SearchDocument Document)> documents, CancellationToken ct) =>
            connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO entry_search (entry_id, tokens)
                SELECT u.id, CAST(u.doc AS tsvector) FROM unnest(@ids, @docs) AS u(id, doc)
                ON CONFLICT (entry_id) DO UPDATE SET tokens = EXCLUDED.tokens
                """,
                new
                {
                    ids = documents.Select(d => d.Id).ToArray(),
                    docs = documents.Select(d => d.Document.ToTsVector()).ToArray(),
                }, tx, cancellationToken: ct));
    }
}
