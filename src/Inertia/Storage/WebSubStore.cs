using Dapper;

namespace Inertia.Storage;

/// <summary>Where a feed's push subscription stands; see migration 012 for the meaning of each state.</summary>
public static class WebSubState
{
    public const string Pending = "pending";
    public const string Subscribing = "subscribing";
    public const string Active = "active";
    public const string Unsubscribing = "unsubscribing";
}

public sealed record WebSubRecord(
    long FeedId, string HubUrl, string TopicUrl, string Token, string Secret, string State,
    DateTimeOffset DueAt, DateTimeOffset? ExpiresAt, int Attempts, string? LastError, DateTimeOffset? LastPushAt,
    bool HasSubscribers)
{
    /// <summary>The hub confirmed the subscription and its lease has not run out: pushes are expected.</summary>
    public bool IsLive(DateTimeOffset now) => State == WebSubState.Active && ExpiresAt > now;
}

/// <summary>WebSub subscriptions, one per feed, shared by every node.</summary>
public sealed class WebSubStore(Database db)
{
    private const string Columns =
        "w.feed_id, w.hub_url, w.topic_url, w.token, w.secret, w.state, w.due_at, w.expires_at, w.attempts, w.last_error, w.last_push_at, " +
        "CASE WHEN EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = w.feed_id) THEN 1 ELSE 0 END AS has_subscribers";

    public async Task<WebSubRecord?> GetAsync(long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM websub_subscriptions w WHERE w.feed_id = @feedId", new { feedId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>
    /// Starts over with a new hub or topic: a fresh token and secret (so the old hub's pushes no longer match) and a
    /// subscribe request due now.
    /// </summary>
    public async Task ResetAsync(long feedId, string hubUrl, string topicUrl, string token, string secret, DateTimeOffset now, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO websub_subscriptions (feed_id, hub_url, topic_url, token, secret, state, due_at, created_at)
            VALUES (@feedId, @hubUrl, @topicUrl, @token, @secret, @state, @now, @now)
            ON CONFLICT (feed_id) DO UPDATE SET
                hub_url = excluded.hub_url, topic_url = excluded.topic_url, token = excluded.token, secret = excluded.secret,
                state = excluded.state, due_at = excluded.due_at, expires_at = NULL, attempts = 0, last_error = NULL
            """;
        await db.IngestExecuteAsync(sql,
            new { feedId, hubUrl, topicUrl, token, secret, state = WebSubState.Pending, now = Micros.From(now) }, ct);
    }

    /// <summary>
    /// Claims subscriptions the worker must act on: due ones (send, retry, renew) and any whose feed lost its last
    /// subscriber (unsubscribe at once). Their due time moves to <paramref name="leaseUntil"/> in the same statement,
    /// so another node's worker skips them.
    /// </summary>
    public async Task<IReadOnlyList<WebSubRecord>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default)
    {
        var sql = $"""
            UPDATE websub_subscriptions SET due_at = @leaseUntil
            WHERE feed_id IN (
                SELECT w.feed_id FROM websub_subscriptions w
                WHERE w.due_at <= @now
                   OR (w.state <> '{WebSubState.Unsubscribing}' AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = w.feed_id))
                ORDER BY w.due_at, w.feed_id
                LIMIT @limit
                {db.Dialect.SkipLocked})
            RETURNING feed_id
            """;
        var rows = await db.IngestAsync(async (connection, tx, token) =>
        {
            var ids = (await connection.QueryAsync<long>(new CommandDefinition(sql,
                new { now = Micros.From(now), leaseUntil = Micros.From(leaseUntil), limit }, tx, cancellationToken: token))).ToList();
            if (ids.Count == 0) return [];
            return (await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM websub_subscriptions w WHERE {db.Dialect.InList("w.feed_id", "@ids")} ORDER BY w.feed_id",
                new { ids = db.Dialect.IdList(ids) }, tx, cancellationToken: token))).ToList();
        }, ct);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// A subscribe or unsubscribe request the hub accepted; its verification is expected before <paramref name="dueAt"/>,
    /// else the request is sent again. A renewal keeps the subscription active meanwhile. A hub may verify before it even
    /// answers the request: then the row no longer carries the claim (<paramref name="claimedUntil"/>) and is left as
    /// the verification made it.
    /// </summary>
    public Task RequestSentAsync(long feedId, string token, string state, DateTimeOffset claimedUntil, DateTimeOffset dueAt, CancellationToken ct = default) =>
        db.IngestExecuteAsync($"""
            UPDATE websub_subscriptions SET
                state = CASE WHEN state = '{WebSubState.Active}' AND @state = '{WebSubState.Subscribing}' THEN state ELSE @state END,
                due_at = @dueAt, attempts = 0, last_error = NULL
            WHERE feed_id = @feedId AND token = @token AND due_at = @claimedUntil
            """,
            new { feedId, token, state, claimedUntil = Micros.From(claimedUntil), dueAt = Micros.From(dueAt) }, ct);

    /// <summary>Marks the subscription as ending before the unsubscribe request goes out, so a hub that verifies at once finds it so.</summary>
    public Task BeginUnsubscribeAsync(long feedId, string token, CancellationToken ct = default) =>
        db.IngestExecuteAsync($"UPDATE websub_subscriptions SET state = '{WebSubState.Unsubscribing}' WHERE feed_id = @feedId AND token = @token",
            new { feedId, token }, ct);

    /// <summary>The hub refused or could not be reached; retried at <paramref name="retryAt"/>.</summary>
    public Task RequestFailedAsync(long feedId, string token, string error, DateTimeOffset retryAt, CancellationToken ct = default) =>
        db.IngestExecuteAsync("UPDATE websub_subscriptions SET attempts = attempts + 1, last_error = @error, due_at = @retryAt WHERE feed_id = @feedId AND token = @token",
            new { feedId, token, error = StoredText.Clean(error), retryAt = Micros.From(retryAt) }, ct);

    /// <summary>The hub verified the subscription: live until <paramref name="expiresAt"/>, renewed at <paramref name="renewAt"/>.</summary>
    public Task ActivateAsync(long feedId, string token, DateTimeOffset expiresAt, DateTimeOffset renewAt, CancellationToken ct = default) =>
        db.IngestExecuteAsync($"UPDATE websub_subscriptions SET state = '{WebSubState.Active}', expires_at = @expiresAt, due_at = @renewAt, attempts = 0, last_error = NULL WHERE feed_id = @feedId AND token = @token",
            new { feedId, token, expiresAt = Micros.From(expiresAt), renewAt = Micros.From(renewAt) }, ct);

    /// <summary>The hub denied the subscription (hub.mode=denied): polling goes on as before; retried much later.</summary>
    public Task DeniedAsync(long feedId, string token, string reason, DateTimeOffset retryAt, CancellationToken ct = default) =>
        db.IngestExecuteAsync($"UPDATE websub_subscriptions SET state = '{WebSubState.Pending}', expires_at = NULL, last_error = @reason, due_at = @retryAt WHERE feed_id = @feedId AND token = @token",
            new { feedId, token, reason = StoredText.Clean(reason), retryAt = Micros.From(retryAt) }, ct);

    public Task PushedAsync(long feedId, DateTimeOffset at, CancellationToken ct = default) =>
        db.IngestExecuteAsync("UPDATE websub_subscriptions SET last_push_at = @at WHERE feed_id = @feedId", new { feedId, at = Micros.From(at) }, ct);

    /// <summary>Forgets the subscription (unsubscribe verified, or given up on); only the row with this token.</summary>
    public Task DeleteAsync(long feedId, string token, CancellationToken ct = default) =>
        db.IngestExecuteAsync("DELETE FROM websub_subscriptions WHERE feed_id = @feedId AND token = @token", new { feedId, token }, ct);

    private sealed class Row
    {
        public long FeedId { get; set; }
        public string HubUrl { get; set; } = "";
        public string TopicUrl { get; set; } = "";
        public string Token { get; set; } = "";
        public string Secret { get; set; } = "";
        public string State { get; set; } = "";
        public long DueAt { get; set; }
        public long? ExpiresAt { get; set; }
        public long Attempts { get; set; }
        public string? LastError { get; set; }
        public long? LastPushAt { get; set; }
        public long HasSubscribers { get; set; }

        public WebSubRecord ToRecord() => new(FeedId, HubUrl, TopicUrl, Token, Secret, State, Micros.ToTime(DueAt),
            Micros.ToTime(ExpiresAt), (int)Attempts, LastError, Micros.ToTime(LastPushAt), HasSubscribers != 0);
    }
}
