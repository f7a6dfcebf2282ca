using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Inertia.Storage.ReadState;

/// <summary>
/// "Mark all as read" by read horizons (migration 020 says why): one row per (user, feed) saying that every entry
/// of the feed with sort time and id at or below the horizon's is read, until <see cref="ReadHorizonSweeper"/> has
/// rewritten those entries' states as read. The rules that keep that true:
/// - a query asking whether an entry is read uses <see cref="IsRead"/>, and an unread list skips <see cref="Covered"/>
///   rows; the unread counters already leave covered rows out (the triggers of migration 020);
/// - a write that makes an entry unread again, or copies its state elsewhere, first calls
///   <see cref="MaterializeAsync"/> for the entry's feed, so a horizon never needs an exception;
/// - a horizon only ever grows in both bounds; a mark it cannot grow into is done row by row instead.
/// </summary>
internal static class ReadHorizons
{
    /// <summary>SQL predicate: a read horizon covers state row <paramref name="alias"/> (entry_states or unread_entries).</summary>
    public static string Covered(string alias) =>
        $"EXISTS (SELECT 1 FROM read_horizons rh WHERE rh.user_id = {alias}.user_id AND rh.feed_id = {alias}.feed_id " +
        $"AND {alias}.sort_at <= rh.sort_at AND {alias}.entry_id <= rh.entry_id)";

    /// <summary>SQL predicate: entry_states row <paramref name="alias"/> is read.</summary>
    public static string IsRead(string alias) => $"({alias}.is_read OR {Covered(alias)})";

    /// <summary>
    /// Marks read every unread entry in <paramref name="scope"/> with sort time ≤ <paramref name="upTo"/> that is
    /// stored now, and returns how many. Writes a horizon and a counter per feed with such entries, whatever their
    /// number; a feed whose horizon is already past <paramref name="upTo"/> is marked row by row.
    /// </summary>
    public static async Task<int> MarkAsync(Database db, long userId, EntryScope scope, DateTimeOffset upTo, CancellationToken ct)
    {
        var inScope = "s.user_id = @userId";
        if (scope.FeedId is not null) inScope += " AND s.feed_id = @feedId";
        if (scope.CategoryId is not null) inScope += " AND s.category_id = @categoryId";
        var now = Micros.From(DateTimeOffset.UtcNow);
        var upToMicros = Micros.From(upTo);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (db.Dialect.LockUser.Length > 0)
            await connection.ExecuteAsync(new CommandDefinition(db.Dialect.LockUser, new { userId }, tx, cancellationToken: ct));
        // Every entry stored now has an id up to this one; one stored later does not, and stays unread.
        var upToId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(id), 0) FROM entries", transaction: tx, cancellationToken: ct));
        // Per feed in scope: its horizon, and how many unread entries the mark covers that the horizon does not yet
        // (those are still counted unread). Counted on the (user, feed, sort) index alone.
        var feeds = (await connection.QueryAsync<FeedMark>(new CommandDefinition(
            $"""
            SELECT s.feed_id AS FeedId, h.sort_at AS HorizonSortAt, h.entry_id AS HorizonEntryId,
                (SELECT COUNT(*) FROM unread_entries u
                 WHERE u.user_id = @userId AND u.feed_id = s.feed_id AND u.sort_at <= @upTo AND u.entry_id <= @upToId
                   AND NOT (u.sort_at <= COALESCE(h.sort_at, -1) AND u.entry_id <= COALESCE(h.entry_id, -1))) AS Unread
            FROM subscriptions s
            LEFT JOIN read_horizons h ON h.user_id = s.user_id AND h.feed_id = s.feed_id
            WHERE {inScope}
            """,
            new { userId, feedId = scope.FeedId, categoryId = scope.CategoryId, upTo = upToMicros, upToId }, tx, cancellationToken: ct)))
            .Where(f => f.Unread > 0).OrderBy(f => f.FeedId).ToList();

        var grow = feeds.Where(f => f.HorizonSortAt is null || (f.HorizonSortAt <= upToMicros && f.HorizonEntryId <= upToId)).ToList();
        var rowByRow = feeds.Except(grow).ToList();
        if (grow.Count > 0)
        {
            var parameters = new
            {
                userId, upTo = upToMicros, upToId, now,
                // One JSON array of (feed, count) objects: two id lists joined by position made SQLite scan the
                // second once per element of the first.
                feeds = JsonSerializer.Serialize(grow.Select(f => new { id = f.FeedId, n = f.Unread })),
            };
            // An upsert driven by the list (SQLite's UPDATE … FROM scanned the list once per counter row), in key order
            // like the counter triggers, so PostgreSQL writers lock counters in one order. The rows exist (a counted
            // unread entry made them), so nothing is inserted.
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO unread_counts (user_id, feed_id, unread)
                SELECT @userId, d.id, -d.n FROM {FeedCounts(db)} WHERE TRUE ORDER BY d.id
                ON CONFLICT (user_id, feed_id) DO UPDATE SET unread = unread_counts.unread + excluded.unread
                """, parameters, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO read_horizons (user_id, feed_id, sort_at, entry_id, read_at, created_at)
                SELECT @userId, d.id, @upTo, @upToId, @now, @now FROM {FeedCounts(db)} WHERE TRUE
                ON CONFLICT (user_id, feed_id) DO UPDATE SET
                    sort_at = excluded.sort_at, entry_id = excluded.entry_id, read_at = excluded.read_at, created_at = excluded.created_at
                """, parameters, tx, cancellationToken: ct));
        }
        if (rowByRow.Count > 0)
            // Rows the horizon already covers are rewritten too; the counters leave them alone (migration 020).
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE entry_states SET is_read = TRUE, read_at = @now
                WHERE user_id = @userId AND is_read = FALSE AND entry_id IN (
                    SELECT u.entry_id FROM unread_entries u
                    WHERE u.user_id = @userId AND {db.Dialect.InList("u.feed_id", "@feeds")} AND u.sort_at <= @upTo AND u.entry_id <= @upToId)
                """,
                new { userId, upTo = upToMicros, upToId, now, feeds = db.Dialect.IdList(rowByRow.Select(f => f.FeedId)) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        if (grow.Count > 0) db.SignalReadHorizons();
        return (int)feeds.Sum(f => f.Unread);
    }

    /// <summary>
    /// Bounds under which every unread row of the scope is covered, or null: the lowest sort time and id of the
    /// horizons of the scope's feeds, when each feed with unread entries has a horizon. An unread list then reads the
    /// rows above the sort bound and those above the id bound (entries stored since) instead of walking past every
    /// covered row: a just-marked 10^5-entry category listed in 0.1–0.6 s until the sweeper had rewritten it.
    /// </summary>
    public static async Task<(long SortAt, long EntryId)?> ScopeFloorAsync(
        DbConnection connection, long userId, long? feedId, long? categoryId, CancellationToken ct)
    {
        // Almost always there is none: a horizon lives from a mark until the sweeper has rewritten its rows.
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM (SELECT 1 FROM read_horizons WHERE user_id = @userId LIMIT 1) h",
                new { userId }, cancellationToken: ct)) == 0)
            return null;
        var inScope = "s.user_id = @userId";
        if (feedId is not null) inScope += " AND s.feed_id = @feedId";
        if (categoryId is not null) inScope += " AND s.category_id = @categoryId";
        // A feed without a horizon has no unread rows when its counter is 0 (counters count exactly the rows no
        // horizon covers); an entry stored after this read has a larger id than any horizon's and is listed anyway.
        var floor = await connection.QuerySingleAsync<Floor>(new CommandDefinition(
            $"""
            SELECT COUNT(h.feed_id) AS Horizons, MIN(h.sort_at) AS SortAt, MIN(h.entry_id) AS EntryId,
                SUM(CASE WHEN h.feed_id IS NULL AND c.unread > 0 THEN 1 ELSE 0 END) AS Open
            FROM subscriptions s
            LEFT JOIN read_horizons h ON h.user_id = s.user_id AND h.feed_id = s.feed_id
            LEFT JOIN unread_counts c ON c.user_id = s.user_id AND c.feed_id = s.feed_id
            WHERE {inScope}
            """, new { userId, feedId, categoryId }, cancellationToken: ct));
        return floor.Horizons > 0 && floor.Open is null or 0 ? (floor.SortAt!.Value, floor.EntryId!.Value) : null;
    }

    /// <summary>FROM source "d" (id, n) over parameter @feeds.</summary>
    private static string FeedCounts(Database db) => db.Dialect.JsonRecords("@feeds", "d", ("id", "bigint"), ("n", "bigint"));

    /// <summary>
    /// Rewrites as read the state rows that the user's horizons on the feeds <paramref name="feedFilter"/> selects
    /// cover, then drops those horizons. <paramref name="feedFilter"/> is a predicate on rh.feed_id over
    /// <paramref name="parameters"/>, which must include userId.
    /// </summary>
    public static async Task MaterializeAsync(DbConnection connection, DbTransaction tx, string feedFilter, object parameters, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE entry_states SET is_read = TRUE, read_at = (
                SELECT rh.read_at FROM read_horizons rh WHERE rh.user_id = entry_states.user_id AND rh.feed_id = entry_states.feed_id)
            WHERE user_id = @userId AND is_read = FALSE AND entry_id IN (
                SELECT u.entry_id FROM unread_entries u
                JOIN read_horizons rh ON rh.user_id = u.user_id AND rh.feed_id = u.feed_id
                WHERE u.user_id = @userId AND {feedFilter} AND u.sort_at <= rh.sort_at AND u.entry_id <= rh.entry_id);
            DELETE FROM read_horizons AS rh WHERE rh.user_id = @userId AND {feedFilter};
            """, parameters, tx, cancellationToken: ct));
    }

    private sealed class Floor
    {
        public long Horizons { get; set; }
        public long? SortAt { get; set; }
        public long? EntryId { get; set; }
        public long? Open { get; set; }
    }

    private sealed class FeedMark
    {
        public long FeedId { get; set; }
        public long? HorizonSortAt { get; set; }
        public long? HorizonEntryId { get; set; }
        public long Unread { get; set; }
    }
}
