using Dapper;
using Inertia.Storage;

namespace Inertia.Content.FullArticle;

/// <summary>The cache of full articles, one per entry (the page is the same for all its readers).</summary>
public sealed class FullArticleStore(Database db)
{
    /// <summary>The cached article, if the user has the entry (a state row) and it was fetched before.</summary>
    public async Task<FullArticle?> GetAsync(long userId, long entryId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT a.entry_id, a.url, a.selector, a.content, a.fetched_at
            FROM entry_full_articles a JOIN entry_states st ON st.entry_id = a.entry_id AND st.user_id = @userId
            WHERE a.entry_id = @entryId AND a.content <> ''
            """, new { userId, entryId }, cancellationToken: ct));
        return row is null ? null : new FullArticle(row.EntryId, row.Url, row.Selector, row.Content, Micros.ToTime(row.FetchedAt));
    }

    /// <summary>
    /// New entries (created since <paramref name="since"/>) of feeds set to fetch full articles, not tried yet: the
    /// newest first, with their feed's CSS selector.
    /// </summary>
    public async Task<IReadOnlyList<PendingFullArticle>> ListPendingAsync(DateTimeOffset since, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<PendingFullArticle>(new CommandDefinition(
            """
            SELECT e.id AS EntryId, e.url AS Url, f.article_selector AS Selector
            FROM feeds f JOIN entries e ON e.feed_id = f.id
            WHERE f.full_article = TRUE AND e.created_at >= @since AND e.url IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM entry_full_articles a WHERE a.entry_id = e.id)
            ORDER BY e.id DESC
            LIMIT @limit
            """, new { since = Micros.From(since), limit }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// Records that an automatic fetch found nothing (an empty row), so it is not tried again; readers never see it
    /// and a reader's own "fetch full article" replaces it.
    /// </summary>
    public Task SaveMissAsync(long entryId, string url, string selector, DateTimeOffset at, CancellationToken ct = default) =>
        SaveAsync(new FullArticle(entryId, url, selector, "", at), ct);

    public async Task SaveAsync(FullArticle article, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_full_articles (entry_id, url, selector, content, fetched_at)
            VALUES (@EntryId, @Url, @Selector, @Content, @fetchedAt)
            ON CONFLICT (entry_id) DO UPDATE SET url = excluded.url, selector = excluded.selector,
                content = excluded.content, fetched_at = excluded.fetched_at
            """,
            new { article.EntryId, article.Url, article.Selector, article.Content, fetchedAt = Micros.From(article.FetchedAt) },
            cancellationToken: ct));
    }

    private sealed class Row
    {
        public long EntryId { get; set; }
        public string Url { get; set; } = "";
        public string Selector { get; set; } = "";
        public string Content { get; set; } = "";
        public long FetchedAt { get; set; }
    }
}
