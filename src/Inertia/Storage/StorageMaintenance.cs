namespace Inertia.Storage;

/// <summary>Bound from "Storage:Retention". Days null or 0 = keep forever.</summary>
public sealed class RetentionSettings
{
    /// <summary>Delete entries every user has read once they are this old (by published, else first seen).</summary>
    public int? ReadDays { get; set; } = 60;
    /// <summary>Delete entries this old even when unread.</summary>
    public int? UnreadDays { get; set; } = 180;
    /// <summary>Always keep at least this many of each feed's newest entries.</summary>
    public int KeepPerFeed { get; set; } = 50;
    /// <summary>How often maintenance runs (retention, SQLite statistics).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Wait before the first run, so starts stay fast.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMinutes(5);
    public bool Enabled { get; set; } = true;

    public RetentionPolicy ToPolicy() => new(ReadDays, UnreadDays, KeepPerFeed);
}

/// <summary>
/// Background upkeep while the server runs: periodically deletes expired entries and refreshes SQLite's planner
/// statistics. Safe on several nodes at once. (Search indexing is <see cref="Search.SearchIndexer"/>'s.)
/// </summary>
public sealed class StorageMaintenance(
    Database db, RetentionStore retention, StorageOptions options, ILogger<StorageMaintenance> logger) : BackgroundService
{
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Retention;
        await Task.Yield(); // never hold up the host's start
        try
        {
            if (!settings.Enabled) return;
            await Task.Delay(settings.InitialDelay, stoppingToken);
            using var timer = new PeriodicTimer(settings.Interval);
            do
            {
                try
                {
                    await RunOnceAsync(DateTimeOffset.UtcNow, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Storage maintenance failed; retrying in {Interval}", settings.Interval);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: retention in bounded batches, then planner statistics. Returns the entries deleted.</summary>
    internal async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var policy = options.Retention.ToPolicy();
        var deleted = 0;
        int batch;
        do
        {
            batch = await retention.DeleteExpiredAsync(policy, now, Batch, ct);
            deleted += batch;
        } while (batch == Batch);
        if (deleted > 0) logger.LogInformation("Retention deleted {Count} entries", deleted);
        await db.OptimizeAsync(ct);
        return deleted;
    }
}
