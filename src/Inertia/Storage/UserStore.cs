using Dapper;

namespace Inertia.Storage;

/// <summary>How a user reads: entries per page (null: the configured default), when entries become read
/// ("open", "scroll", "never"), the list /reader shows ("unread", "all") and the default order.</summary>
public sealed record ReadingPreferences(int? PageSize, string MarkRead, string DefaultView, bool OldestFirst)
{
    public static readonly ReadingPreferences Default = new(null, MarkReadOnOpen, "unread", false);

    public const string MarkReadOnOpen = "open";
    public const string MarkReadOnScroll = "scroll";
    public const string MarkReadNever = "never";
    public const int MinPageSize = 10;
    public const int MaxPageSize = 200;

    /// <summary>Values outside the known ones become the defaults, so a bad form never stores nonsense.</summary>
    public ReadingPreferences Normalized() => new(
        PageSize is { } size ? Math.Clamp(size, MinPageSize, MaxPageSize) : null,
        MarkRead is MarkReadOnScroll or MarkReadNever ? MarkRead : MarkReadOnOpen,
        DefaultView == "all" ? "all" : "unread",
        OldestFirst);

    /// <summary>Opening an entry marks it read unless the user marks entries read only by hand.</summary>
    public bool MarksReadOnOpen => MarkRead != MarkReadNever;
}

public sealed record UserRecord(long Id, string Username, string PasswordHash, bool IsAdmin, string Language, string Theme, DateTimeOffset CreatedAt);

/// <summary>Users. Usernames are unique, compared case-insensitively.</summary>
public sealed class UserStore(Database db)
{
    private const string Columns = "id, username, password_hash, is_admin, language, theme, created_at";

    /// <summary>Creates a user; throws <see cref="DuplicateException"/> when the name is taken.</summary>
    public async Task<long> CreateAsync(string username, string passwordHash, bool isAdmin, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        try
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO users (username, password_hash, is_admin, created_at) VALUES (@username, @passwordHash, @isAdmin, @now) RETURNING id",
                new { username, passwordHash, isAdmin, now = Micros.From(DateTimeOffset.UtcNow) }, cancellationToken: ct));
        }
        catch (Exception e) when (db.Dialect.IsUniqueViolation(e))
        {
            throw new DuplicateException($"The user name \"{username}\" is taken.", e);
        }
    }

    public async Task<UserRecord?> FindByNameAsync(string username, CancellationToken ct = default) =>
        await QueryOneAsync($"SELECT {Columns} FROM users WHERE lower(username) = lower(@username)", new { username }, ct);

    public async Task<UserRecord?> GetAsync(long id, CancellationToken ct = default) =>
        await QueryOneAsync($"SELECT {Columns} FROM users WHERE id = @id", new { id }, ct);

    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition($"SELECT {Columns} FROM users ORDER BY id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct));
    }

    public async Task SetPasswordAsync(long id, string passwordHash, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash WHERE id = @id", new { id, passwordHash }, cancellationToken: ct));
    }

    /// <summary>Language: "en", "zh-CN" or "" (from the browser). Theme: "system", "light", "dark".</summary>
    public async Task SetPreferencesAsync(long id, string language, string theme, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET language = @language, theme = @theme WHERE id = @id", new { id, language, theme }, cancellationToken: ct));
    }

    public async Task<ReadingPreferences> GetReadingPreferencesAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<PreferencesRow>(new CommandDefinition(
            "SELECT page_size, mark_read, default_view, oldest_first FROM users WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? ReadingPreferences.Default : new ReadingPreferences(row.PageSize, row.MarkRead, row.DefaultView, row.OldestFirst).Normalized();
    }

    public async Task SetReadingPreferencesAsync(long id, ReadingPreferences preferences, CancellationToken ct = default)
    {
        var p = preferences.Normalized();
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET page_size = @pageSize, mark_read = @markRead, default_view = @defaultView, oldest_first = @oldestFirst WHERE id = @id",
            new { id, pageSize = p.PageSize, markRead = p.MarkRead, defaultView = p.DefaultView, oldestFirst = p.OldestFirst }, cancellationToken: ct));
    }

    private async Task<UserRecord?> QueryOneAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return row?.ToRecord();
    }

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string Username { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public bool IsAdmin { get; set; }
        public string Language { get; set; } = "";
        public string Theme { get; set; } = "";
        public long CreatedAt { get; set; }

        public UserRecord ToRecord() => new(Id, Username, PasswordHash, IsAdmin, Language, Theme, Micros.ToTime(CreatedAt));
    }

    private sealed class PreferencesRow
    {
        public int? PageSize { get; set; }
        public string MarkRead { get; set; } = "";
        public string DefaultView { get; set; } = "";
        public bool OldestFirst { get; set; }
    }
}
