using System.Data.Common;
using System.Text.Json;
using Dapper;
using SQLitePCL;
using Inertia.Feeds.Model;
using Inertia.Storage.ReadState;

namespace Inertia.Storage;

/// <summary>An entry ready to store: content already sanitized.</summary>
public sealed record EntryData(
    string Key, string? Guid, string? Url, string? Title, string? Author,
    string? Summary, string? Content, DateTimeOffset? Published, DateTimeOffset? Updated,
    IReadOnlyList<string> Categories, IReadOnlyList<Enclosure> Enclosures, string? CommentsUrl, string? ImageUrl)
{
    /// <summary>
    /// A hash of the entry as the feed sent it, before sanitizing (the refresher's). Stored with the entry so the next
    /// refresh can skip an entry whose source has not changed; null when the caller has none.
    /// </summary>
    public string? SourceHash { get; init; }
}

public sealed record EntryUpsertResult(int Inserted, int Updated);

public enum EntryFilter { All, Unread, Starred }

/// <summary>Keyset position: the sort time and id of the last entry already shown.</summary>
public sealed record EntryCursor(DateTimeOffset SortAt, long Id);

public sealed record EntryQuery(
    EntryFilter Filter = EntryFilter.All, long? FeedId = null, long? CategoryId = null,
    int Limit = 50, EntryCursor? After = null, bool OldestFirst = false);

public sealed record EntryListItem(
    long Id, long FeedId, string FeedTitle, string? Title, string? Url, string? Author,
    DateTimeOffset SortAt, DateTimeOffset? Published, string? Snippet, string? ImageUrl, bool IsRead, bool IsStarred);

public sealed record EntryView(
    long Id, long FeedId, string FeedTitle, string? FeedSiteUrl, string? Title, string? Url, string? Author,
    DateTimeOffset SortAt, DateTimeOffset? Published, DateTimeOffset? Updated,
    string? Summary, string? Content, IReadOnlyList<string> Categories, IReadOnlyList<Enclosure> Enclosures,
    string? CommentsUrl, bool IsRead, bool IsStarred);

/// <summary>What "mark all as read" covers.</summary>
public sealed record EntryScope(long? FeedId = null, long? CategoryId = null);

/// <summary>Entries (stored once per feed) and per-user entry state. Reads are scoped by user id.</summary>
public sealed class EntryStore(Database db)
{
    /// <summary>Rows per INSERT/UPDATE statement: bounds the size of one JSON parameter.</summary>
    private const int InsertChunk = 200;

    public const int MaxLimit = 500;


    /// <summary>
    /// Inserts new entries (by feed + key), updates changed ones in place, never duplicates; new entries get an
    /// unread state row for every subscriber of the feed. One transaction, batched.
    /// </summary>
    /// <remarks>
    /// Round trips: one query for the existing keys and hashes, one INSERT per 200 new entries (SQLite: one prepared
    /// INSERT run per entry), one UPDATE per 200 entries whose content hash changed (one per entry whose source hash
    /// alone changed), one INSERT queueing new and changed entries in search_pending, one INSERT … SELECT for every
    /// subscriber's state rows, and one UPDATE
    /// recording which entries the feed's document lists now (retention never deletes those). Pass everything the
    /// document lists: an empty list means the document is empty. New and changed entries are left to the background
    /// <see cref="Search.SearchIndexer"/> (the search_pending table), which indexes them in batches.
    /// An entry's sort time (published, else first seen; a future date is clamped to now) is fixed when it is first
    /// stored, so an edit never reorders lists or invalidates paging cursors.
    /// On SQLite the write joins other feeds' writes in one group transaction (<see cref="Database.IngestAsync{T}"/>);
    /// the rows and their hashes are built before, outside the write lock.
    /// </remarks>
    public Task<EntryUpsertResult> UpsertAsync(long feedId, IReadOnlyList<EntryData> entries, DateTimeOffset now, CancellationToken ct = default) =>
        UpsertAsync(feedId, entries, [], now, ct);

    /// <summary>
    /// <see cref="UpsertAsync(long, IReadOnlyList{EntryData}, DateTimeOffset, CancellationToken)"/> for a document
    /// that also lists <paramref name="unchangedKeys"/>: entries whose stored <see cref="EntryData.SourceHash"/> matched
    /// (<see cref="SourceHashesAsync"/>), so the refresher neither sanitized nor passed them. They are never written;
    /// they only stay in the feed's current entries.
    /// </summary>
    public async Task<EntryUpsertResult> UpsertAsync(
        long feedId, IReadOnlyList<EntryData> entries, IReadOnlyCollection<string> unchangedKeys, DateTimeOffset now, CancellationToken ct = default) =>
        await (await QueueUpsertAsync(feedId, entries, unchangedKeys, now, ct));

    /// <summary>
    /// <see cref="UpsertAsync(long, IReadOnlyList{EntryData}, IReadOnlyCollection{string}, DateTimeOffset, CancellationToken)"/>
    /// in two steps: returns once the write is queued (<see cref="Database.QueueIngestAsync{T}"/>; a caller waits
    /// here while the queue is full), with the task of its result, which completes once it is committed.
    /// </summary>
    public async Task<Task<EntryUpsertResult>> QueueUpsertAsync(
        long feedId, IReadOnlyList<EntryData> entries, IReadOnlyCollection<string> unchangedKeys, DateTimeOffset now, CancellationToken ct = default)
    {
        var nowMicros = Micros.From(now);
        var rows = new List<EntryRow>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var row = EntryRow.From(entry, now);
            if (seen.Add(row.Key)) rows.Add(row); // a feed listing the same item twice: the first wins
        }
        // The snippet is made here, outside the write: the refresher passes only new or changed entries, so nearly
        // every row is written, and the group writer is the one thread every feed waits for.
        foreach (var row in rows) _ = row.Snippet;
        var unchanged = unchangedKeys.Select(EntryRow.StoredKey).Where(k => !seen.Contains(k)).ToList();
        var keys = db.Dialect.TextList(rows.Select(r => r.Key).Concat(unchanged));

        var written = await db.QueueIngestAsync((connection, tx, token) => WriteAsync(connection, tx, feedId, rows, unchanged, keys, nowMicros, token), ct);
        return CommittedAsync(written);
    }

    private async Task<EntryUpsertResult> CommittedAsync(Task<(int Inserted, int Updated, bool SearchPending)> written)
    {
        var result = await written;
        if (result.SearchPending) db.SignalSearchPending();
        return new EntryUpsertResult(result.Inserted, result.Updated);
    }

    private async Task<(int Inserted, int Updated, bool SearchPending)> WriteAsync(
        DbConnection connection, DbTransaction tx, long feedId, List<EntryRow> rows, List<string> unchanged, object keys, long nowMicros, CancellationToken ct)
    {
        if (rows.Count == 0 && unchanged.Count == 0)
        {
            await SetCurrentEntriesAsync(connection, tx, feedId, [], ct);
            return (0, 0, false);
        }
        foreach (var row in rows) row.Id = 0; // the write may run again after a failed group

        var existing = (await connection.QueryAsync<(long Id, string Key, string ContentHash, string? SourceHash)>(new CommandDefinition(
                $"SELECT id, key, content_hash, source_hash FROM entries WHERE feed_id = @feedId AND {db.Dialect.InList("key", "@keys")}",
                new { feedId, keys }, tx, cancellationToken: ct)))
            .ToDictionary(e => e.Key, StringComparer.Ordinal);

        var fresh = rows.Where(r => !existing.ContainsKey(r.Key)).ToList();
        var changed = rows.Where(r => existing.TryGetValue(r.Key, out var e) && e.ContentHash != r.ContentHash)
            .Select(r => { r.Id = existing[r.Key].Id; return r; }).ToList();
        // Same stored content under a new source hash (entries stored before source hashes, or sanitized by another
        // build): only the hash is recorded, the entry is not "changed".
        var rehashed = rows.Where(r => r.SourceHash is not null && existing.TryGetValue(r.Key, out var e)
                && e.ContentHash == r.ContentHash && e.SourceHash != r.SourceHash)
            .Select(r => new { id = existing[r.Key].Id, hash = r.SourceHash }).ToList();
        // Never indexed for search here: new and changed entries are queued in search_pending and the background
        // SearchIndexer indexes them in batches shortly after (a search first catches up on a small backlog, so
        // nothing a refresh stored is missed). Inline indexing made every refresh with a few new entries write its own
        // FTS5 segment: FTS5 flushes at every savepoint of the group commit, and each tiny segment set off automerge
        // work that grows with the index (at 350,000 entries most of a warm refresh's CPU).

        var insertedIds = new List<long>(fresh.Count);
        var byKey = fresh.ToDictionary(r => r.Key, StringComparer.Ordinal);
        // Feeds list newest first; inserting from the end gives the newest the highest id, so undated entries (same
        // sort time) still list in the document's order under the "sort time, id" ordering.
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var (id, key) in InsertEach(connection, feedId, nowMicros, Enumerable.Reverse(fresh), ct))
            {
                byKey[key].Id = id;
                insertedIds.Add(id);
            }
        }
        else foreach (var chunk in Enumerable.Reverse(fresh).Chunk(InsertChunk))
        {
            foreach (var (id, key) in await InsertChunkAsync(connection, tx, feedId, nowMicros, chunk, ct))
            {
                byKey[key].Id = id;
                insertedIds.Add(id);
            }
        }

        foreach (var chunk in changed.Chunk(InsertChunk))
        {
            // Deferred: the old index rows stay until the indexer replaces them, so the entry stays findable.
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE entries SET guid = r.guid, url = r.url, title = r.title, author = r.author, summary = r.summary,
                    content = r.content, snippet = r.snippet, published = r.published, updated = r.updated,
                    categories = r.categories, enclosures = r.enclosures, comments_url = r.comments_url,
                    image_url = r.image_url, content_hash = r.content_hash, source_hash = r.source_hash,
                    changed_at = @now
                FROM {db.Dialect.EntryRows("@rows")}
                WHERE entries.id = r.id
                """,
                new { now = nowMicros, rows = EntryRow.ToJson(chunk) }, tx, cancellationToken: ct));
        }

        if (rehashed.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE entries SET source_hash = @hash WHERE id = @id", rehashed, tx, cancellationToken: ct));

        if (insertedIds.Count + changed.Count > 0)
            await QueueForSearchAsync(connection, tx, [.. insertedIds, .. changed.Select(r => r.Id)], ct);

        if (insertedIds.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO entry_states (user_id, entry_id, feed_id, sort_at, category_id, is_read, is_starred)
                SELECT s.user_id, e.id, e.feed_id, e.sort_at, s.category_id, FALSE, FALSE
                FROM entries e JOIN subscriptions s ON s.feed_id = e.feed_id
                WHERE {db.Dialect.InList("e.id", "@ids")}
                {db.Dialect.ShareLock("s")}
                ON CONFLICT (user_id, entry_id) DO NOTHING
                """,
                new { ids = db.Dialect.IdList(insertedIds) }, tx, cancellationToken: ct));
        }

        // What the document lists now: retention must not delete these (they would come back as new).
        await SetCurrentEntriesAsync(connection, tx, feedId,
            rows.Select(r => existing.TryGetValue(r.Key, out var e) ? e.Id : r.Id)
                .Concat(unchanged.Select(k => existing.TryGetValue(k, out var e) ? e.Id : 0))
                .Where(id => id != 0).ToList(), ct);

        return (insertedIds.Count, changed.Count, fresh.Count + changed.Count > 0);
    }

    /// <summary>
    /// The stored source hashes (<see cref="EntryData.SourceHash"/>) of this feed's entries with these keys, by the
    /// key as given; entries not stored or stored without one are absent. A plain read, outside any write lock.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SourceHashesAsync(long feedId, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return new Dictionary<string, string>();
        var byStored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys) byStored.TryAdd(EntryRow.StoredKey(key), key);
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Key, string Hash)>(new CommandDefinition(
            $"SELECT key, source_hash FROM entries WHERE feed_id = @feedId AND source_hash IS NOT NULL AND {db.Dialect.InList("key", "@keys")}",
            new { feedId, keys = db.Dialect.TextList(byStored.Keys) }, cancellationToken: ct));
        return rows.ToDictionary(r => byStored[r.Key], r => r.Hash, StringComparer.Ordinal);
    }

    private async Task SetCurrentEntriesAsync(DbConnection connection, DbTransaction tx, long feedId, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE feeds SET current_entry_ids = @ids WHERE id = @feedId",
            new { feedId, ids = db.Dialect.IdList(ids) }, tx, cancellationToken: ct));

    /// <summary>The entry columns a refresh writes, with where each value comes from: one list, so the per-row insert
    /// binds every value to its own column by construction.</summary>
    private static readonly (string Column, Func<EntryRow, object?> Value)[] Written =
    [
        ("key", r => r.Key), ("guid", r => r.Guid), ("url", r => r.Url), ("title", r => r.Title), ("author", r => r.Author),
        ("summary", r => r.Summary), ("content", r => r.Content), ("snippet", r => r.Snippet), ("published", r => r.Published),
        ("updated", r => r.Updated), ("sort_at", r => r.SortAt), ("categories", r => r.Categories),
        ("enclosures", r => r.Enclosures), ("comments_url", r => r.CommentsUrl), ("image_url", r => r.ImageUrl),
        ("content_hash", r => r.ContentHash), ("source_hash", r => r.SourceHash),
    ];

    private static readonly string Columns = string.Join(", ", Written.Select(c => c.Column));

    /// <summary>
    /// One INSERT … SELECT per chunk, the rows passed as a single JSON parameter (thousands of bound parameters cost
    /// more than the insert itself). ON CONFLICT covers another node storing the same entry meanwhile, and RETURNING
    /// then yields only the rows this call really inserted.
    /// </summary>
    private async Task<IEnumerable<(long Id, string Key)>> InsertChunkAsync(
        DbConnection connection, DbTransaction tx, long feedId, long now, EntryRow[] chunk, CancellationToken ct) =>
        await connection.QueryAsync<(long, string)>(new CommandDefinition(
            $"""
            INSERT INTO entries (feed_id, created_at, changed_at, {Columns})
            SELECT @feedId, @now, @now, {Columns} FROM {db.Dialect.EntryRows("@rows")}
            WHERE TRUE
            ON CONFLICT (feed_id, key) DO NOTHING
            RETURNING id, key
            """,
            new { feedId, now, rows = EntryRow.ToJson(chunk) }, tx, cancellationToken: ct));

    private static readonly string InsertOneSql = $"""
        INSERT INTO entries (feed_id, created_at, changed_at, {Columns})
        VALUES (?1, ?2, ?2, {string.Join(", ", Written.Select((_, i) => $"?{i + 3}"))})
        ON CONFLICT (feed_id, key) DO NOTHING
        RETURNING id
        """;

    /// <summary>
    /// SQLite: one prepared INSERT run once per row, its values bound. In process, a bound value costs a pointer; the
    /// JSON array of <see cref="InsertChunkAsync"/> cost the writer a serialization in C# and, in SQLite, a rendering
    /// of each row's whole JSON object for every one of its 17 columns read (json_each hands objects over as text).
    /// Yields only the rows really inserted (a row stored meanwhile conflicts and returns nothing).
    /// </summary>
    /// <remarks>
    /// Through SQLitePCL's <c>raw</c> API on the connection's own handle (inside its open transaction), not a
    /// <see cref="DbCommand"/>: per execution, Microsoft.Data.Sqlite makes a binder object for every parameter and a
    /// UTF-8 array of every bound string (≈ 800 MB of the 7.5 GB a cold refresh's sampled allocations came to, on the
    /// group writer, the critical path). Text is bound as UTF-16 here, which SQLite copies and converts itself.
    /// </remarks>
    private static List<(long Id, string Key)> InsertEach(
        DbConnection connection, long feedId, long now, IEnumerable<EntryRow> rows, CancellationToken ct)
    {
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(handle, InsertOneSql, out var statement));
        using (statement)
        {
            Check(raw.sqlite3_bind_int64(statement, 1, feedId));
            Check(raw.sqlite3_bind_int64(statement, 2, now));
            var inserted = new List<(long, string)>();
            foreach (var r in rows)
            {
                ct.ThrowIfCancellationRequested();
                for (var i = 0; i < Written.Length; i++)
                {
                    var index = i + 3;
                    Check(Written[i].Value(r) switch
                    {
                        null => raw.sqlite3_bind_null(statement, index),
                        string text => raw.sqlite3_bind_text16(statement, index, text),
                        long number => raw.sqlite3_bind_int64(statement, index, number),
                        var other => throw new InvalidOperationException($"No binding for {other.GetType()}."),
                    });
                }
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_ROW)
                {
                    inserted.Add((raw.sqlite3_column_int64(statement, 0), r.Key));
                    rc = raw.sqlite3_step(statement);
                }
                raw.sqlite3_reset(statement); // its result is the step's again, which is checked just below
                Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            }
            return inserted;
        }

        void Check(int rc) => Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
    }

    /// <summary>Newest first (or oldest first) by sort time = published, else first seen; keyset paged.</summary>
    /// <remarks>Pass the last item's (SortAt, Id) as <see cref="EntryQuery.After"/> for the next page.</remarks>
    public async Task<IReadOnlyList<EntryListItem>> ListAsync(long userId, EntryQuery query, CancellationToken ct = default)
    {
        // Unread lists walk unread_entries ("u"), everything else entry_states' own indexes (migration 018).
        var unread = query.Filter == EntryFilter.Unread;
        var k = unread ? "u" : "st";
        var where = new List<string> { $"{k}.user_id = @userId" };
        if (unread) where.Add($"NOT {ReadHorizons.Covered("u")}");
        if (query.Filter == EntryFilter.Starred) where.Add("st.is_starred = TRUE");
        if (query.FeedId is not null) where.Add($"{k}.feed_id = @feedId");
        if (query.CategoryId is not null)
            where.Add($"{k}.category_id = @categoryId");
        var direction = query.OldestFirst ? "ASC" : "DESC";
        if (query.After is not null)
            where.Add(query.OldestFirst ? $"({k}.sort_at, {k}.entry_id) > (@afterSort, @afterId)" : $"({k}.sort_at, {k}.entry_id) < (@afterSort, @afterId)");
        var order = $"ORDER BY {k}.sort_at {direction}, {k}.entry_id {direction} LIMIT @limit";

        await using var connection = await db.OpenAsync(ct);
        var floor = unread ? await ReadHorizons.ScopeFloorAsync(connection, userId, query.FeedId, query.CategoryId, ct) : null;
        var unreadPage = floor is null
            ? $"SELECT u.user_id, u.entry_id, u.sort_at FROM unread_entries u WHERE {string.Join(" AND ", where)} {order}"
            : UnreadPageAboveFloor(query, where, order, direction);

        // An unread page is found in unread_entries alone, then joined: PostgreSQL otherwise joined every row it
        // walked past (all the rows a read horizon covers, until they are rewritten) before it checked the horizon.
        var sql = $"""
            SELECT st.entry_id AS id, st.feed_id, COALESCE(s.title, f.title, f.url) AS feed_title, e.title, e.url, e.author,
                st.sort_at, e.published, e.snippet, e.image_url, {ReadHorizons.IsRead("st")} AS is_read, st.is_starred
            FROM {(unread
                ? $"({unreadPage}) AS u JOIN entry_states st ON st.user_id = u.user_id AND st.entry_id = u.entry_id"
                : "entry_states st")}
            JOIN entries e ON e.id = st.entry_id
            JOIN feeds f ON f.id = st.feed_id
            LEFT JOIN subscriptions s ON s.user_id = st.user_id AND s.feed_id = st.feed_id
            {(unread ? $"ORDER BY u.sort_at {direction}, u.entry_id {direction}" : $"WHERE {string.Join(" AND ", where)} {order}")}
            """;
        // Not the page above a floor: how many rows lie above it, and so its best plan, depends on the floor.
        await using var tx = await Database.BeginWithSettingsAsync(connection, floor is null ? db.Dialect.ListSettings : "", ct);
        var rows = await connection.QueryAsync<ListRow>(new CommandDefinition(sql, new
        {
            userId, feedId = query.FeedId, categoryId = query.CategoryId,
            afterSort = query.After is { } a ? Micros.From(a.SortAt) : 0, afterId = query.After?.Id ?? 0,
            limit = Math.Clamp(query.Limit, 1, MaxLimit), floorSort = floor?.SortAt ?? 0, floorId = floor?.EntryId ?? 0,
        }, tx, cancellationToken: ct));
        if (tx is not null) await tx.CommitAsync(ct);
        return rows.Select(r => r.ToItem()).ToList();
    }

    /// <summary>
    /// An unread page while read horizons cover every unread row of the scope at or below (@floorSort, @floorId)
    /// (<see cref="ReadHorizons.ScopeFloorAsync"/>): the rows above the sort bound, by the list's own index, and the
    /// rows at or below it with a larger id (stored since the mark), by primary key. The "+" keeps both engines off the
    /// sort-ordered indexes there, which would walk the covered rows again.
    /// </summary>
    private static string UnreadPageAboveFloor(EntryQuery query, List<string> where, string order, string direction)
    {
        var since = new List<string> { "u.user_id = @userId", "u.entry_id > @floorId", "+u.sort_at <= @floorSort", $"NOT {ReadHorizons.Covered("u")}" };
        if (query.FeedId is not null) since.Add("+u.feed_id = @feedId");
        if (query.CategoryId is not null) since.Add("+u.category_id = @categoryId");
        if (query.After is not null)
            since.Add(query.OldestFirst ? "(+u.sort_at, +u.entry_id) > (@afterSort, @afterId)" : "(+u.sort_at, +u.entry_id) < (@afterSort, @afterId)");
        return $"""
            SELECT * FROM (SELECT u.user_id, u.entry_id, u.sort_at FROM unread_entries u WHERE {string.Join(" AND ", [.. where, "u.sort_at > @floorSort"])} {order}) above
            UNION ALL
            SELECT * FROM (SELECT u.user_id, u.entry_id, u.sort_at FROM unread_entries u WHERE {string.Join(" AND ", since)}
                ORDER BY +u.sort_at {direction}, +u.entry_id {direction} LIMIT @limit) later
            ORDER BY sort_at {direction}, entry_id {direction} LIMIT @limit
            """;
    }

    private static readonly string ViewSelect = $"""
        SELECT e.id, e.feed_id, COALESCE(s.title, f.title, f.url) AS feed_title, f.site_url AS feed_site_url,
            e.title, e.url, e.author, st.sort_at, e.published, e.updated, e.summary, e.content,
            e.categories, e.enclosures, e.comments_url, {ReadHorizons.IsRead("st")} AS is_read, st.is_starred
        FROM entry_states st
        JOIN entries e ON e.id = st.entry_id
        JOIN feeds f ON f.id = e.feed_id
        LEFT JOIN subscriptions s ON s.user_id = st.user_id AND s.feed_id = st.feed_id
        WHERE st.user_id = @userId
        """;

    /// <summary>The entry if the user has a state row for it (follows or followed its feed), else null.</summary>
    public async Task<EntryView?> GetAsync(long userId, long entryId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ViewRow>(new CommandDefinition(
            ViewSelect + " AND st.entry_id = @entryId", new { userId, entryId }, cancellationToken: ct));
        return row?.ToView();
    }

    /// <summary>Several entries in one query (sync APIs, export), newest first; ids the user has no state row for are
    /// left out.</summary>
    public async Task<IReadOnlyList<EntryView>> GetManyAsync(long userId, IReadOnlyCollection<long> entryIds, CancellationToken ct = default)
    {
        if (entryIds.Count == 0) return [];
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ViewRow>(new CommandDefinition(
            $"{ViewSelect} AND {db.Dialect.InList("st.entry_id", "@ids")} ORDER BY st.sort_at DESC, st.entry_id DESC",
            new { userId, ids = db.Dialect.IdList(entryIds) }, cancellationToken: ct));
        return rows.Select(r => r.ToView()).ToList();
    }

    /// <summary>Marks entries read or unread. Unread again: the read horizons of their feeds are applied first
    /// (<see cref="ReadHorizons"/>), so none covers them.</summary>
    public Task SetReadAsync(long userId, IReadOnlyCollection<long> entryIds, bool read, CancellationToken ct = default) =>
        SetFlagAsync(userId, entryIds, "is_read", "read_at", read, ct);

    public Task SetStarredAsync(long userId, IReadOnlyCollection<long> entryIds, bool starred, CancellationToken ct = default) =>
        SetFlagAsync(userId, entryIds, "is_starred", "starred_at", starred, ct);

    /// <summary>Sets a per-user flag and the time it was set (null when cleared); rows already in that state are left alone.</summary>
    private async Task SetFlagAsync(long userId, IReadOnlyCollection<long> entryIds, string flag, string setAt, bool value, CancellationToken ct)
    {
        if (entryIds.Count == 0) return;
        var parameters = new { userId, value, at = value ? Micros.From(DateTimeOffset.UtcNow) : (long?)null, ids = db.Dialect.IdList(entryIds) };
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (flag == "is_read" && !value)
            await ReadHorizons.MaterializeAsync(connection, tx,
                $"rh.feed_id IN (SELECT feed_id FROM entry_states WHERE user_id = @userId AND {db.Dialect.InList("entry_id", "@ids")})",
                parameters, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE entry_states SET {flag} = @value, {setAt} = @at
            WHERE user_id = @userId AND {db.Dialect.InList("entry_id", "@ids")} AND {flag} <> @value
            """, parameters, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Marks every unread entry in scope with sort time ≤ <paramref name="upTo"/> that is stored now as read
    /// (entries stored later stay unread); returns how many. A write per feed, not per entry: <see cref="ReadHorizons"/>.</summary>
    public Task<int> MarkAllReadAsync(long userId, EntryScope scope, DateTimeOffset upTo, CancellationToken ct = default) =>
        ReadHorizons.MarkAsync(db, userId, scope, upTo, ct);

    /// <summary>Runs a mark-read UPDATE (rows found in unread_entries) with <see cref="SqlDialect.PreferKeyProbes"/>.</summary>
    internal static async Task<int> MarkReadAsync(Database db, string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await Database.BeginWithSettingsAsync(connection, db.Dialect.PreferKeyProbes, ct);
        var marked = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        if (tx is not null) await tx.CommitAsync(ct);
        return marked;
    }

    /// <summary>Unread total for the user (the sidebar's "Unread"): a sum of the per-feed counters, one row per feed.</summary>
    public async Task<int> CountUnreadAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT CAST(COALESCE(SUM(unread), 0) AS BIGINT) FROM unread_counts WHERE user_id = @userId", new { userId }, cancellationToken: ct));
    }

    /// <summary>Categories and enclosures as stored: never rendered as JSON into a page, so CJK stays unescaped.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A list line as read from the database (search hits extend it).</summary>
    internal class ListRow
    {
        public long Id { get; set; }
        public long FeedId { get; set; }
        public string FeedTitle { get; set; } = "";
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Author { get; set; }
        public long SortAt { get; set; }
        public long? Published { get; set; }
        public string? Snippet { get; set; }
        public string? ImageUrl { get; set; }
        public bool IsRead { get; set; }
        public bool IsStarred { get; set; }

        public EntryListItem ToItem() => new(Id, FeedId, FeedTitle, Title, Url, Author, Micros.ToTime(SortAt),
            Micros.ToTime(Published), Snippet, ImageUrl, IsRead, IsStarred);
    }

    private sealed class ViewRow
    {
        public long Id { get; set; }
        public long FeedId { get; set; }
        public string FeedTitle { get; set; } = "";
        public string? FeedSiteUrl { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Author { get; set; }
        public long SortAt { get; set; }
        public long? Published { get; set; }
        public long? Updated { get; set; }
        public string? Summary { get; set; }
        public string? Content { get; set; }
        public string Categories { get; set; } = "[]";
        public string Enclosures { get; set; } = "[]";
        public string? CommentsUrl { get; set; }
        public bool IsRead { get; set; }
        public bool IsStarred { get; set; }

        public EntryView ToView() => new(Id, FeedId, FeedTitle, FeedSiteUrl, Title, Url, Author, Micros.ToTime(SortAt),
            Micros.ToTime(Published), Micros.ToTime(Updated), Summary, Content,
            JsonSerializer.Deserialize<List<string>>(Categories, Json) ?? [],
            JsonSerializer.Deserialize<List<Enclosure>>(Enclosures, Json) ?? [],
            CommentsUrl, IsRead, IsStarred);
    }

    // Starred export and import (inertia export / import). Separate from UpsertAsync on purpose: an import must not
    // replace the feed's current-document list (retention's guard), must not give other subscribers unread rows for
    // old articles, and must merge, never reset, the importing user's state.

    /// <summary>The user's starred entries with what another database needs to store them again (feed URL, key,
    /// sort time, state), newest first.</summary>
    public async Task<IReadOnlyList<StarredEntry>> ListStarredForExportAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<StarredRow>(new CommandDefinition(
            $"""
            SELECT f.url AS feed_url, f.title AS feed_title, e.key, e.guid, e.url, e.title, e.author, e.summary, e.content,
                e.published, e.updated, e.sort_at, e.categories, e.enclosures, e.comments_url, e.image_url,
                st.starred_at, {ReadHorizons.IsRead("st")} AS is_read, st.read_at
            FROM entry_states st
            JOIN entries e ON e.id = st.entry_id
            JOIN feeds f ON f.id = e.feed_id
            WHERE st.user_id = @userId AND st.is_starred = TRUE
            ORDER BY st.sort_at DESC, st.entry_id DESC
            """, new { userId }, cancellationToken: ct));
        return rows.Select(r => r.ToStarred()).ToList();
    }

    /// <summary>
    /// Stores starred entries from an export for one user, all or nothing (one transaction). An entry is found by
    /// (feed URL, key): one the database lacks is inserted into its feed (the feed row is created when missing) and
    /// indexed for search, with a state row for this user only; one it has keeps its stored content. Either way the
    /// user's state becomes starred, and read if the export or the database says read. The feed's current-document
    /// list is left alone, and nothing else is reset, so importing twice changes nothing the second time.
    /// </summary>
    public async Task<StarredImportResult> ImportStarredAsync(long userId, IReadOnlyList<StarredEntry> entries, DateTimeOffset now, CancellationToken ct = default)
    {
        var nowMicros = Micros.From(now);
        int inserted = 0, merged = 0;
        using var gate = await db.IngestWriteGateAsync(ct);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var feed in entries.GroupBy(e => e.FeedUrl, StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO feeds (url, title, next_check_at, created_at) VALUES (@url, @title, @now, @now) ON CONFLICT (url) WHERE owner_user_id IS NULL DO NOTHING",
                new { url = feed.Key, title = feed.First().FeedTitle, now = nowMicros }, tx, cancellationToken: ct));
            var feedId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT id FROM feeds WHERE url = @url AND owner_user_id IS NULL", new { url = feed.Key }, tx, cancellationToken: ct));

            var indexed = new List<long>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in feed)
            {
                var row = EntryRow.From(item.Entry, now);
                if (!seen.Add(row.Key)) continue;
                var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    "SELECT id FROM entries WHERE feed_id = @feedId AND key = @key", new { feedId, key = row.Key }, tx, cancellationToken: ct));
                if (id is null)
                {
                    // The exported sort time, so the entry lists where it did (a date in the future is clamped, as on ingest).
                    id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        """
                        INSERT INTO entries (feed_id, key, guid, url, title, author, summary, content, snippet, published, updated,
                            sort_at, categories, enclosures, comments_url, image_url, content_hash, created_at, changed_at)
                        VALUES (@feedId, @Key, @Guid, @Url, @Title, @Author, @Summary, @Content, @Snippet, @Published, @Updated,
                            @sortAt, @Categories, @Enclosures, @CommentsUrl, @ImageUrl, @ContentHash, @now, @now)
                        RETURNING id
                        """,
                        new
                        {
                            feedId, row.Key, row.Guid, row.Url, row.Title, row.Author, row.Summary, row.Content, row.Snippet,
                            row.Published, row.Updated, sortAt = Math.Min(Micros.From(item.SortAt), nowMicros), row.Categories,
                            row.Enclosures, row.CommentsUrl, row.ImageUrl, row.ContentHash, now = nowMicros,
                        }, tx, cancellationToken: ct));
                    indexed.Add(id.Value);
                    inserted++;
                }
                else merged++;

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO entry_states (user_id, entry_id, feed_id, sort_at, category_id, is_read, is_starred, read_at, starred_at)
                    SELECT @userId, e.id, e.feed_id, e.sort_at, s.category_id, @isRead, TRUE, @readAt, @starredAt
                    FROM entries e LEFT JOIN subscriptions s ON s.user_id = @userId AND s.feed_id = e.feed_id
                    WHERE e.id = @id
                    ON CONFLICT (user_id, entry_id) DO UPDATE SET
                        is_starred = TRUE,
                        starred_at = COALESCE(entry_states.starred_at, excluded.starred_at),
                        is_read = (entry_states.is_read OR excluded.is_read),
                        read_at = COALESCE(entry_states.read_at, excluded.read_at)
                    """,
                    new
                    {
                        userId, id, isRead = item.IsRead,
                        readAt = item.IsRead ? Micros.From(item.ReadAt ?? now) : (long?)null,
                        starredAt = Micros.From(item.StarredAt ?? now),
                    }, tx, cancellationToken: ct));
            }
            // Indexed by the SearchIndexer, as a refresh's entries are (a search catches up on a small backlog first).
            if (indexed.Count > 0) await QueueForSearchAsync(connection, tx, indexed, ct);
        }
        await tx.CommitAsync(ct);
        if (inserted > 0) db.SignalSearchPending();
        return new StarredImportResult(inserted, merged);
    }

    /// <summary>Queues entries for the background <see cref="Search.SearchIndexer"/> (search_pending).</summary>
    private Task QueueForSearchAsync(DbConnection connection, DbTransaction tx, IEnumerable<long> ids, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO search_pending (entry_id) SELECT id FROM entries WHERE {db.Dialect.InList("id", "@ids")} ON CONFLICT (entry_id) DO NOTHING",
            new { ids = db.Dialect.IdList(ids) }, tx, cancellationToken: ct));

    private sealed class StarredRow
    {
        public string FeedUrl { get; set; } = "";
        public string? FeedTitle { get; set; }
        public string Key { get; set; } = "";
        public string? Guid { get; set; }
        public string? Url { get; set; }
        public string? Title { get; set; }
        public string? Author { get; set; }
        public string? Summary { get; set; }
        public string? Content { get; set; }
        public long? Published { get; set; }
        public long? Updated { get; set; }
        public long SortAt { get; set; }
        public string Categories { get; set; } = "[]";
        public string Enclosures { get; set; } = "[]";
        public string? CommentsUrl { get; set; }
        public string? ImageUrl { get; set; }
        public long? StarredAt { get; set; }
        public bool IsRead { get; set; }
        public long? ReadAt { get; set; }

        public StarredEntry ToStarred() => new(FeedUrl, FeedTitle,
            new EntryData(Key, Guid, Url, Title, Author, Summary, Content, Micros.ToTime(Published), Micros.ToTime(Updated),
                JsonSerializer.Deserialize<List<string>>(Categories, Json) ?? [],
                JsonSerializer.Deserialize<List<Enclosure>>(Enclosures, Json) ?? [], CommentsUrl, ImageUrl),
            Micros.ToTime(SortAt), Micros.ToTime(StarredAt), IsRead, Micros.ToTime(ReadAt));
    }
}
