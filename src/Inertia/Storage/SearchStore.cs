using System.Text.Json;
using Dapper;
using Inertia.Storage.ReadState;
using Inertia.Storage.Search;

namespace Inertia.Storage;

/// <summary>
/// What to look for: words, "quoted phrases", prefix* terms, Chinese/Japanese/Korean text (all required), with the
/// same filters as lists plus a date range on the sort time (published, else first seen).
/// </summary>
public sealed record SearchQuery(
    string Text, EntryFilter Filter = EntryFilter.All, long? FeedId = null, long? CategoryId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 50, int Offset = 0, bool NewestFirst = false);

/// <summary>A found entry. TitleHtml and SnippetHtml are HTML-encoded text with the matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(EntryListItem Entry, string TitleHtml, string SnippetHtml, double Score);

/// <summary>Full-text search over title, author and content, per user (only entries the user has a state row for).</summary>
/// <remarks><paramref name="probing"/> tunes newest-first search (tests force each of its plans).</remarks>
public sealed class SearchStore(Database db, NewestFirstProbing? probing = null)
{
    /// <summary>
    /// How many of the newest matches relevance ranking looks at. Ranking every match of a common word (安全 or
    /// "security" match 10^4–10^5 entries at a million) means scoring and joining all of them: hundreds of milliseconds.
    /// PostgreSQL ranks by reading each candidate's whole tsvector (tens of KB for a long article), so the window is
    /// small. On SQLite the newest matches are read in index order and the scan stops early; PostgreSQL's GIN index still
    /// finds every match, but only the candidates are ranked. Words with fewer matches are ranked over all of them.
    /// </summary>
    internal const int RankedCandidates = 200;

    /// <summary>
    /// The newest matches the user can see, up to @candidates, for ranking. Where the dialect has a recent window
    /// (PostgreSQL), the newest entries (ids above @floor) are searched first and the older ones only when the window
    /// holds too few: a GIN search visits the table row of every match it returns, so a word in 30,000 entries cost
    /// 200 ms when all of them were read to find the newest 200 (docs/benchmarks.md). The outer LIMIT stops the
    /// UNION ALL before its second part runs whenever the first one has enough.
    /// </summary>
    private string Candidates(string where)
    {
        var d = db.Dialect;
        var select = $"SELECT st.entry_id AS id, st.sort_at, {d.SearchCandidateScore} AS score FROM {d.SearchFrom} WHERE {where}";
        var order = $"ORDER BY {d.SearchRecencyKey} DESC LIMIT @candidates";
        return d.SearchRecentWindow == 0
            ? $"{select} {order}"
            : $"({select} AND {d.SearchRecencyKey} > @floor {order}) UNION ALL ({select} AND {d.SearchRecencyKey} <= @floor {order}) LIMIT @candidates";
    }

    /// <summary>Best matches first (title matches rank above body matches), or newest first; offset paged.</summary>
    /// <remarks>
    /// Relevance order ranks the newest <see cref="RankedCandidates"/> matches (more when paging past them), not every
    /// match: a very common word finds its best recent entries. Newest-first order covers every match and reports
    /// a score of 0.
    /// </remarks>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(long userId, SearchQuery query, CancellationToken ct = default)
    {
        var plan = SearchPlan.Parse(query.Text);
        if (plan.IsEmpty) return [];
        await CatchUpAsync(ct);

        var d = db.Dialect;
        var filters = new List<string> { "st.user_id = @userId" };
        if (query.Filter == EntryFilter.Unread) filters.Add($"NOT {ReadHorizons.IsRead("st")}");
        if (query.Filter == EntryFilter.Starred) filters.Add("st.is_starred = TRUE");
        if (query.FeedId is not null) filters.Add("st.feed_id = @feedId");
        if (query.CategoryId is not null) filters.Add("st.category_id = @categoryId");
        if (query.From is not null) filters.Add("st.sort_at >= @from");
        if (query.To is not null) filters.Add("st.sort_at <= @to");
        var where = string.Join(" AND ", [query.NewestFirst ? d.SearchNewestMatch : d.SearchMatch, .. filters]);

        var limit = Math.Clamp(query.Limit, 1, EntryStore.MaxLimit);
        var offset = Math.Max(0, query.Offset);
        await using var connection = await db.OpenSearchReaderAsync(ct);
        var floor = d.SearchRecentWindow > 0 && !query.NewestFirst
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) FROM entries", cancellationToken: ct)) - d.SearchRecentWindow
            : 0;
        var parameters = new DynamicParameters(new
        {
            match = d.RenderMatch(plan), userId, feedId = query.FeedId, categoryId = query.CategoryId,
            from = Micros.From(query.From), to = Micros.From(query.To),
            limit, offset, candidates = Math.Max(RankedCandidates, offset + limit), floor,
        });
        await using var tx = await Database.BeginWithSettingsAsync(connection, d.SearchSettings, ct);

        // Two steps: first the page's ids (from the index and entry_states only), then the page's rows. Selecting the
        // entries' content with every match would drag all of it through the sort.
        var probed = query.NewestFirst
            ? await new NewestFirstProbe(d, probing ?? new()).PageAsync(connection, tx, string.Join(" AND ", filters), parameters, offset, limit, ct)
            : null;
        if (probed is { Count: 0 }) return [];
        if (probed is not null) parameters.Add("pageIds", d.IdList(probed));
        var page = probed is not null
            ? $"SELECT st.entry_id AS id, st.sort_at, 0.0 AS score FROM entry_states st WHERE st.user_id = @userId AND {d.InList("st.entry_id", "@pageIds")}"
            : query.NewestFirst
            ? $"""
              SELECT st.entry_id AS id, st.sort_at, 0.0 AS score
              FROM {d.SearchNewestFrom}
              WHERE {where}
              ORDER BY st.sort_at DESC, st.entry_id DESC
              LIMIT @limit OFFSET @offset
              """
            : $"""
              SELECT c.id, c.sort_at, {d.SearchRankScore} AS score
              FROM ({Candidates(where)}) c {d.SearchRankJoin}
              ORDER BY score DESC, c.sort_at DESC, c.id DESC
              LIMIT @limit OFFSET @offset
              """;
        var sql = $"""
            WITH page AS MATERIALIZED (
            {page}
            )
            SELECT st.entry_id AS id, st.feed_id, COALESCE(s.title, f.title, f.url) AS feed_title, e.title, e.url, e.author,
                st.sort_at, e.published, e.snippet, e.image_url, {ReadHorizons.IsRead("st")} AS is_read, st.is_starred,
                e.summary, e.content, page.score
            FROM page
            JOIN entry_states st ON st.user_id = @userId AND st.entry_id = page.id
            JOIN entries e ON e.id = st.entry_id
            JOIN feeds f ON f.id = st.feed_id
            LEFT JOIN subscriptions s ON s.user_id = st.user_id AND s.feed_id = st.feed_id
            ORDER BY page.score DESC, page.sort_at DESC, page.id DESC
            """;
        var rows = await connection.QueryAsync<HitRow>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        if (tx is not null) await tx.CommitAsync(ct);

        return rows.Select(r =>
        {
            var body = PlainText.FromHtml(string.IsNullOrWhiteSpace(r.Content) ? r.Summary : r.Content);
            return new SearchHit(r.ToItem(), Highlighter.Highlight(r.Title ?? "", plan.Highlights), Highlighter.Snippet(body, plan.Highlights), r.Score);
        }).ToList();
    }

    /// <summary>
    /// A search first indexes the pending entries (what refreshes stored since the indexer's last batch) when there are at most
    /// this many, so a new entry is found as soon as its refresh has stored it; a larger backlog (a cold refresh) is
    /// left to the background <see cref="SearchIndexer"/> rather than making one search wait for it.
    /// </summary>
    internal const int CatchUpLimit = 1000;

    /// <summary>Indexes the pending entries if there are at most <see cref="CatchUpLimit"/>; returns how many.</summary>
    internal async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        long pending;
        await using (var connection = await db.OpenAsync(ct))
            pending = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM (SELECT 1 FROM search_pending LIMIT @limit) p",
                new { limit = CatchUpLimit + 1 }, cancellationToken: ct));
        if (pending == 0 || pending > CatchUpLimit) return 0;
        var total = 0;
        int done;
        while ((done = await IndexPendingAsync(CatchUpLimit, ct)) > 0) total += done;
        return total;
    }

    /// <summary>
    /// Indexes up to <paramref name="batchSize"/> entries not in the search index yet (stored in a large batch, stored
    /// before migration 002, or queued again after a tokenizer change); returns how many. Call until it returns 0.
    /// </summary>
    /// <remarks>
    /// Tokenizing costs the most, so it happens before the write: the entries are read, tokenized, and then written
    /// in an ingest transaction (<see cref="Database.IngestAsync{T}"/>) only where their content hash is still the one
    /// read (an entry changed meanwhile stays pending for the next round). On PostgreSQL, rows another node is
    /// indexing right now are skipped. On SQLite the index has a file of its own (<see cref="IndexIntoFileAsync"/>),
    /// and each call also removes up to <see cref="GoneBatch"/> deleted entries from it.
    /// </remarks>
    public async Task<int> IndexPendingAsync(int batchSize = 500, CancellationToken ct = default)
    {
        List<(long Id, string? Title, string? Author, string? Summary, string? Content, string ContentHash)> pending;
        await using (var connection = await db.OpenAsync(ct))
            pending = (await connection.QueryAsync<(long, string?, string?, string?, string?, string)>(new CommandDefinition(
                """
                SELECT e.id, e.title, e.author, e.summary, e.content, e.content_hash
                FROM search_pending p JOIN entries e ON e.id = p.entry_id ORDER BY p.entry_id LIMIT @batchSize
                """,
                new { batchSize }, cancellationToken: ct))).ToList();
        if (pending.Count == 0) return db.SearchFile is { } idle ? await IndexIntoFileAsync(idle, [], ct) : 0;

        var documents = pending.ToDictionary(p => p.Id, p => (p.ContentHash, Document: SearchDocument.From(p.Title, p.Author, p.Summary, p.Content)));
        pending.Clear(); // the entries' content is not needed while waiting for the write
        if (db.SearchFile is { } file) return await IndexIntoFileAsync(file, documents, ct);
        var ids = db.Dialect.IdList(documents.Keys);
        return await db.IngestAsync(async (connection, tx, token) =>
        {
            var current = (await connection.QueryAsync<(long Id, string ContentHash)>(new CommandDefinition(
                    $"""
                    SELECT e.id, e.content_hash FROM search_pending p JOIN entries e ON e.id = p.entry_id
                    WHERE {db.Dialect.InList("p.entry_id", "@ids")} ORDER BY p.entry_id {db.Dialect.SkipLocked}
                    """,
                    new { ids }, tx, cancellationToken: token)))
                .Where(c => documents[c.Id].ContentHash == c.ContentHash)
                .Select(c => (c.Id, documents[c.Id].Document)).ToList();
            if (current.Count == 0) return 0;
            await SearchIndexWriter.WriteAsync(connection, tx, db.Dialect, current, replace: true, token);
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM search_pending WHERE {db.Dialect.InList("entry_id", "@ids")}",
                new { ids = db.Dialect.IdList(current.Select(c => c.Id)) }, tx, cancellationToken: token));
            return current.Count;
        }, ct);
    }

    /// <summary>Deleted entries removed from the SQLite index file per <see cref="IndexPendingAsync"/>.</summary>
    private const int GoneBatch = 5000;

    /// <summary>
    /// SQLite: the batch and the deleted entries' removal are written to the index file first, in a transaction of
    /// its own that never waits for the refreshes' writes; then an ingest write takes the entries off the queue where
    /// their content hash is still the one indexed (an entry changed meanwhile stays queued and is indexed again, its
    /// old document replaced). A crash in between leaves them queued: writing them again replaces what they had.
    /// </summary>
    private async Task<int> IndexIntoFileAsync(Search.SqliteSearchFile file,
        Dictionary<long, (string ContentHash, SearchDocument Document)> documents, CancellationToken ct)
    {
        List<long> gone;
        await using (var connection = await db.OpenAsync(ct))
            gone = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT entry_id FROM search_gone ORDER BY entry_id LIMIT @limit", new { limit = GoneBatch }, cancellationToken: ct))).ToList();
        if (documents.Count == 0 && gone.Count == 0) return 0;
        await file.WriteAsync([.. documents.Select(d => (d.Key, d.Value.Document))], gone, ct);
        var indexed = JsonSerializer.Serialize(documents.Select(d => new { id = d.Key, hash = d.Value.ContentHash }));
        return await db.IngestAsync(async (connection, tx, token) =>
        {
            if (gone.Count > 0)
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM search_gone WHERE entry_id IN (SELECT value FROM json_each(@gone))",
                    new { gone = db.Dialect.IdList(gone) }, tx, cancellationToken: token));
            return await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM search_pending WHERE entry_id IN (
                    SELECT e.id FROM json_each(@indexed) i JOIN entries e ON e.id = i.value ->> 'id' AND e.content_hash = i.value ->> 'hash')
                """, new { indexed }, tx, cancellationToken: token));
        }, ct);
    }

    private sealed class HitRow : EntryStore.ListRow
    {
        public string? Summary { get; set; }
        public string? Content { get; set; }
        public double Score { get; set; }
    }
}
