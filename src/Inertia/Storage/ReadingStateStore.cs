using Dapper;
using Inertia.Storage.ReadState;

namespace Inertia.Storage;

/// <summary>Per-user reading state beyond read/starred: "keep unread" and "mark the entries above as read".</summary>
public sealed class ReadingStateStore(Database db)
{
    /// <summary>Whether opening the entry should leave it unread.</summary>
    public async Task<bool> IsKeptUnreadAsync(long userId, long entryId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT keep_unread FROM entry_states WHERE user_id = @userId AND entry_id = @entryId",
            new { userId, entryId }, cancellationToken: ct)) ?? false;
    }

    /// <summary>Keeping an entry unread also marks it unread; letting go leaves it as it is. False when the user has no such entry.</summary>
    public async Task<bool> SetKeepUnreadAsync(long userId, long entryId, bool keep, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (keep)
            // No read horizon may cover an entry marked unread again.
            await ReadHorizons.MaterializeAsync(connection, tx,
                "rh.feed_id IN (SELECT feed_id FROM entry_states WHERE user_id = @userId AND entry_id = @entryId)", new { userId, entryId }, ct);
        var sql = keep
            ? "UPDATE entry_states SET keep_unread = TRUE, is_read = FALSE, read_at = NULL WHERE user_id = @userId AND entry_id = @entryId"
            : "UPDATE entry_states SET keep_unread = FALSE WHERE user_id = @userId AND entry_id = @entryId";
        var found = await connection.ExecuteAsync(new CommandDefinition(sql, new { userId, entryId }, tx, cancellationToken: ct)) > 0;
        await tx.CommitAsync(ct);
        return found;
    }

    /// <summary>
    /// Marks read, in one statement, every unread entry that comes before <paramref name="entry"/> in the list
    /// <paramref name="query"/> describes (its filter, feed or category, and order: newer entries in a newest-first
    /// list), up to the time the list was shown, so entries that arrived since stay unread.
    /// </summary>
    public async Task<int> MarkAboveReadAsync(long userId, EntryQuery query, EntryCursor entry, DateTimeOffset upTo, CancellationToken ct = default)
    {
        // The rows are found in unread_entries (migration 018); its triggers delete them there.
        var unread = "SELECT entry_id FROM unread_entries WHERE user_id = @userId AND sort_at <= @upTo";
        // "Above" is what the list shows first: newer entries when newest first, older ones when oldest first.
        unread += query.OldestFirst ? " AND (sort_at, entry_id) < (@sortAt, @entryId)" : " AND (sort_at, entry_id) > (@sortAt, @entryId)";
        if (query.FeedId is not null) unread += " AND feed_id = @feedId";
        else if (query.CategoryId is not null) unread += " AND category_id = @categoryId";
        var sql = $"UPDATE entry_states SET is_read = TRUE, read_at = @now, keep_unread = FALSE WHERE user_id = @userId AND entry_id IN ({unread}) AND is_read = FALSE";
        if (query.Filter == EntryFilter.Starred) sql += " AND is_starred = TRUE";
        return await EntryStore.MarkReadAsync(db, sql, new
        {
            userId, now = Micros.From(DateTimeOffset.UtcNow), upTo = Micros.From(upTo),
            sortAt = Micros.From(entry.SortAt), entryId = entry.Id, feedId = query.FeedId, categoryId = query.CategoryId,
        }, ct);
    }
}
