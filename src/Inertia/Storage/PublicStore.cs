using System.Security.Cryptography;
using Dapper;

namespace Inertia.Storage;

/// <summary>An entry as a public page shows it: no per-user state at all.</summary>
public sealed record PublicEntry(
    long Id, long FeedId, string? Title, string? Url, string? Author, DateTimeOffset SortAt,
    DateTimeOffset? Published, DateTimeOffset? Updated, DateTimeOffset ChangedAt,
    string? Summary, string? Content, string? Snippet, string? ImageUrl);

/// <summary>A line of a public list: title, date and link.</summary>
public sealed record PublicEntryItem(long Id, string? Title, DateTimeOffset SortAt, DateTimeOffset ChangedAt);

/// <summary>An entry of an output feed, with its feed for attribution.</summary>
public sealed record OutputEntry(
    long Id, string? Title, string? Url, string? Author, DateTimeOffset? Published, DateTimeOffset? Updated,
    DateTimeOffset SortAt, DateTimeOffset ChangedAt, string? Summary, string? Content, string FeedTitle, string? FeedSiteUrl);

public sealed record OutputFeedToken(long UserId, string Token, string Scope, DateTimeOffset CreatedAt);

/// <summary>
/// Reads behind the public pages (entries without user state; the caller decides whether the feed is public) and the
/// private output feeds (tokens and the user-scoped entry lists they expose).
/// </summary>
public sealed class PublicStore(Database db)
{
    private const string EntryColumns = """
        e.id AS Id, e.feed_id AS FeedId, e.title AS Title, e.url AS Url, e.author AS Author, e.sort_at AS SortAt,
        e.published AS Published, e.updated AS Updated, e.changed_at AS ChangedAt, e.summary AS Summary,
        e.content AS Content, e.snippet AS Snippet, e.image_url AS ImageUrl
        """;

    public async Task<PublicEntry?> GetEntryAsync(long entryId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<EntryRow>(new CommandDefinition(
            $"SELECT {EntryColumns} FROM entries e WHERE e.id = @entryId", new { entryId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>The feed's newest entries (entries_feed_sort index).</summary>
    public async Task<IReadOnlyList<PublicEntryItem>> RecentEntriesAsync(long feedId, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition("""
            SELECT e.id AS Id, e.title AS Title, e.sort_at AS SortAt, e.changed_at AS ChangedAt
            FROM entries e WHERE e.feed_id = @feedId
            ORDER BY e.sort_at DESC, e.id DESC LIMIT @limit
            """, new { feedId, limit }, cancellationToken: ct));
        return rows.Select(r => new PublicEntryItem(r.Id, r.Title, Micros.ToTime(r.SortAt), Micros.ToTime(r.ChangedAt))).ToList();
    }

    /// <summary>Whether anyone on the instance follows the feed (a feed private to one user never counts: it may
    /// be fetched with that user's credentials).</summary>
    public async Task<bool> IsFollowedAsync(long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM subscriptions WHERE feed_id = @feedId)
                AND EXISTS (SELECT 1 FROM feeds WHERE id = @feedId AND owner_user_id IS NULL) THEN 1 ELSE 0 END
            """,
            new { feedId }, cancellationToken: ct));
    }

    /// <summary>The user's token for a scope, creating one when there is none.</summary>
    public async Task<OutputFeedToken> GetOrCreateTokenAsync(long userId, string scope, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        // 256 random bits, URL-safe: the token is the only secret guarding the list.
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO output_feed_tokens (user_id, token, scope, created_at) VALUES (@userId, @token, @scope, @now)
            ON CONFLICT (user_id, scope) DO NOTHING
            """, new { userId, token, scope, now = Micros.From(DateTimeOffset.UtcNow) }, cancellationToken: ct));
        var row = await connection.QuerySingleAsync<TokenRow>(new CommandDefinition("""
            SELECT user_id AS UserId, token AS Token, scope AS Scope, created_at AS CreatedAt
            FROM output_feed_tokens WHERE user_id = @userId AND scope = @scope
            """, new { userId, scope }, cancellationToken: ct));
        return row.ToRecord();
    }

    public async Task<IReadOnlyList<OutputFeedToken>> ListTokensAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<TokenRow>(new CommandDefinition("""
            SELECT user_id AS UserId, token AS Token, scope AS Scope, created_at AS CreatedAt
            FROM output_feed_tokens WHERE user_id = @userId ORDER BY scope
            """, new { userId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<OutputFeedToken?> FindTokenAsync(string token, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition("""
            SELECT user_id AS UserId, token AS Token, scope AS Scope, created_at AS CreatedAt
            FROM output_feed_tokens WHERE token = @token
            """, new { token }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>Revokes the user's token for a scope: its URL stops working at once.</summary>
    public async Task<bool> RevokeTokenAsync(long userId, string scope, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM output_feed_tokens WHERE user_id = @userId AND scope = @scope",
            new { userId, scope }, cancellationToken: ct)) > 0;
    }

    /// <summary>The user's starred entries, newest first (entry_states_user_starred index).</summary>
    public Task<IReadOnlyList<OutputEntry>> StarredEntriesAsync(long userId, int limit, CancellationToken ct = default) =>
        OutputEntriesAsync("es.is_starred = TRUE", new { userId, limit }, ct);

    /// <summary>Entries of the feeds the user files under the category, newest first (entry_states_user_category index).</summary>
    public Task<IReadOnlyList<OutputEntry>> CategoryEntriesAsync(long userId, long categoryId, int limit, CancellationToken ct = default) =>
        OutputEntriesAsync("es.category_id = @categoryId", new { userId, categoryId, limit }, ct);

    /// <summary>The user's entries among <paramref name="entryIds"/> (a saved search's matches), newest first.</summary>
    public Task<IReadOnlyList<OutputEntry>> OutputEntriesAsync(long userId, IReadOnlyCollection<long> entryIds, CancellationToken ct = default) =>
        entryIds.Count == 0
            ? Task.FromResult<IReadOnlyList<OutputEntry>>([])
            : OutputEntriesAsync(db.Dialect.InList("es.entry_id", "@ids"), new { userId, ids = db.Dialect.IdList(entryIds), limit = entryIds.Count }, ct);

    private async Task<IReadOnlyList<OutputEntry>> OutputEntriesAsync(string predicate, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // The feed's title as the user named it, if they still follow it.
        var rows = await connection.QueryAsync<OutputRow>(new CommandDefinition($"""
            SELECT e.id AS Id, e.title AS Title, e.url AS Url, e.author AS Author, e.published AS Published,
                   e.updated AS Updated, e.sort_at AS SortAt, e.changed_at AS ChangedAt, e.summary AS Summary,
                   e.content AS Content,
                   COALESCE(s.title, f.title, f.url) AS FeedTitle, f.site_url AS FeedSiteUrl
            FROM entry_states es
            JOIN entries e ON e.id = es.entry_id
            JOIN feeds f ON f.id = e.feed_id
            LEFT JOIN subscriptions s ON s.user_id = es.user_id AND s.feed_id = e.feed_id
            WHERE es.user_id = @userId AND {predicate}
            ORDER BY es.sort_at DESC, es.entry_id DESC
            LIMIT @limit
            """, parameters, cancellationToken: ct));
        return rows.Select(r => new OutputEntry(r.Id, r.Title, r.Url, r.Author, Micros.ToTime(r.Published), Micros.ToTime(r.Updated),
            Micros.ToTime(r.SortAt), Micros.ToTime(r.ChangedAt), r.Summary, r.Content, r.FeedTitle ?? "", r.FeedSiteUrl)).ToList();
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class EntryRow
    {
        public long Id { get; set; }
        public long FeedId { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Author { get; set; }
        public long SortAt { get; set; }
        public long? Published { get; set; }
        public long? Updated { get; set; }
        public long ChangedAt { get; set; }
        public string? Summary { get; set; }
        public string? Content { get; set; }
        public string? Snippet { get; set; }
        public string? ImageUrl { get; set; }

        public PublicEntry ToRecord() => new(Id, FeedId, Title, Url, Author, Micros.ToTime(SortAt), Micros.ToTime(Published),
            Micros.ToTime(Updated), Micros.ToTime(ChangedAt), Summary, Content, Snippet, ImageUrl);
    }

    private sealed class ItemRow
    {
        public long Id { get; set; }
        public string? Title { get; set; }
        public long SortAt { get; set; }
        public long ChangedAt { get; set; }
    }

    private sealed class OutputRow
    {
        public long Id { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Author { get; set; }
        public long? Published { get; set; }
        public long? Updated { get; set; }
        public long SortAt { get; set; }
        public long ChangedAt { get; set; }
        public string? Summary { get; set; }
        public string? Content { get; set; }
        public string? FeedTitle { get; set; }
        public string? FeedSiteUrl { get; set; }
    }

    private sealed class TokenRow
    {
        public long UserId { get; set; }
        public string Token { get; set; } = "";
        public string Scope { get; set; } = "";
        public long CreatedAt { get; set; }

        public OutputFeedToken ToRecord() => new(UserId, Token, Scope, Micros.ToTime(CreatedAt));
    }
}
