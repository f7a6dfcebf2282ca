using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.Icons;

/// <summary>
/// Background worker: finds icons for followed feeds once they have been fetched, and again every
/// Fetching:Icons:RefreshInterval. Runs where the refresh scheduler runs; nodes share the work through the database claim.
/// </summary>
public sealed class IconRefresher(
    IconStore store, IconFetcher fetcher, IconDirectory directory, IOptions<IconOptions> options, IOptions<FetchingOptions> fetching,
    TimeProvider time, ILogger<IconRefresher> logger) : BackgroundService
{
    public const int ClaimBatch = 20;
    const int Parallelism = 4;
    static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(15);

    /// <summary>Looks for the icons of every due feed (one claimed batch); returns how many feeds it handled.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var due = await store.ClaimDueAsync(now, now + ClaimLease, ClaimBatch, ct);
        // A few at a time: a search is several small requests, mostly to different sites.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (feed, token) =>
        {
            var (icon, error) = await fetcher.FindAsync(feed, token);
            var checkedAt = time.GetUtcNow();
            if (icon is not null)
            {
                await store.SaveAsync(feed.FeedId, icon.SourceUrl, icon.ContentType, icon.Data, icon.Hash,
                    checkedAt, checkedAt + options.Value.RefreshInterval, CancellationToken.None);
                directory.Set(feed.FeedId, icon.Hash);
            }
            else
            {
                await store.RecordMissAsync(feed.FeedId, error ?? "no icon found", checkedAt, checkedAt + options.Value.RetryInterval, CancellationToken.None);
                logger.LogDebug("No icon for feed {FeedId}: {Error}", feed.FeedId, error);
            }
        });
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!fetching.Value.SchedulerEnabled || !options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken) >= ClaimBatch) { }
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Icon refresh failed; trying again later");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
