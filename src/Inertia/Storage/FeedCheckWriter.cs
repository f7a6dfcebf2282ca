using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;

namespace Inertia.Storage;

/// <summary>
/// Writes the bookkeeping of many feeds' checks (check times, error state, a 200's metadata and validators, fetch log) as one ingest write: a few
/// statements for a whole batch instead of two writes and four statements per feed, which is most of what a 304 costs
/// the database. Checks queue while the previous batch is being written; one writer at a time takes everything queued
/// and writes it in one transaction (on SQLite inside the ingest group commit, see <see cref="Database.IngestAsync{T}"/>).
/// </summary>
/// <remarks>
/// A caller's task completes only once its batch is committed, so a refresh is not done (and its feed not released to
/// the scheduler) before the feed's next check time is stored. Until then the feed keeps the lease its claim wrote: a
/// crash before the commit makes it due again when the lease ends, as before. Nothing here claims or locks feeds beyond
/// the rows it updates, so PostgreSQL nodes claiming with SKIP LOCKED are unaffected. A batch that fails is written
/// again one check at a time, so one bad check fails only its own caller.
/// </remarks>
internal sealed class FeedCheckWriter(Database db)
{
    /// <summary>Most checks one batch takes (bounds the statement's JSON and the write lock's hold).</summary>
    const int MaxBatch = 256;

    readonly ConcurrentQueue<Pending> _queue = new();
    int _writerActive;

    public Task WriteAsync(FeedCheck check)
    {
        var pending = new Pending(check);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _writerActive, 1, 0) == 0)
            _ = Task.Run(WriterAsync, CancellationToken.None);
        return pending.Completion.Task;
    }

    async Task WriterAsync()
    {
        while (true)
        {
            while (!_queue.IsEmpty)
            {
                var batch = new List<Pending>(Math.Min(_queue.Count, MaxBatch));
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
                await WriteBatchAsync(batch);
            }
            Volatile.Write(ref _writerActive, 0);
            // A check queued between the emptiness test and the reset would otherwise wait for the next one.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writerActive, 1, 0) != 0) return;
        }
    }

    async Task WriteBatchAsync(List<Pending> batch)
    {
        try
        {
            await db.IngestAsync((connection, tx, _) => WriteAsync(connection, tx, batch));
            foreach (var pending in batch) pending.Completion.TrySetResult();
            return;
        }
        catch (Exception e) when (batch.Count == 1)
        {
            batch[0].Completion.TrySetException(e);
            return;
        }
        catch (Exception)
        {
            // Retried below one by one: only the checks that fail alone fail their callers.
        }
        foreach (var pending in batch) await WriteBatchAsync([pending]);
    }

    async Task<int> WriteAsync(DbConnection connection, DbTransaction tx, List<Pending> batch)
    {
        // The same feed twice in a batch (a pushed document failing while a poll of it ends) goes in a later round, so
        // each statement sees a feed once and the feed's checks apply in the order they came.
        foreach (var round in Rounds(batch))
        {
            var states = round.Where(c => c.State is { Fetched: null }).ToList();
            if (states.Count > 0)
                await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new { checks = StatesJson(states) }, tx));
            var fetched = round.Where(c => c.State is { Fetched: not null }).ToList();
            if (fetched.Count > 0)
                await connection.ExecuteAsync(new CommandDefinition(UpdateFetchedSql, new { checks = FetchedJson(fetched) }, tx));
            var logs = round.Where(c => c.Log is not null).ToList();
            if (logs.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertLogSql, new { logs = LogsJson(logs) }, tx));
                // One statement per log size (in practice one: Storage:FetchLogSize).
                foreach (var sized in logs.GroupBy(c => Math.Max(1, c.Keep)))
                    await connection.ExecuteAsync(new CommandDefinition(TrimLogSql,
                        new { ids = db.Dialect.IdList(sized.Select(c => c.FeedId)), keep = sized.Key }, tx));
            }
        }
        return batch.Count;
    }

    static IEnumerable<List<FeedCheck>> Rounds(List<Pending> batch)
    {
        var rounds = new List<List<FeedCheck>>();
        var seen = new Dictionary<long, int>(batch.Count);
        foreach (var pending in batch)
        {
            var check = pending.Check;
            var round = seen.TryGetValue(check.FeedId, out var earlier) ? earlier + 1 : 0;
            seen[check.FeedId] = round;
            if (round == rounds.Count) rounds.Add([]);
            rounds[round].Add(check);
        }
        return rounds;
    }

    // A failure counts one more error and keeps the last success; a 304 clears the error state.
    string UpdateSql => _updateSql ??= $"""
        UPDATE feeds SET
            last_checked_at = c.checked_at, next_check_at = c.next_check_at,
            last_success_at = CASE WHEN c.failed THEN feeds.last_success_at ELSE c.checked_at END,
            error_count = CASE WHEN c.failed THEN feeds.error_count + 1 ELSE 0 END,
            last_error = CASE WHEN c.failed THEN c.error ELSE NULL END
        FROM {db.Dialect.JsonRecords("@checks", "c", ("feed_id", "bigint"), ("failed", "boolean"),
            ("checked_at", "bigint"), ("next_check_at", "bigint"), ("error", "text"))}
        WHERE feeds.id = c.feed_id
        """;
    string? _updateSql;

    // After a 200: a feed that stops sending a field keeps the last known value (COALESCE), so a flaky feed keeps its
    // title; the hub and the validators are what the last response said.
    string UpdateFetchedSql => _updateFetchedSql ??= $"""
        UPDATE feeds SET
            title = COALESCE(c.title, feeds.title), site_url = COALESCE(c.site_url, feeds.site_url),
            description = COALESCE(c.description, feeds.description), language = COALESCE(c.language, feeds.language),
            icon_url = COALESCE(c.icon_url, feeds.icon_url), hub_url = c.hub_url,
            etag = c.etag, last_modified = c.last_modified,
            last_checked_at = c.checked_at, last_success_at = c.checked_at, next_check_at = c.next_check_at,
            error_count = 0, last_error = NULL
        FROM {db.Dialect.JsonRecords("@checks", "c", ("feed_id", "bigint"), ("checked_at", "bigint"), ("next_check_at", "bigint"),
            ("title", "text"), ("site_url", "text"), ("description", "text"), ("language", "text"), ("icon_url", "text"),
            ("hub_url", "text"), ("etag", "text"), ("last_modified", "text"))}
        WHERE feeds.id = c.feed_id
        """;
    string? _updateFetchedSql;

    // A feed deleted since its check has no log to keep (its rows went with it): skipped, not a foreign-key failure.
    string InsertLogSql => _insertLogSql ??= $"""
        INSERT INTO fetch_log (feed_id, fetched_at, status, bytes, duration_ms, inserted, updated, error)
        SELECT l.feed_id, l.fetched_at, l.status, l.bytes, l.duration_ms, l.inserted, l.updated, l.error
        FROM {db.Dialect.JsonRecords("@logs", "l", ("feed_id", "bigint"), ("fetched_at", "bigint"), ("status", "integer"),
            ("bytes", "bigint"), ("duration_ms", "integer"), ("inserted", "integer"), ("updated", "integer"), ("error", "text"))}
        WHERE EXISTS (SELECT 1 FROM feeds f WHERE f.id = l.feed_id)
        """;
    string? _insertLogSql;

    // Each feed's rows past its newest @keep, found by one ranking pass over those feeds' rows (index fetch_log_feed).
    string TrimLogSql => _trimLogSql ??= $"""
        DELETE FROM fetch_log WHERE id IN (
            SELECT r.id FROM (
                SELECT id, row_number() OVER (PARTITION BY feed_id ORDER BY id DESC) AS n
                FROM fetch_log WHERE {db.Dialect.InList("feed_id", "@ids")}) AS r
            WHERE r.n > @keep)
        """;
    string? _trimLogSql;

    static string StatesJson(List<FeedCheck> checks) => Json(checks, (w, c) =>
    {
        var state = c.State!;
        w.WriteNumber("feed_id", c.FeedId);
        w.WriteBoolean("failed", state.Failed);
        w.WriteNumber("checked_at", Micros.From(state.CheckedAt));
        w.WriteNumber("next_check_at", Micros.From(state.NextCheckAt));
        w.WriteString("error", state.Failed ? StoredText.Clean(state.Error) : null);
    });

    static string FetchedJson(List<FeedCheck> checks) => Json(checks, (w, c) =>
    {
        var state = c.State!;
        var (metadata, etag, lastModified) = state.Fetched!;
        w.WriteNumber("feed_id", c.FeedId);
        w.WriteNumber("checked_at", Micros.From(state.CheckedAt));
        w.WriteNumber("next_check_at", Micros.From(state.NextCheckAt));
        w.WriteString("title", StoredText.Clean(metadata.Title));
        w.WriteString("site_url", StoredText.Clean(metadata.SiteUrl));
        w.WriteString("description", StoredText.Clean(metadata.Description));
        w.WriteString("language", StoredText.Clean(metadata.Language));
        w.WriteString("icon_url", StoredText.Clean(metadata.IconUrl));
        w.WriteString("hub_url", StoredText.Clean(metadata.HubUrl));
        w.WriteString("etag", StoredText.Clean(etag));
        w.WriteString("last_modified", StoredText.Clean(lastModified));
    });

    static string LogsJson(List<FeedCheck> checks) => Json(checks, (w, c) =>
    {
        var log = c.Log!;
        w.WriteNumber("feed_id", c.FeedId);
        w.WriteNumber("fetched_at", Micros.From(log.FetchedAt));
        if (log.Status is { } status) w.WriteNumber("status", status);
        else w.WriteNull("status");
        w.WriteNumber("bytes", log.Bytes);
        w.WriteNumber("duration_ms", (long)Math.Round(log.Duration.TotalMilliseconds));
        w.WriteNumber("inserted", log.Inserted);
        w.WriteNumber("updated", log.Updated);
        w.WriteString("error", StoredText.Clean(log.Error));
    });

    static string Json(List<FeedCheck> checks, Action<Utf8JsonWriter, FeedCheck> write)
    {
        var buffer = new ArrayBufferWriter<byte>(checks.Count * 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var check in checks)
            {
                writer.WriteStartObject();
                write(writer, check);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    sealed class Pending(FeedCheck check)
    {
        public FeedCheck Check { get; } = check;
        // Continuations run on the caller's side, never on the writer.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
