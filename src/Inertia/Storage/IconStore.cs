using Dapper;

namespace Inertia.Storage;

/// <summary>A feed whose icon is due for a (re)check, with what the feed itself says about its site and icon.</summary>
public sealed record IconWork(long FeedId, string FeedUrl, string? SiteUrl, string? IconUrl, string? CurrentHash);

public sealed record StoredIcon(string ContentType, byte[] Data, string Hash);

/// <summary>Feed icons, stored in the database so every node serves them without a shared disk.</summary>
public sealed class IconStore(Database db)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> followed, successfully fetched feeds whose icon was never looked for or is
    /// due again, pushing their next check to <paramref name="leaseUntil"/> in the same statement (two nodes never
    /// fetch the same icon: the conflict clause re-checks the due time on the row it would update).
    /// </summary>
    public async Task<IReadOnlyList<IconWork>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default)
    {
        const string claim = """
            INSERT INTO feed_icons (feed_id, next_check_at)
            SELECT f.id, @leaseUntil FROM feeds f LEFT JOIN feed_icons i ON i.feed_id = f.id
            WHERE f.last_success_at IS NOT NULL
              AND (i.feed_id IS NULL OR i.next_check_at <= @now)
              AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
            ORDER BY f.id
            LIMIT @limit
            ON CONFLICT (feed_id) DO UPDATE SET next_check_at = excluded.next_check_at
            WHERE feed_icons.next_check_at <= @now
            RETURNING feed_id
            """;
        var rows = await db.IngestAsync(async (connection, tx, token) =>
        {
            var ids = (await connection.QueryAsync<long>(new CommandDefinition(claim,
                new { now = Micros.From(now), leaseUntil = Micros.From(leaseUntil), limit }, tx, cancellationToken: token))).ToList();
            if (ids.Count == 0) return [];
            return (await connection.QueryAsync<WorkRow>(new CommandDefinition(
                $"""
                SELECT f.id AS feed_id, f.url AS feed_url, f.site_url, f.icon_url, i.hash AS current_hash
                FROM feeds f JOIN feed_icons i ON i.feed_id = f.id
                WHERE {db.Dialect.InList("f.id", "@ids")} ORDER BY f.id
                """,
                new { ids = db.Dialect.IdList(ids) }, tx, cancellationToken: token))).ToList();
        }, ct);
        return rows.Select(r => new IconWork(r.FeedId, r.FeedUrl, r.SiteUrl, r.IconUrl, r.CurrentHash)).ToList();
    }

    public async Task SaveAsync(long feedId, string sourceUrl, string contentType, byte[] data, string hash,
        DateTimeOffset checkedAt, DateTimeOffset nextCheckAt, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO feed_icons (feed_id, source_url, content_type, data, hash, checked_at, next_check_at, last_error)
            VALUES (@feedId, @sourceUrl, @contentType, @data, @hash, @checkedAt, @nextCheckAt, NULL)
            ON CONFLICT (feed_id) DO UPDATE SET
                source_url = excluded.source_url, content_type = excluded.content_type, data = excluded.data, hash = excluded.hash,
                checked_at = excluded.checked_at, next_check_at = excluded.next_check_at, last_error = NULL
            """;
        await db.IngestExecuteAsync(sql, new
        {
            feedId, sourceUrl, contentType, data, hash, checkedAt = Micros.From(checkedAt), nextCheckAt = Micros.From(nextCheckAt),
        }, ct);
    }

    /// <summary>No usable icon this time. An icon found earlier is kept: a site that is down for a day keeps its icon.</summary>
    public async Task RecordMissAsync(long feedId, string error, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO feed_icons (feed_id, checked_at, next_check_at, last_error) VALUES (@feedId, @checkedAt, @nextCheckAt, @error)
            ON CONFLICT (feed_id) DO UPDATE SET
                checked_at = excluded.checked_at, next_check_at = excluded.next_check_at, last_error = excluded.last_error
            """;
        await db.IngestExecuteAsync(sql, new
        {
            feedId, error = StoredText.Clean(error), checkedAt = Micros.From(checkedAt), nextCheckAt = Micros.From(nextCheckAt),
        }, ct);
    }

    public async Task<StoredIcon?> GetAsync(long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<IconRow>(new CommandDefinition(
            "SELECT content_type, data, hash FROM feed_icons WHERE feed_id = @feedId AND data IS NOT NULL",
            new { feedId }, cancellationToken: ct));
        return row is null ? null : new StoredIcon(row.ContentType, row.Data, row.Hash);
    }

    /// <summary>The last error of the icon search, if the last search found nothing.</summary>
    public async Task<string?> LastErrorAsync(long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT last_error FROM feed_icons WHERE feed_id = @feedId", new { feedId }, cancellationToken: ct));
    }

    /// <summary>Feed id → icon hash of every stored icon (a few dozen bytes per feed) for the pages' icon URLs.</summary>
    public async Task<Dictionary<long, string>> HashesAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long FeedId, string Hash)>(new CommandDefinition(
            "SELECT feed_id, hash FROM feed_icons WHERE hash IS NOT NULL", cancellationToken: ct));
        return rows.ToDictionary(r => r.FeedId, r => r.Hash);
    }

    /// <summary>Whether <paramref name="userId"/> follows the feed (icons of followed feeds are theirs to see).</summary>
    public async Task<bool> FollowsAsync(long userId, long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId", new { userId, feedId }, cancellationToken: ct)) > 0;
    }

    private sealed class WorkRow
    {
        public long FeedId { get; set; }
        public string FeedUrl { get; set; } = "";
        public string? SiteUrl { get; set; }
        public string? IconUrl { get; set; }
        public string? CurrentHash { get; set; }
    }

    private sealed class IconRow
    {
        public string ContentType { get; set; } = "";
        public byte[] Data { get; set; } = [];
        public string Hash { get; set; } = "";
    }
}
