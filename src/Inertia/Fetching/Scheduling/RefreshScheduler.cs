using System.Collections.Concurrent;
using Inertia.Hosting;
using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.Scheduling;

/// <summary>
/// Background refresh: claims due feeds in batches (a lease keeps other workers and nodes off them) and runs them
/// through a <see cref="HostLimitedDispatcher{T}"/>. On shutdown, fetches are cancelled but writes already under
/// way complete before the host stops.
/// </summary>
public sealed class RefreshScheduler(
    FeedStore feeds, FeedRefresher refresher, IOptions<FetchingOptions> options, TimeProvider time, ILogger<RefreshScheduler> logger)
    : BackgroundService
{
    /// <summary>Parked feeds (waiting for a busy host) may reach this many batches before claiming pauses.</summary>
    const int MaxParkedBatches = 4;

    /// <summary>A claim waits for room for at least this share of a batch (1/N), unless nothing is pending.</summary>
    const int MinClaimShare = 4;

    /// <summary>Refreshes each worker may have waiting for their bookkeeping's commit (see <see cref="RunAsync"/>).</summary>
    const int UnrecordedPerWorker = 16;

    readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Looks for due feeds now instead of at the next poll (after "refresh now" made feeds due).</summary>
    public void Wake() => Signal(_wake);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            logger.LogInformation("Feed refresh scheduler is disabled (Fetching:SchedulerEnabled=false)");
            return;
        }
        try
        {
            await RunAsync(untilIdle: false, _wake, null, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Refreshes every feed due now, with the same pool and limits as the background loop, and returns when none is
    /// left (the "refresh" command and the load harness). Each feed is refreshed at most once per call.
    /// </summary>
    public async Task<IReadOnlyList<RefreshOutcome>> RefreshDueAsync(CancellationToken ct = default)
    {
        var outcomes = new ConcurrentBag<RefreshOutcome>();
        using var wake = new SemaphoreSlim(0, 1);
        await RunAsync(untilIdle: true, wake, outcomes.Add, ct);
        return outcomes.OrderBy(o => o.FeedId).ToList();
    }

    async Task RunAsync(bool untilIdle, SemaphoreSlim wake, Action<RefreshOutcome>? report, CancellationToken ct)
    {
        var settings = options.Value;
        var batch = Math.Max(1, settings.ClaimBatchSize);
        // A worker is free again once its writes are handed over (the entries to the ingest writer's queue, the check
        // to the bookkeeping batch, FeedCheckWriter), not when they commit: waiting for the commits kept each worker
        // idle for a group commit per feed and the groups as small as the number of workers. Refreshes started and not
        // yet recorded stay bounded; until its check's commit a feed keeps its claim's lease, so it is neither claimed
        // again nor lost by a crash.
        var unrecordedLimit = Math.Max(1, settings.Workers) * UnrecordedPerWorker;
        using var unrecorded = new SemaphoreSlim(unrecordedLimit, unrecordedLimit);
        var dispatcher = new HostLimitedDispatcher<FeedRecord>(
            settings.Workers, settings.PerHostLimit, HostOf, f => f.Id,
            async (feed, token) =>
            {
                await unrecorded.WaitAsync(CancellationToken.None);
                Task<RefreshOutcome> recorded;
                try
                {
                    recorded = await refresher.RefreshUntilRecordedAsync(feed, token);
                }
                catch
                {
                    unrecorded.Release();
                    throw;
                }
                _ = recorded.ContinueWith(done =>
                {
                    if (done.IsCompletedSuccessfully) report?.Invoke(done.Result);
                    else logger.LogError(done.Exception, "Recording the refresh of feed {FeedId} ({Url}) failed", feed.Id, feed.Url);
                    unrecorded.Release();
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            },
            (feed, e) => logger.LogError(e, "Refresh of feed {FeedId} ({Url}) crashed", feed.Id, feed.Url),
            ct);
        // Keep the pipeline fed: ask for more as soon as half the batch is done.
        dispatcher.Completed += () =>
        {
            var active = dispatcher.Pending - dispatcher.Waiting;
            if (active <= batch / 2 || (untilIdle && active == 0)) Signal(wake);
        };
        var seen = untilIdle ? new HashSet<long>() : null;

        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Feeds parked behind a busy host do not hold up claims for other hosts, up to a memory bound.
                var pending = dispatcher.Pending;
                var room = Math.Min(batch - (pending - dispatcher.Waiting), MaxParkedBatches * batch - pending);
                var claimed = 0;
                // Each claim is a write: with most of the room taken by feeds parked behind busy hosts, claiming as
                // soon as a few slots freed made a claim per handful of feeds (1,200 for 10,000).
                if (room >= Math.Max(1, batch / MinClaimShare) || room > 0 && pending == 0)
                {
                    try
                    {
                        var due = await feeds.ClaimDueAsync(time.GetUtcNow(), room, settings.ClaimLease, ct);
                        claimed = due.Count;
                        foreach (var feed in due)
                            if (seen is null || seen.Add(feed.Id)) dispatcher.TryEnqueue(feed);
                            else claimed--; // refreshed earlier in this run; its lease just delays it a little
                    }
                    catch (Exception e) when (!untilIdle && !ct.IsCancellationRequested)
                    {
                        logger.LogError(e, "Claiming due feeds failed; retrying after {Interval}", settings.PollInterval);
                    }
                }
                if (untilIdle && claimed == 0 && room > 0 && dispatcher.Pending == 0) return;
                // A full batch means more feeds are probably due: claim again at once if there is room.
                if (claimed < room || room <= 0 || untilIdle && claimed == 0)
                    await wake.WaitAsync(settings.PollInterval, ct);
            }
        }
        finally
        {
            await dispatcher.DrainAsync();
            // Every check handed over is committed (or failed) before this returns: its permit comes back then.
            for (var i = 0; i < unrecordedLimit; i++) await unrecorded.WaitAsync(CancellationToken.None);
        }
    }

    static void Signal(SemaphoreSlim semaphore) => semaphore.Wake();

    static string HostOf(FeedRecord feed) =>
        Uri.TryCreate(feed.Url, UriKind.Absolute, out var uri) ? uri.Authority.ToLowerInvariant() : "";
}
