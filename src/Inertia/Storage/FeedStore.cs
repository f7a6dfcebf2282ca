using Dapper;

namespace Inertia.Storage;

public sealed record FeedRecord(
    long Id, string Url, string? SiteUrl, string? Title, string? Description, string? Language, string? IconUrl,
    string? Etag, string? LastModified, string? HubUrl,
    DateTimeOffset NextCheckAt, DateTimeOffset? LastCheckedAt, DateTimeOffset? LastSuccessAt,
    int ErrorCount, string? LastError, DateTimeOffset CreatedAt)
{
    /// <summary>Set on a private row: fetched for this user alone, with their credentials (see <see cref="FeedSettings"/>).</summary>
    public long? OwnerUserId { get; init; }
    public FeedSettings Settings { get; init; } = FeedSettings.None;
}

/// <summary>
/// Per-feed settings. <see cref="FixedInterval"/>, <see cref="IgnoreHttpCache"/>, <see cref="FullArticle"/> and
/// <see cref="ArticleSelector"/> carry no secret and may sit on a shared row; the others change what the server
/// returns or carry credentials and exist only on a row private to one user (a CHECK in the schema enforces it).
/// </summary>
public sealed record FeedSettings
{
    public static readonly FeedSettings None = new();

    /// <summary>Replaces the adaptive interval (still at least Fetching:MinInterval).</summary>
    public TimeSpan? FixedInterval { get; init; }
    public bool IgnoreHttpCache { get; init; }
    /// <summary>Fetch each entry's web page for its full text (the extraction service reads these two).</summary>
    public bool FullArticle { get; init; }
    /// <summary>CSS selector of the article body on the entry's page; null lets the extractor decide.</summary>
    public string? ArticleSelector { get; init; }

    public string? UserAgent { get; init; }
    public string? Cookie { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>http(s) or socks5 proxy URL, possibly with user:password.</summary>
    public string? ProxyUrl { get; init; }

    /// <summary>Whether any setting needs a private row.</summary>
    public bool HasPrivateOverrides =>
        UserAgent is not null || Cookie is not null || Username is not null || Password is not null || ProxyUrl is not null;

    // Records print every property; secrets must never reach a log line through ToString.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"FixedInterval = {FixedInterval}, IgnoreHttpCache = {IgnoreHttpCache}, FullArticle = {FullArticle}, ");
        builder.Append($"ArticleSelector = {ArticleSelector}, UserAgent = {UserAgent}, Cookie = {(Cookie is null ? "" : "***")}, ");
        builder.Append($"Username = {Username}, Password = {(Password is null ? "" : "***")}, ProxyUrl = {(ProxyUrl is null ? "" : "***")}");
        return true;
    }
}

/// <summary>What a successful fetch tells us about the feed itself.</summary>
public sealed record FeedMetadata(string? Title, string? SiteUrl, string? Description, string? Language, string? IconUrl, string? HubUrl);

/// <summary>Feeds are stored once, whoever follows them; fetch state lives here.</summary>
public sealed class FeedStore(Database db)
{
    private const string Columns =
        "id, url, site_url, title, description, language, icon_url, etag, last_modified, hub_url, " +
        "next_check_at, last_checked_at, last_success_at, error_count, last_error, created_at, owner_user_id, " +
        "fixed_interval_minutes, ignore_http_cache, full_article, article_selector, user_agent, cookie, auth_username, " +
        "auth_password, proxy_url";

    /// <summary>Returns the shared feed with this exact URL, creating it (due now) when new.</summary>
    public async Task<FeedRecord> GetOrCreateAsync(string url, CancellationToken ct = default)
    {
        var now = Micros.From(DateTimeOffset.UtcNow);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO feeds (url, next_check_at, created_at) VALUES (@url, @now, @now) ON CONFLICT (url) WHERE owner_user_id IS NULL DO NOTHING",
            new { url, now }, cancellationToken: ct));
        var row = await connection.QuerySingleAsync<FeedRow>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE url = @url AND owner_user_id IS NULL", new { url }, cancellationToken: ct));
        return row.ToRecord();
    }

    /// <summary>The user's own private copy of the feed at this URL (made when they set credentials on it), if any.</summary>
    public async Task<long?> FindPrivateAsync(string url, long ownerUserId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM feeds WHERE url = @url AND owner_user_id = @ownerUserId", new { url, ownerUserId }, cancellationToken: ct));
    }

    public async Task<FeedRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> feeds with subscribers whose next check is due, oldest first, and pushes
    /// their next check to now + <paramref name="lease"/> in the same transaction, so no other worker or node
    /// claims them meanwhile (PostgreSQL: FOR UPDATE SKIP LOCKED).
    /// </summary>
    /// <remarks>The returned records carry the lease as <see cref="FeedRecord.NextCheckAt"/>; the worker replaces it
    /// with the real next check when it records the outcome.</remarks>
    public async Task<IReadOnlyList<FeedRecord>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken ct = default)
    {
        if (limit <= 0) return [];
        // One statement: the subquery picks (and on PostgreSQL row-locks, skipping rows another node holds) the
        // oldest due feeds that someone follows; the UPDATE moves them past the lease so the next claim skips them.
        var sql = $"""
            UPDATE feeds SET next_check_at = @leaseUntil
            WHERE id IN (
                SELECT f.id FROM feeds f
                WHERE f.next_check_at <= @now AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
                ORDER BY f.next_check_at, f.id
                LIMIT @limit
                {db.Dialect.SkipLocked})
            RETURNING {Columns}
            """;
        // SQLite: a write of the refreshes' group commit. A claim on a connection of its own waited for the group
        // writer, held the write lock while it waited for a core, and, as another connection's write, made the
        // group writer drop its page cache.
        var rows = await db.IngestAsync(async (connection, tx, token) => (await connection.QueryAsync<FeedRow>(new CommandDefinition(sql,
            new { now = Micros.From(now), leaseUntil = Micros.From(now + lease), limit }, tx, cancellationToken: token))).ToList(), ct);
        return rows.Select(r => r.ToRecord()).OrderBy(f => f.Id).ToList();
    }

    /// <summary>A 200 whose entries are stored: metadata, validators and check times, batched with other feeds'
    /// checks (<see cref="RecordCheckAsync"/>; the refresher passes it there with the fetch log row).</summary>
    public Task RecordSuccessAsync(long feedId, FeedMetadata metadata, string? etag, string? lastModified, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt, CancellationToken ct = default) =>
        RecordCheckAsync(feedId, CheckState.Success(metadata, etag, lastModified, checkedAt, nextCheckAt), null, 0);

    /// <summary>A 304: only the check times move (and, the feed being reachable, its error count clears).</summary>
    public Task RecordNotModifiedAsync(long feedId, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt, CancellationToken ct = default) =>
        RecordCheckAsync(feedId, CheckState.NotModified(checkedAt, nextCheckAt), null, 0);

    /// <summary>Increments the error count and stores the message; the feed is never dropped.</summary>
    public Task RecordFailureAsync(long feedId, string error, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt, CancellationToken ct = default) =>
        RecordCheckAsync(feedId, CheckState.Failure(error, checkedAt, nextCheckAt), null, 0);

    /// <summary>
    /// A check's bookkeeping in one write shared with other feeds' checks (<see cref="FeedCheckWriter"/>): the row's
    /// new state (<see cref="CheckState"/>: a 304, a failure or a stored 200) and a fetch log
    /// row kept to the feed's newest <paramref name="keepLog"/>. Completes once committed; not cancellable, since the
    /// check already happened.
    /// </summary>
    public Task RecordCheckAsync(long feedId, CheckState? state, FetchLogEntry? log, int keepLog) =>
        state is null && log is null ? Task.CompletedTask : db.Checks.WriteAsync(new FeedCheck(feedId, state, log, keepLog));

    /// <summary>After a consistent permanent redirect.</summary>
    /// <exception cref="DuplicateException">Another feed already has this URL.</exception>
    public async Task SetUrlAsync(long feedId, string url, CancellationToken ct = default)
    {
        try
        {
            await db.IngestAsync((connection, tx, token) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE feeds SET url = @url WHERE id = @feedId", new { feedId, url }, tx, cancellationToken: token)), ct);
        }
        catch (Exception e) when (db.Dialect.IsUniqueViolation(e))
        {
            throw new DuplicateException($"Another feed already has the URL {url}.", e);
        }
    }

    /// <summary>Makes the feed due now (refresh on demand).</summary>
    public async Task ScheduleNowAsync(long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE feeds SET next_check_at = @now WHERE id = @feedId AND next_check_at > @now",
            new { feedId, now = Micros.From(DateTimeOffset.UtcNow) }, cancellationToken: ct));
    }

    /// <summary>Makes every feed the user follows due now.</summary>
    public async Task ScheduleAllNowForUserAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE feeds SET next_check_at = @now
            WHERE next_check_at > @now AND id IN (SELECT feed_id FROM subscriptions WHERE user_id = @userId)
            """,
            new { userId, now = Micros.From(DateTimeOffset.UtcNow) }, cancellationToken: ct));
    }

    /// <summary>
    /// Writes the feed's settings for a user who follows it. Settings that need a private row (see
    /// <see cref="FeedSettings.HasPrivateOverrides"/>) are refused on a shared row: move the subscription to a private
    /// row first (<see cref="SubscriptionStore.MoveToPrivateFeedAsync"/>). Returns false when the user does not
    /// follow the feed or it belongs to someone else.
    /// </summary>
    public async Task<bool> UpdateSettingsAsync(long userId, long feedId, FeedSettings settings, CancellationToken ct = default)
    {
        var owned = settings.HasPrivateOverrides ? "owner_user_id = @userId" : "(owner_user_id IS NULL OR owner_user_id = @userId)";
        var now = DateTimeOffset.UtcNow;
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE feeds SET fixed_interval_minutes = @fixedMinutes, ignore_http_cache = @IgnoreHttpCache,
                full_article = @FullArticle, article_selector = @ArticleSelector, user_agent = @UserAgent, cookie = @Cookie,
                auth_username = @Username, auth_password = @Password, proxy_url = @ProxyUrl
            WHERE id = @feedId AND {owned}
              AND EXISTS (SELECT 1 FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId)
            """,
            new
            {
                userId, feedId, fixedMinutes = settings.FixedInterval is { } fixedInterval ? (long?)(long)fixedInterval.TotalMinutes : null,
                settings.IgnoreHttpCache, settings.FullArticle, ArticleSelector = Blank(settings.ArticleSelector),
                UserAgent = Blank(settings.UserAgent), Cookie = Blank(settings.Cookie), Username = Blank(settings.Username),
                Password = string.IsNullOrEmpty(settings.Password) ? null : settings.Password, ProxyUrl = Blank(settings.ProxyUrl),
            }, tx, cancellationToken: ct));
        // A fixed interval shorter than the wait already scheduled takes effect now, not after the old wait.
        if (changed > 0 && settings.FixedInterval is { } interval)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE feeds SET next_check_at = @until WHERE id = @feedId AND next_check_at > @until",
                new { feedId, until = Micros.From(now + interval) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        if (changed == 0 && settings.HasPrivateOverrides && await IsSharedAsync(feedId, ct))
            throw new InvalidOperationException($"Feed {feedId} is shared: cookie, basic auth, user agent and proxy need a private feed row.");
        return changed > 0;
    }

    async Task<bool> IsSharedAsync(long feedId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM feeds WHERE id = @feedId AND owner_user_id IS NULL", new { feedId }, cancellationToken: ct)) > 0;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class FeedRow
    {
        public long Id { get; set; }
        public string Url { get; set; } = "";
        public string? SiteUrl { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Language { get; set; }
        public string? IconUrl { get; set; }
        public string? Etag { get; set; }
        public string? LastModified { get; set; }
        public string? HubUrl { get; set; }
        public long NextCheckAt { get; set; }
        public long? LastCheckedAt { get; set; }
        public long? LastSuccessAt { get; set; }
        public long ErrorCount { get; set; }
        public string? LastError { get; set; }
        public long CreatedAt { get; set; }
        public long? OwnerUserId { get; set; }
        public long? FixedIntervalMinutes { get; set; }
        public bool IgnoreHttpCache { get; set; }
        public bool FullArticle { get; set; }
        public string? ArticleSelector { get; set; }
        public string? UserAgent { get; set; }
        public string? Cookie { get; set; }
        public string? AuthUsername { get; set; }
        public string? AuthPassword { get; set; }
        public string? ProxyUrl { get; set; }

        public FeedRecord ToRecord() => new(Id, Url, SiteUrl, Title, Description, Language, IconUrl, Etag, LastModified, HubUrl,
            Micros.ToTime(NextCheckAt), Micros.ToTime(LastCheckedAt), Micros.ToTime(LastSuccessAt),
            (int)ErrorCount, LastError, Micros.ToTime(CreatedAt))
        {
            OwnerUserId = OwnerUserId,
            Settings = new FeedSettings
            {
                FixedInterval = FixedIntervalMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
                IgnoreHttpCache = IgnoreHttpCache, FullArticle = FullArticle, ArticleSelector = ArticleSelector,
                UserAgent = UserAgent, Cookie = Cookie, Username = AuthUsername, Password = AuthPassword, ProxyUrl = ProxyUrl,
            },
        };
    }
}
