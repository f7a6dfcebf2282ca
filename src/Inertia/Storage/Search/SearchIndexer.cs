namespace Inertia.Storage.Search;

/// <summary>
/// Indexes entries stored with search_pending set (large refresh batches, see <see cref="EntryStore.InlineSearchLimit"/>)
/// in the background, in large batches: woken by the store as soon as such entries are committed, and every
/// <see cref="Poll"/> for entries another node stored (PostgreSQL) or that a crash left pending. FTS5 pays per
/// transaction (one new index segment each, merged later), so a thousand entries at once cost far less than fifty
/// feeds' worth one at a time, and none of it holds up the refresh.
/// </summary>
public sealed class SearchIndexer(Database db, SearchStore search, ILogger<SearchIndexer> logger) : BackgroundService
{
    private const int Batch = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    int done;
                    while ((done = await search.IndexPendingAsync(Batch, stoppingToken)) > 0)
                        logger.LogDebug("Indexed {Count} entries for search", done);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Indexing entries for search failed; retrying in {Poll}", Poll);
                }
                await db.WaitSearchPendingAsync(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
