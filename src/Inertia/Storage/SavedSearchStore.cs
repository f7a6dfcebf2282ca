using System.Globalization;
using Dapper;

namespace Inertia.Storage;

/// <summary>
/// A search and its filters saved under a name. Since and Until are calendar days (UTC), both inclusive.
/// </summary>
public sealed record SavedSearch(
    long Id, long UserId, string Name, string Query, EntryFilter Filter, long? FeedId, long? CategoryId,
    DateOnly? Since, DateOnly? Until, bool NewestFirst, DateTimeOffset CreatedAt)
{
    public const int MaxNameLength = 200;
    public const int MaxQueryLength = 1000;

    /// <summary>The search this saved search runs, from the start of Since to the end of Until.</summary>
    public SearchQuery ToQuery(int limit, int offset = 0, bool? newestFirst = null) => new(
        Query, Filter, FeedId, CategoryId, StartOf(Since), EndOf(Until), limit, offset, newestFirst ?? NewestFirst);

    public static DateTimeOffset? StartOf(DateOnly? day) =>
        day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static DateTimeOffset? EndOf(DateOnly? day) =>
        day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null;
}

/// <summary>Saved searches, per user: every read and write is scoped by the user's id.</summary>
public sealed class SavedSearchStore(Database db)
{
    private const string Columns =
        "id, user_id, name, query, filter, feed_id, category_id, since, until, newest_first, created_at";

    /// <summary>Saves a search; the name and query are trimmed and must not be empty.</summary>
    public async Task<long> CreateAsync(long userId, string name, SearchQuery query, CancellationToken ct = default)
    {
        var (cleanName, text) = (Clean(name, SavedSearch.MaxNameLength), Clean(query.Text, SavedSearch.MaxQueryLength));
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            INSERT INTO saved_searches (user_id, name, query, filter, feed_id, category_id, since, until, newest_first, created_at)
            VALUES (@userId, @name, @text, @filter, @feedId, @categoryId, @since, @until, @newestFirst, @now)
            RETURNING id
            """,
            new
            {
                userId, name = cleanName, text, filter = query.Filter.ToString().ToLowerInvariant(), feedId = query.FeedId,
                categoryId = query.CategoryId, since = Day(query.From), until = Day(query.To), newestFirst = query.NewestFirst,
                now = Micros.From(DateTimeOffset.UtcNow),
            }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SavedSearch>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM saved_searches WHERE user_id = @userId ORDER BY id", new { userId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The user's saved search, or null (also when it is another user's).</summary>
    public async Task<SavedSearch?> GetAsync(long userId, long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM saved_searches WHERE id = @id AND user_id = @userId", new { userId, id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>Renames the user's saved search; false when there is none with that id.</summary>
    public async Task<bool> RenameAsync(long userId, long id, string name, CancellationToken ct = default)
    {
        var cleanName = Clean(name, SavedSearch.MaxNameLength);
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE saved_searches SET name = @name WHERE id = @id AND user_id = @userId",
            new { userId, id, name = cleanName }, cancellationToken: ct)) > 0;
    }

    /// <summary>Deletes the user's saved search and the output-feed address that published it.</summary>
    public async Task<bool> DeleteAsync(long userId, long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM saved_searches WHERE id = @id AND user_id = @userId", new { userId, id }, tx, cancellationToken: ct));
        if (deleted > 0)
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM output_feed_tokens WHERE user_id = @userId AND scope = @scope",
                new { userId, scope = "search:" + id.ToString(CultureInfo.InvariantCulture) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted > 0;
    }

    private static string Clean(string? value, int maxLength)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw new ArgumentException("The value must not be empty.", nameof(value));
        return text.Length > maxLength ? text[..maxLength] : text;
    }

    private static string? Day(DateTimeOffset? time) =>
        time is { } t ? DateOnly.FromDateTime(t.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private sealed class Row
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string Name { get; set; } = "";
        public string Query { get; set; } = "";
        public string Filter { get; set; } = "";
        public long? FeedId { get; set; }
        public long? CategoryId { get; set; }
        public string? Since { get; set; }
        public string? Until { get; set; }
        public bool NewestFirst { get; set; }
        public long CreatedAt { get; set; }

        public SavedSearch ToRecord() => new(
            Id, UserId, Name, Query,
            Filter switch { "unread" => EntryFilter.Unread, "starred" => EntryFilter.Starred, _ => EntryFilter.All },
            FeedId, CategoryId, ParseDay(Since), ParseDay(Until), NewestFirst, Micros.ToTime(CreatedAt));
    }
}
