using Dapper;

namespace Inertia.Storage;

/// <summary>One fetch of a feed as the health page shows it.</summary>
/// <param name="Status">HTTP status of the final response; null when none came (DNS, connection, timeout).</param>
public sealed record FetchLogEntry(
    DateTimeOffset FetchedAt, int? Status, long Bytes, TimeSpan Duration, int Inserted, int Updated, string? Error);

/// <summary>Entries of a feed dated in the week starting at <paramref name="Start"/>.</summary>
public sealed record WeekCount(DateTimeOffset Start, int Count);

/// <summary>
/// The last fetches of each feed (time, status, size, duration, new/updated entries, error) for the health page.
/// Bounded: every append deletes the rows past the newest <see cref="Size"/> of that feed in the same transaction,
/// so the table never grows with time, only with the number of feeds.
/// </summary>
public sealed class FetchLogStore(Database db, StorageOptions options)
{
    /// <summary>Rows kept per feed (Storage:FetchLogSize, default 20).</summary>
    public int Size { get; } = Math.Max(1, options.FetchLogSize);

    /// <summary>Appends a row and drops the feed's rows past the newest <see cref="Size"/> (batched with other feeds'
    /// check bookkeeping, see <see cref="FeedStore.RecordCheckAsync"/>).</summary>
    public Task AppendAsync(long feedId, FetchLogEntry entry, CancellationToken ct = default) =>
        db.Checks.WriteAsync(new FeedCheck(feedId, null, entry, Size));

    /// <summary>The feed's logged fetches, newest first, if the user follows it (empty otherwise).</summary>
    public async Task<IReadOnlyList<FetchLogEntry>> ListAsync(long userId, long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT l.fetched_at, l.status, l.bytes, l.duration_ms, l.inserted, l.updated, l.error
            FROM fetch_log l
            WHERE l.feed_id = @feedId AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = @userId AND s.feed_id = @feedId)
            ORDER BY l.id DESC
            """, new { userId, feedId }, cancellationToken: ct));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>
    /// Entries per week over the last <paramref name="weeks"/> weeks ending at <paramref name="now"/>, oldest week
    /// first (weeks with none included), by the entries' dates (published, else first seen); empty when the user
    /// does not follow the feed. One grouped query over the entries_feed_sort index.
    /// </summary>
    public async Task<IReadOnlyList<WeekCount>> EntriesPerWeekAsync(long userId, long feedId, int weeks, DateTimeOffset now, CancellationToken ct = default)
    {
        var week = Micros.From(DateTimeOffset.UnixEpoch.AddDays(7));
        var end = Micros.From(now);
        var start = end - week * weeks;
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId", new { userId, feedId }, cancellationToken: ct)) == 0)
            return [];
        var counts = (await connection.QueryAsync<(long Bucket, long Count)>(new CommandDefinition(
            """
            SELECT (sort_at - @start) / @week AS bucket, COUNT(*) AS count FROM entries
            WHERE feed_id = @feedId AND sort_at >= @start AND sort_at < @end
            GROUP BY bucket
            """, new { feedId, start, end, week }, cancellationToken: ct))).ToDictionary(r => r.Bucket, r => (int)r.Count);
        return Enumerable.Range(0, weeks)
            .Select(i => new WeekCount(Micros.ToTime(start + week * i), counts.GetValueOrDefault(i)))
            .ToList();
    }

    private sealed class Row
    {
        public long FetchedAt { get; set; }
        public long? Status { get; set; }
        public long Bytes { get; set; }
        public long DurationMs { get; set; }
        public long Inserted { get; set; }
        public long Updated { get; set; }
        public string? Error { get; set; }

        public FetchLogEntry ToEntry() => new(Micros.ToTime(FetchedAt), (int?)Status, Bytes, TimeSpan.FromMilliseconds(DurationMs),
            (int)Inserted, (int)Updated, Error);
    }
}
