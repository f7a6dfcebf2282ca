using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Inertia.Storage;

namespace Inertia.Subscriptions;

public sealed record OpmlImportJob(
    long Id, long UserId, string FileName, int Total, int Processed, int Added, int AlreadySubscribed,
    IReadOnlyList<OpmlImportFailure> Failures, string Status, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public bool IsDone => Status == OpmlImportJobs.Done;
}

/// <summary>
/// OPML imports as background jobs, so a file with thousands of feeds neither holds a request open nor is lost when
/// the server stops: the planned feeds are stored with the job, progress is saved as it goes, and a job whose node
/// went away (its lease passed) is taken over where it stopped by any node. One unfinished job per user.
/// </summary>
public sealed class OpmlImportJobs(Database db, OpmlImport import, TimeProvider clock, ILogger<OpmlImportJobs> log)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Signalled when a job is queued here, so the worker starts it at once.</summary>
    internal ChannelReader<bool> Wake => _wake.Reader;

    /// <summary>Queues an import of <paramref name="items"/>; when the user already has one under way, returns that one instead.</summary>
    public async Task<(long JobId, bool AlreadyRunning)> StartAsync(long userId, string fileName, IReadOnlyList<OpmlImportItem> items, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var running = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM opml_imports WHERE user_id = @userId AND status <> @done ORDER BY id LIMIT 1",
            new { userId, done = Done }, cancellationToken: ct));
        if (running is { } existing) return (existing, true);

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO opml_imports (user_id, file_name, items, total, status, created_at)
            VALUES (@userId, @fileName, @items, @total, @queued, @now) RETURNING id
            """,
            new
            {
                userId, fileName = fileName.Length > 200 ? fileName[..200] : fileName, items = JsonSerializer.Serialize(items, Json),
                total = items.Count, queued = Queued, now = Micros.From(clock.GetUtcNow()),
            }, cancellationToken: ct));
        _wake.Writer.TryWrite(true);
        return (id, false);
    }

    public async Task<OpmlImportJob?> GetAsync(long userId, long jobId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM opml_imports WHERE user_id = @userId AND id = @jobId", new { userId, jobId }, cancellationToken: ct));
        return row?.ToJob();
    }

    /// <summary>The user's latest imports, newest first.</summary>
    public async Task<IReadOnlyList<OpmlImportJob>> ListAsync(long userId, int limit = 10, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM opml_imports WHERE user_id = @userId ORDER BY id DESC LIMIT @limit", new { userId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToJob()).ToList();
    }

    /// <summary>Runs every queued job and every job whose lease passed, one after another; returns how many ran.</summary>
    public async Task<int> RunPendingAsync(CancellationToken ct = default)
    {
        var ran = 0;
        while (await ClaimAsync(ct) is { } jobId)
        {
            await RunAsync(jobId, ct);
            ran++;
        }
        return ran;
    }

    private async Task<long?> ClaimAsync(CancellationToken ct)
    {
        var now = Micros.From(clock.GetUtcNow());
        await using var connection = await db.OpenAsync(ct);
        var candidates = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM opml_imports WHERE status = @queued OR (status = @running AND lease_until < @now) ORDER BY id LIMIT 5",
            new { queued = Queued, running = Running, now }, cancellationToken: ct));
        foreach (var id in candidates)
        {
            // Conditional update: of several nodes racing for a job, one changes the row and runs it.
            var claimed = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE opml_imports SET status = @running, lease_until = @lease
                WHERE id = @id AND (status = @queued OR (status = @running AND lease_until < @now))
                """,
                new { id, queued = Queued, running = Running, now, lease = now + (long)Lease.TotalMicroseconds }, cancellationToken: ct));
            if (claimed == 1) return id;
        }
        return null;
    }

    private async Task RunAsync(long jobId, CancellationToken ct)
    {
        Row job;
        await using (var connection = await db.OpenAsync(ct))
            job = await connection.QuerySingleAsync<Row>(new CommandDefinition(
                $"SELECT {Columns}, items FROM opml_imports WHERE id = @jobId", new { jobId }, cancellationToken: ct));
        var items = JsonSerializer.Deserialize<List<OpmlImportItem>>(job.Items!, Json) ?? [];
        var failures = JsonSerializer.Deserialize<List<OpmlImportFailure>>(job.Failures, Json) ?? [];
        int processed = job.Processed, added = job.Added, existing = job.Existing;
        var savedAt = clock.GetTimestamp();

        // A job taken over after a crash resumes at its last saved position; feeds subscribed after that save
        // count as "already there" the second time, which is what they are.
        for (var i = processed; i < items.Count; i++)
        {
            OpmlImportOutcome outcome;
            string? reason;
            try
            {
                (outcome, reason) = await import.ImportOneAsync(job.UserId, items[i], ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One feed that cannot be stored must not hold the user's import (and their next one) forever.
                log.LogWarning(e, "OPML import {JobId}: {Url} could not be subscribed", jobId, items[i].Url);
                (outcome, reason) = (OpmlImportOutcome.Failed, $"could not be saved: {e.Message}");
            }
            switch (outcome)
            {
                case OpmlImportOutcome.Added: added++; break;
                case OpmlImportOutcome.AlreadySubscribed: existing++; break;
                default: failures.Add(new OpmlImportFailure(items[i].Url, reason!)); break;
            }
            processed = i + 1;
            if (clock.GetElapsedTime(savedAt) >= SaveEvery)
            {
                await SaveAsync(jobId, processed, added, existing, failures, done: false, ct);
                savedAt = clock.GetTimestamp();
            }
        }
        await SaveAsync(jobId, processed, added, existing, failures, done: true, ct);
        log.LogInformation("OPML import {JobId}: {Added} added, {Existing} already subscribed, {Failed} failed", jobId, added, existing, failures.Count);
    }

    private async Task SaveAsync(long jobId, int processed, int added, int existing, List<OpmlImportFailure> failures, bool done, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE opml_imports SET processed = @processed, added = @added, existing = @existing, failures = @failures,
                status = @status, lease_until = @lease, finished_at = @finished
            WHERE id = @jobId
            """,
            new
            {
                jobId, processed, added, existing, failures = JsonSerializer.Serialize(failures, Json),
                status = done ? Done : Running, lease = done ? (long?)null : Micros.From(now + Lease),
                finished = done ? Micros.From(now) : (long?)null,
            }, cancellationToken: ct));
    }

    private const string Columns = "id, user_id, file_name, total, processed, added, existing, failures, status, created_at, finished_at";

    private sealed class Row
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string FileName { get; set; } = "";
        public int Total { get; set; }
        public int Processed { get; set; }
        public int Added { get; set; }
        public int Existing { get; set; }
        public string Failures { get; set; } = "[]";
        public string Status { get; set; } = Queued;
        public long CreatedAt { get; set; }
        public long? FinishedAt { get; set; }
        public string? Items { get; set; }

        public OpmlImportJob ToJob() => new(Id, UserId, FileName, Total, Processed, Added, Existing,
            JsonSerializer.Deserialize<List<OpmlImportFailure>>(Failures, Json) ?? [], Status, Micros.ToTime(CreatedAt), Micros.ToTime(FinishedAt));
    }
}
