using Dapper;
using Inertia.Storage.ReadState;

namespace Inertia.Storage;

/// <summary>
/// How long entries are kept (settings; a feed may override the days). Null or 0 days = keep forever.
/// Starred and tagged entries are always kept, and so are the newest <see cref="KeepPerFeed"/> of each feed.
/// </summary>
public sealed record RetentionPolicy(int? ReadDays = 60, int? UnreadDays = 180, int KeepPerFeed = 50);

/// <summary>Deletes entries nobody needs any more, in bounded batches.</summary>
public sealed class RetentionStore(Database db)
{
    private const long MicrosPerDay = 86_400_000_000;

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> entries that are read by every user who has them and older than the
    /// read limit, or older than the unread limit; never a starred or tagged entry (a tag says someone cares, as a star
    /// does), never one of the newest <see cref="RetentionPolicy.KeepPerFeed"/> of its feed, never one the feed's latest
    /// document still lists. States and search rows go with them. Returns how many; call until it returns less than
    /// the batch size.
    /// </summary>
    /// <remarks>
    /// Feed by feed, each one's entries older than its nearer limit, read through entries_feed_sort (feed, sort time):
    /// no index of all entries by sort time is kept for retention alone, as every new entry would land in it at a
    /// random place (migration 025). A batch holds the oldest entries of the first feeds that have any, not the oldest
    /// of all; only the order of the deletions changes.
    /// </remarks>
    public async Task<int> DeleteExpiredAsync(RetentionPolicy policy, DateTimeOffset now, int batchSize = 1000, CancellationToken ct = default)
    {
        var d = db.Dialect;
        // Effective days: the feed's override, else the policy; 0 (or nothing) means forever, which NULLIF turns
        // into a NULL comparison that is never true.
        const string unreadDays = "NULLIF(COALESCE(f.retention_unread_days, @unreadDays), 0)";
        const string readDays = "NULLIF(COALESCE(f.retention_read_days, @readDays), 0)";
        // CROSS JOIN: SQLite keeps the feeds as the outer loop, so each feed's old entries are one range of the index.
        var sql = $"""
            DELETE FROM entries WHERE id IN (
                SELECT e.id FROM feeds f CROSS JOIN entries e
                WHERE e.feed_id = f.id
                  AND e.sort_at < @now - (CASE WHEN {readDays} IS NULL OR {unreadDays} < {readDays} THEN {unreadDays} ELSE {readDays} END) * {MicrosPerDay}
                  AND (
                        e.sort_at < @now - {unreadDays} * {MicrosPerDay}
                     OR (e.sort_at < @now - {readDays} * {MicrosPerDay}
                         AND NOT EXISTS (SELECT 1 FROM entry_states st WHERE st.entry_id = e.id AND NOT {ReadHorizons.IsRead("st")})))
                  AND NOT EXISTS (SELECT 1 FROM entry_states st WHERE st.entry_id = e.id AND st.is_starred = TRUE)
                  AND NOT EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id)
                  AND NOT ({d.InList("e.id", "f.current_entry_ids")})
                  AND e.id NOT IN (SELECT k.id FROM entries k WHERE k.feed_id = e.feed_id ORDER BY k.sort_at DESC, k.id DESC LIMIT @keep)
                LIMIT @batchSize)
            """;
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            now = Micros.From(now), readDays = policy.ReadDays, unreadDays = policy.UnreadDays,
            keep = Math.Max(0, policy.KeepPerFeed), batchSize = Math.Max(1, batchSize),
        }, cancellationToken: ct));
    }

    /// <summary>A feed's own retention days (null = the global setting, 0 = keep forever).</summary>
    public async Task SetFeedOverrideAsync(long feedId, int? readDays, int? unreadDays, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE feeds SET retention_read_days = @readDays, retention_unread_days = @unreadDays WHERE id = @feedId",
            new { feedId, readDays, unreadDays }, cancellationToken: ct));
    }
}
