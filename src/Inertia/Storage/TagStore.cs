using System.Globalization;
using System.Text;
using Dapper;
using Inertia.Storage.ReadState;

namespace Inertia.Storage;

/// <summary>A user's tag with how many of their entries carry it, and how many of those are unread.</summary>
public sealed record TagView(long Id, string Name, int Count, int Unread);

/// <summary>A tag as shown on an entry.</summary>
public sealed record EntryTag(long Id, string Name);

public enum TagNameProblem { Empty, TooLong, ControlCharacter, Comma }

/// <summary>A tag name that breaks the rules (<see cref="TagStore.CleanName"/>); <see cref="Problem"/> says which.</summary>
public sealed class InvalidTagNameException(TagNameProblem problem, string message) : ArgumentException(message)
{
    public TagNameProblem Problem { get; } = problem;
}

/// <summary>
/// User tags on entries (Inoreader's and FreshRSS's tags, the Google Reader API's "user/-/label/NAME" on items).
/// Every read and write is scoped by the user's id; a user can tag only entries they have a state row for.
/// </summary>
public sealed class TagStore(Database db)
{
    public const int MaxNameLength = 64;

    /// <summary>
    /// The name as stored: trimmed, inner runs of white space made one space, Unicode NFC; 1–64 characters, no control
    /// characters and no comma (forms accept "a, b" to add several tags at once). Throws <see cref="InvalidTagNameException"/>.
    /// </summary>
    public static string CleanName(string? name)
    {
        var builder = new StringBuilder();
        var space = false;
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormC).Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (char.IsControl(c))
                throw new InvalidTagNameException(TagNameProblem.ControlCharacter, "A tag must not contain control characters.");
            if (c == ',') throw new InvalidTagNameException(TagNameProblem.Comma, "A tag must not contain a comma.");
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        var text = builder.ToString();
        if (text.Length == 0) throw new InvalidTagNameException(TagNameProblem.Empty, "A tag must not be empty.");
        if (new StringInfo(text).LengthInTextElements > MaxNameLength || text.Length > MaxNameLength * 4)
            throw new InvalidTagNameException(TagNameProblem.TooLong, $"A tag must not be longer than {MaxNameLength} characters.");
        return text;
    }

    /// <summary>What makes two names the same tag (for the unique index): case folded the same way on both dialects.</summary>
    public static string NameKey(string cleanName) => cleanName.ToLowerInvariant();

    /// <summary>The user's tags by name, with counts (one query).</summary>
    public async Task<IReadOnlyList<TagView>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Name, long Count, long Unread)>(new CommandDefinition(
            $"""
            SELECT t.id, t.name, COUNT(st.entry_id),
                COALESCE(SUM(CASE WHEN st.entry_id IS NULL OR {ReadHorizons.IsRead("st")} THEN 0 ELSE 1 END), 0)
            FROM tags t
            LEFT JOIN entry_tags et ON et.tag_id = t.id AND et.user_id = t.user_id
            LEFT JOIN entry_states st ON st.user_id = et.user_id AND st.entry_id = et.entry_id
            WHERE t.user_id = @userId
            GROUP BY t.id, t.name
            """, new { userId }, cancellationToken: ct));
        return rows.Select(r => new TagView(r.Id, r.Name, (int)r.Count, (int)r.Unread))
            .OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The user's tag, or null (also when it is another user's).</summary>
    public async Task<EntryTag?> GetAsync(long userId, long tagId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM tags WHERE id = @tagId AND user_id = @userId", new { userId, tagId }, cancellationToken: ct));
        return row.Id == 0 ? null : new EntryTag(row.Id, row.Name);
    }

    /// <summary>The user's tag with this name (compared as <see cref="NameKey"/>), or null.</summary>
    public async Task<EntryTag?> FindAsync(long userId, string name, CancellationToken ct = default)
    {
        var key = NameKey(CleanName(name));
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM tags WHERE user_id = @userId AND name_key = @key", new { userId, key }, cancellationToken: ct));
        return row.Id == 0 ? null : new EntryTag(row.Id, row.Name);
    }

    /// <summary>
    /// Tags the entry, creating the tag when the user has none of that name (an existing tag keeps its spelling).
    /// Returns the tag, or null when the user has no such entry. Tagging twice changes nothing.
    /// </summary>
    public async Task<EntryTag?> AddAsync(long userId, long entryId, string name, CancellationToken ct = default)
    {
        var clean = CleanName(name);
        var now = Micros.From(DateTimeOffset.UtcNow);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Writes first: on SQLite a transaction that read before its first write can fail to take the write lock
        // when another connection wrote meanwhile. A tag created for an entry the user cannot see is rolled back.
        var tag = await GetOrCreateAsync(connection, tx, userId, clean, now, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_tags (entry_id, user_id, tag_id, sort_at, created_at)
            SELECT entry_id, user_id, @tagId, sort_at, @now FROM entry_states WHERE user_id = @userId AND entry_id = @entryId
            ON CONFLICT (entry_id, user_id, tag_id) DO NOTHING
            """, new { entryId, userId, tagId = tag.Id, now }, tx, cancellationToken: ct));
        var visible = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM entry_states WHERE user_id = @userId AND entry_id = @entryId", new { userId, entryId }, tx, cancellationToken: ct));
        if (visible == 0) return null; // disposing the transaction rolls it back
        await tx.CommitAsync(ct);
        return tag;
    }

    private static async Task<EntryTag> GetOrCreateAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long userId, string clean, long now, CancellationToken ct)
    {
        var key = NameKey(clean);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tags (user_id, name, name_key, created_at) VALUES (@userId, @clean, @key, @now)
            ON CONFLICT (user_id, name_key) DO NOTHING
            """, new { userId, clean, key, now }, tx, cancellationToken: ct));
        var (id, name) = await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(
            "SELECT id, name FROM tags WHERE user_id = @userId AND name_key = @key", new { userId, key }, tx, cancellationToken: ct));
        return new EntryTag(id, name);
    }

    /// <summary>Takes the tag off the entry; the tag itself stays (delete it to remove it). False when it was not there.</summary>
    public async Task<bool> RemoveAsync(long userId, long entryId, long tagId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM entry_tags WHERE entry_id = @entryId AND user_id = @userId AND tag_id = @tagId",
            new { userId, entryId, tagId }, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// Renames the user's tag; false when there is none with that id. Throws <see cref="DuplicateException"/> when
    /// another of the user's tags already has the name (a change of case alone is a rename).
    /// </summary>
    public async Task<bool> RenameAsync(long userId, long tagId, string name, CancellationToken ct = default)
    {
        var clean = CleanName(name);
        await using var connection = await db.OpenAsync(ct);
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE tags SET name = @clean, name_key = @key WHERE id = @tagId AND user_id = @userId",
                new { userId, tagId, clean, key = NameKey(clean) }, cancellationToken: ct)) > 0;
        }
        catch (Exception e) when (db.Dialect.IsUniqueViolation(e))
        {
            throw new DuplicateException($"A tag named “{clean}” already exists.");
        }
    }

    /// <summary>Deletes the user's tag, takes it off every entry and ends the output-feed address that published it.</summary>
    public async Task<bool> DeleteAsync(long userId, long tagId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM entry_tags WHERE tag_id = @tagId AND user_id = @userId", new { userId, tagId }, tx, cancellationToken: ct));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tags WHERE id = @tagId AND user_id = @userId", new { userId, tagId }, tx, cancellationToken: ct));
        if (deleted > 0)
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM output_feed_tokens WHERE user_id = @userId AND scope = @scope",
                new { userId, scope = "tag:" + tagId.ToString(CultureInfo.InvariantCulture) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted > 0;
    }

    /// <summary>The tags of each of these entries (a list page's, in one query), by entry id; untagged entries are absent.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<EntryTag>>> OfEntriesAsync(long userId, IReadOnlyCollection<long> entryIds, CancellationToken ct = default)
    {
        if (entryIds.Count == 0) return new Dictionary<long, IReadOnlyList<EntryTag>>();
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long EntryId, long Id, string Name)>(new CommandDefinition(
            $"""
            SELECT et.entry_id, t.id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id
            WHERE et.user_id = @userId AND {db.Dialect.InList("et.entry_id", "@ids")}
            """, new { userId, ids = db.Dialect.IdList(entryIds) }, cancellationToken: ct));
        return rows.GroupBy(r => r.EntryId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<EntryTag>)g.Select(r => new EntryTag(r.Id, r.Name)).OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ToList());
    }

    /// <summary>
    /// The entries carrying the tag, in the shape and order of <see cref="EntryStore.ListAsync"/> (newest or oldest first
    /// by sort time, keyset paged with <see cref="EntryQuery.After"/>, filtered by read or starred state); the query's
    /// feed and category are ignored. Driven by the entry_tags_tag index, so a small tag reads fast among many entries.
    /// </summary>
    public async Task<IReadOnlyList<EntryListItem>> EntriesAsync(long userId, long tagId, EntryQuery query, CancellationToken ct = default)
    {
        var where = new List<string> { "et.tag_id = @tagId", "et.user_id = @userId" };
        if (query.Filter == EntryFilter.Unread) where.Add($"NOT {ReadHorizons.IsRead("st")}");
        if (query.Filter == EntryFilter.Starred) where.Add("st.is_starred = TRUE");
        var direction = query.OldestFirst ? "ASC" : "DESC";
        if (query.After is not null)
            where.Add(query.OldestFirst ? "(et.sort_at, et.entry_id) > (@afterSort, @afterId)" : "(et.sort_at, et.entry_id) < (@afterSort, @afterId)");
        var sql = $"""
            SELECT st.entry_id AS id, st.feed_id, COALESCE(s.title, f.title, f.url) AS feed_title, e.title, e.url, e.author,
                st.sort_at, e.published, e.snippet, e.image_url, {ReadHorizons.IsRead("st")} AS is_read, st.is_starred
            FROM entry_tags et
            JOIN entry_states st ON st.user_id = et.user_id AND st.entry_id = et.entry_id
            JOIN entries e ON e.id = et.entry_id
            JOIN feeds f ON f.id = st.feed_id
            LEFT JOIN subscriptions s ON s.user_id = st.user_id AND s.feed_id = st.feed_id
            WHERE {string.Join(" AND ", where)}
            ORDER BY et.sort_at {direction}, et.entry_id {direction}
            LIMIT @limit
            """;
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<EntryStore.ListRow>(new CommandDefinition(sql, new
        {
            userId, tagId,
            afterSort = query.After is { } a ? Micros.From(a.SortAt) : 0, afterId = query.After?.Id ?? 0,
            limit = Math.Clamp(query.Limit, 1, EntryStore.MaxLimit),
        }, cancellationToken: ct));
        return rows.Select(r => r.ToItem()).ToList();
    }

    /// <summary>Marks every unread entry carrying the tag with sort time ≤ <paramref name="upTo"/> as read, in one statement.</summary>
    /// <remarks>The time bound sits in the subquery so the tag's index drives (its entries, then each state by key),
    /// not the user's unread states, which may be many more.</remarks>
    public async Task<int> MarkAllReadAsync(long userId, long tagId, DateTimeOffset upTo, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entry_states SET is_read = TRUE, read_at = @now
            WHERE user_id = @userId AND is_read = FALSE
              AND entry_id IN (SELECT entry_id FROM entry_tags WHERE tag_id = @tagId AND user_id = @userId AND sort_at <= @upTo)
            """,
            new { userId, tagId, upTo = Micros.From(upTo), now = Micros.From(DateTimeOffset.UtcNow) }, cancellationToken: ct));
    }
}
