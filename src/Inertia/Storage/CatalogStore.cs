using Dapper;

namespace Inertia.Storage;

/// <summary>A catalog entry as admins curate it.</summary>
public sealed record CatalogFeedData(
    string Url, string Title, string? Description, string Category, string Language, string? SiteUrl);

/// <summary>
/// A catalog entry with what the instance knows about its feed: <see cref="FeedId"/> is the linked feeds row (or the
/// feed with the same URL), <see cref="Subscribers"/> how many users follow it.
/// </summary>
public sealed record CatalogFeed(
    long Id, string Url, string Title, string? Description, string Category, string Language, string? SiteUrl,
    int Position, long? FeedId, string? IconUrl, string? FeedDescription, int Subscribers);

/// <summary>The recommended-feeds catalog (catalog_feeds) and the instance's admin settings (settings).</summary>
public sealed class CatalogStore(Database db)
{
    // The effective feed of a catalog entry: its link, else a feed stored under the same URL (unique index lookup).
    private const string CatalogSelect = """
        SELECT c.id AS Id, c.url AS Url, c.title AS Title, c.description AS Description, c.category AS Category,
               c.language AS Language, c.site_url AS SiteUrl, c.position AS Position, f.id AS FeedId,
               f.icon_url AS IconUrl, f.description AS FeedDescription,
               (SELECT COUNT(*) FROM subscriptions s WHERE s.feed_id = f.id) AS Subscribers
        FROM catalog_feeds c
        LEFT JOIN feeds f ON f.id = COALESCE(c.feed_id, (SELECT f2.id FROM feeds f2 WHERE f2.url = c.url AND f2.owner_user_id IS NULL))
        """;

    /// <summary>
    /// The whole catalog in display order: categories in the order they first appeared, then by position. A catalog
    /// is curated: hundreds of rows, not millions.
    /// </summary>
    public async Task<IReadOnlyList<CatalogFeed>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<CatalogRow>(new CommandDefinition(
            CatalogSelect + " ORDER BY (SELECT MIN(c2.id) FROM catalog_feeds c2 WHERE c2.category = c.category), c.position, c.id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<CatalogFeed?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CatalogRow>(new CommandDefinition(
            CatalogSelect + " WHERE c.id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM catalog_feeds", cancellationToken: ct));
    }

    /// <summary>
    /// Adds entries whose URL is not in the catalog yet (the rest are left as they are), each at the end of its
    /// category, in one transaction. Returns how many were added.
    /// </summary>
    public async Task<int> AddManyAsync(IReadOnlyList<CatalogFeedData> feeds, CancellationToken ct = default)
    {
        var now = Micros.From(DateTimeOffset.UtcNow);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var added = 0;
        foreach (var feed in feeds)
        {
            added += await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO catalog_feeds (url, title, description, category, language, site_url, position, created_at, updated_at)
                VALUES (@Url, @Title, @Description, @Category, @Language, @SiteUrl,
                        (SELECT COALESCE(MAX(position), -1) + 1 FROM catalog_feeds WHERE category = @Category), @now, @now)
                ON CONFLICT (url) DO NOTHING
                """, new { feed.Url, feed.Title, feed.Description, feed.Category, feed.Language, feed.SiteUrl, now }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return added;
    }

    /// <summary>Adds one entry; throws <see cref="DuplicateException"/> when its URL is already in the catalog.</summary>
    public async Task<long> AddAsync(CatalogFeedData feed, CancellationToken ct = default)
    {
        var now = Micros.From(DateTimeOffset.UtcNow);
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO catalog_feeds (url, title, description, category, language, site_url, position, created_at, updated_at)
            VALUES (@Url, @Title, @Description, @Category, @Language, @SiteUrl,
                    (SELECT COALESCE(MAX(position), -1) + 1 FROM catalog_feeds WHERE category = @Category), @now, @now)
            ON CONFLICT (url) DO NOTHING
            RETURNING id
            """, new { feed.Url, feed.Title, feed.Description, feed.Category, feed.Language, feed.SiteUrl, now }, cancellationToken: ct));
        return id ?? throw new DuplicateException($"The catalog already has {feed.Url}.");
    }

    /// <summary>Edits an entry; a changed URL drops the feed link. Returns false when the entry is gone.</summary>
    public async Task<bool> UpdateAsync(long id, CatalogFeedData feed, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE catalog_feeds
                SET feed_id = CASE WHEN url = @Url THEN feed_id ELSE NULL END,
                    url = @Url, title = @Title, description = @Description, category = @Category, language = @Language,
                    site_url = @SiteUrl, updated_at = @now
                WHERE id = @id
                """, new { id, feed.Url, feed.Title, feed.Description, feed.Category, feed.Language, feed.SiteUrl, now = Micros.From(DateTimeOffset.UtcNow) },
                cancellationToken: ct)) > 0;
        }
        catch (Exception e) when (db.Dialect.IsUniqueViolation(e))
        {
            throw new DuplicateException($"The catalog already has {feed.Url}.", e);
        }
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM catalog_feeds WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    /// <summary>Records which feeds row a catalog entry resolved to (on subscribe or preview).</summary>
    public async Task LinkFeedAsync(long id, long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE catalog_feeds SET feed_id = @feedId WHERE id = @id", new { id, feedId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM settings", cancellationToken: ct));
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    public async Task SetSettingAsync(string key, string value, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { key, value }, cancellationToken: ct));
    }

    /// <summary>Sets the key only when absent; true when this call set it (a once-only flag across nodes).</summary>
    public async Task<bool> TrySetSettingAsync(string key, string value, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
            new { key, value }, cancellationToken: ct)) > 0;
    }

    private sealed class CatalogRow
    {
        public long Id { get; set; }
        public string Url { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Description { get; set; }
        public string Category { get; set; } = "";
        public string Language { get; set; } = "";
        public string? SiteUrl { get; set; }
        public long Position { get; set; }
        public long? FeedId { get; set; }
        public string? IconUrl { get; set; }
        public string? FeedDescription { get; set; }
        public long Subscribers { get; set; }

        public CatalogFeed ToRecord() => new(Id, Url, Title, Description, Category, Language, SiteUrl, (int)Position,
            FeedId, IconUrl, FeedDescription, (int)Subscribers);
    }
}
