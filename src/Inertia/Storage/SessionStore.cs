using System.Security.Cryptography;
using Dapper;

namespace Inertia.Storage;

/// <summary>A signed-in browser: the auth cookie names it by <see cref="Id"/>.</summary>
public sealed record UserSession(string Id, long UserId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string UserAgent, string Ip);

/// <summary>Sign-in sessions. Deleting a row signs that browser out; every query is scoped by the user's id.</summary>
public sealed class SessionStore(Database db)
{
    private const int MaxUserAgentLength = 400;
    private const string Columns = "id, user_id, created_at, last_seen_at, user_agent, ip";

    /// <summary>Records a new session (a random 128-bit id) and drops the user's sessions unused for <paramref name="lifetime"/>.</summary>
    public async Task<string> CreateAsync(long userId, string? userAgent, string? ip, TimeSpan lifetime, CancellationToken ct = default)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        var agent = userAgent ?? "";
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_sessions WHERE user_id = @userId AND last_seen_at < @expired",
            new { userId, expired = Micros.From(now - lifetime) }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO user_sessions (id, user_id, created_at, last_seen_at, user_agent, ip) VALUES (@id, @userId, @now, @now, @agent, @ip)",
            new { id, userId, now = Micros.From(now), agent = agent.Length > MaxUserAgentLength ? agent[..MaxUserAgentLength] : agent, ip = ip ?? "" },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>The session if it exists and belongs to the user.</summary>
    public async Task<UserSession?> GetAsync(long userId, string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM user_sessions WHERE id = @id AND user_id = @userId", new { id, userId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>The user's sessions, most recently used first.</summary>
    public async Task<IReadOnlyList<UserSession>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM user_sessions WHERE user_id = @userId ORDER BY last_seen_at DESC, id",
            new { userId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Records use of the session (callers throttle this: one write every few minutes is enough).</summary>
    public async Task TouchAsync(string id, DateTimeOffset now, string? ip, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE user_sessions SET last_seen_at = @now, ip = COALESCE(@ip, ip) WHERE id = @id",
            new { id, now = Micros.From(now), ip }, cancellationToken: ct));
    }

    /// <summary>Ends one of the user's sessions; false when the user has no such session.</summary>
    public async Task<bool> DeleteAsync(long userId, string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_sessions WHERE id = @id AND user_id = @userId", new { id, userId }, cancellationToken: ct)) > 0;
    }

    /// <summary>Ends every session of the user except <paramref name="keepId"/>; returns the ids ended.</summary>
    public async Task<IReadOnlyList<string>> DeleteOthersAsync(long userId, string? keepId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM user_sessions WHERE user_id = @userId AND id <> @keepId RETURNING id",
            new { userId, keepId = keepId ?? "" }, cancellationToken: ct));
        return ids.ToList();
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public long UserId { get; set; }
        public long CreatedAt { get; set; }
        public long LastSeenAt { get; set; }
        public string UserAgent { get; set; } = "";
        public string Ip { get; set; } = "";

        public UserSession ToRecord() => new(Id, UserId, Micros.ToTime(CreatedAt), Micros.ToTime(LastSeenAt), UserAgent, Ip);
    }
}
