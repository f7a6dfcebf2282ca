using Inertia.Fetching;
using Microsoft.Extensions.Options;

namespace Inertia.Content.FullArticle;

/// <summary>
/// Background worker for feeds set to "fetch full article": each new entry's page is fetched and extracted (with the
/// feed's CSS selector, else readability) soon after it arrives, so the reader opens the whole text. Kept apart from
/// the refresh so a slow article site never holds up feed ingest. An entry is tried once; a miss is recorded.
/// </summary>
public sealed class FullArticleAutoFetch(
    FullArticleStore store, FullArticleFetcher fetcher, IOptions<FetchingOptions> fetching, TimeProvider time,
    ILogger<FullArticleAutoFetch> logger) : BackgroundService
{
    public const int Batch = 20;
    const int Parallelism = 4;
    /// <summary>Entries older than this when the setting is turned on are left as they are (a reader can still ask).</summary>
    static readonly TimeSpan Window = TimeSpan.FromDays(2);
    static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);

    /// <summary>Fetches one batch of pending articles; returns how many entries it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var pending = await store.ListPendingAsync(time.GetUtcNow() - Window, Batch, ct);
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (entry, token) =>
        {
            try
            {
                await fetcher.FetchPageAsync(entry.EntryId, entry.Url, entry.Selector, token);
            }
            catch (FullArticleException e)
            {
                logger.LogDebug("No full article for entry {EntryId}: {Reason}", entry.EntryId, e.Message);
                await store.SaveMissAsync(entry.EntryId, entry.Url ?? "", entry.Selector ?? "", time.GetUtcNow(), CancellationToken.None);
            }
        });
        return pending.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!fetching.Value.SchedulerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) >= Batch) { }
                await Task.Delay(Pause, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Fetching full articles failed; trying again later");
                await Task.Delay(Pause, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
