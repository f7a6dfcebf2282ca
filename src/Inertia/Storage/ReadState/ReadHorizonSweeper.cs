using Dapper;

namespace Inertia.Storage.ReadState;

/// <summary>
/// Rewrites the state rows behind read horizons as read, a batch per ingest write, and drops each horizon with its
/// last batch (<see cref="ReadHorizons"/>). Woken by a mark-read. On PostgreSQL a horizon waits
/// <see cref="PostgresGrace"/> first: a refresh transaction that took its entry ids before the mark may commit after
/// it, and its covered rows must find the horizon still there (SQLite writes one transaction at a time, so it sweeps
/// at once: unread lists skip covered rows one by one until then). Nothing is lost if this falls behind or a batch is
/// lost in a crash: a horizon is the user's acknowledged state until its last batch commits.
/// </summary>
public sealed class ReadHorizonSweeper(Database db, ILogger<ReadHorizonSweeper> logger) : BackgroundService
{
    /// <summary>Rows per batch. Measured at a million entries (docs/benchmarks.md): 2,000 rewrote 10^5 rows in 4.8 s,
    /// 10,000 in 3.0 s but held SQLite's write lock ≈ 0.3 s at a time; 5,000 holds it ≈ 0.15 s.</summary>
    internal const int Batch = 5000;
    private const int HorizonsPerBatch = 200;
    private static readonly TimeSpan PostgresGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    private TimeSpan Grace => db.Provider == DatabaseProvider.Postgres ? PostgresGrace : TimeSpan.Zero;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var rows = await SweepAsync(DateTimeOffset.UtcNow - Grace, stoppingToken);
                    if (rows > 0) logger.LogDebug("Marked {Count} entries read behind read horizons", rows);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Applying read horizons failed; retrying in {Poll}", Poll);
                }
                // Woken by a mark, whose horizons are due once past the grace; polling finds other nodes' horizons
                // and those a crash left.
                if (await db.WaitReadHorizonsAsync(Poll, stoppingToken)) await Task.Delay(Grace, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sweeps every horizon written at or before <paramref name="writtenBy"/>; returns the rows rewritten.</summary>
    internal async Task<long> SweepAsync(DateTimeOffset writtenBy, CancellationToken ct)
    {
        long total = 0;
        while (await SweepBatchAsync(Micros.From(writtenBy), ct) is { } rows) total += rows;
        return total;
    }

    /// <summary>
    /// One transaction: the oldest due horizons, each rewritten up to what is left of <see cref="Batch"/> rows and
    /// dropped when finished (a mark of a category leaves one horizon of ~100 rows per feed, so one horizon per
    /// transaction paid a commit per feed). Null when none is due.
    /// </summary>
    private Task<long?> SweepBatchAsync(long writtenBy, CancellationToken ct) => db.IngestAsync(async (connection, tx, token) =>
    {
        // SKIP LOCKED: another node's sweeper, or a mark growing a horizon, has it; take the next ones.
        var horizons = (await connection.QueryAsync<Horizon>(new CommandDefinition(
            $"""
            SELECT user_id AS UserId, feed_id AS FeedId, sort_at AS SortAt, entry_id AS EntryId, read_at AS ReadAt
            FROM read_horizons WHERE created_at <= @writtenBy ORDER BY created_at, user_id, feed_id LIMIT @batch {db.Dialect.SkipLocked}
            """, new { writtenBy, batch = HorizonsPerBatch }, tx, cancellationToken: token))).ToList();
        if (horizons.Count == 0) return (long?)null;
        long total = 0;
        foreach (var horizon in horizons)
        {
            var budget = Batch - total;
            if (budget <= 0) break;
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE entry_states SET is_read = TRUE, read_at = @ReadAt
                WHERE user_id = @UserId AND is_read = FALSE AND entry_id IN (
                    SELECT u.entry_id FROM unread_entries u
                    WHERE u.user_id = @UserId AND u.feed_id = @FeedId AND u.sort_at <= @SortAt AND u.entry_id <= @EntryId
                    LIMIT @budget)
                """, new { horizon.UserId, horizon.FeedId, horizon.SortAt, horizon.EntryId, horizon.ReadAt, budget }, tx, cancellationToken: token));
            total += rows;
            // The horizon cannot have changed since it was read: the transaction holds SQLite's write lock, or the row lock.
            if (rows < budget)
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM read_horizons WHERE user_id = @UserId AND feed_id = @FeedId", horizon, tx, cancellationToken: token));
        }
        return total;
    }, ct);

    private sealed class Horizon
    {
        public long UserId { get; set; }
        public long FeedId { get; set; }
        public long SortAt { get; set; }
        public long EntryId { get; set; }
        public long ReadAt { get; set; }
    }
}
