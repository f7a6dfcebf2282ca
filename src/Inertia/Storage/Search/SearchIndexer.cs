using System.Runtime.InteropServices;

namespace Inertia.Storage.Search;

/// <summary>
/// Indexes the entries queued in search_pending (everything a refresh stores) in the background, in large batches:
/// woken by the store when such entries are committed (then gathering for <see cref="Gather"/>, so one batch takes
/// what many feeds stored meanwhile), and every <see cref="Poll"/> for entries another node stored (PostgreSQL) or
/// that a crash left pending. FTS5 pays per write (one new index segment each, whose automerge work grows with the
/// index), so thousands of entries at once cost far less than fifty feeds' worth one at a time, and no refresh waits
/// for it (on SQLite the index has a file of its own, <see cref="SqliteSearchFile"/>, so its writes do not take the
/// refreshes' write lock either). A search catches up on a small backlog first, so it never misses what a refresh just
/// stored.
/// </summary>
public sealed class SearchIndexer(Database db, SearchStore search, ILogger<SearchIndexer> logger) : BackgroundService
{
    // With a 64 MB hashsize (migration 023, now SqliteSearchFile) a batch is written as one FTS5 segment, and larger
    // segments mean fewer merges as the index grows: in a 10,000-feed cold refresh, 1,000 → 5,000 together with 023
    // cut the index's share of the ingest writer from ≈ 150 to ≈ 70 µs of CPU per entry (docs/benchmarks.md).
    private const int Batch = 5000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Gather = TimeSpan.FromSeconds(1);

    /// <summary>Linux's lowest priority: the indexer runs on CPU time the refreshes leave.</summary>
    private const int Nice = 19;

    /// <remarks>
    /// A thread of its own at the lowest OS priority (Linux). During a cold refresh the indexer's tokenizing and FTS5
    /// writes took CPU from the group writer every refresh waits for; at this priority they use what the refreshes
    /// leave, and a 10,000-feed cold refresh's index still caught up about a second after its last write
    /// (docs/benchmarks.md). Under load that never lets up, the index lags until it does; a search catches up on a
    /// small backlog itself (<see cref="SearchStore"/>).
    /// </remarks>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            if (OperatingSystem.IsLinux()) _ = setpriority(PrioProcess, gettid(), Nice); // best effort: a refusal changes nothing
            try
            {
                Run(stoppingToken);
                stopped.TrySetResult();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                stopped.TrySetResult();
            }
            catch (Exception e)
            {
                stopped.TrySetException(e);
            }
        }) { IsBackground = true, Name = "Search indexer" };
        thread.Start();
        return stopped.Task;
    }

    // Blocking waits on purpose: the work then stays on this thread, at its priority, instead of resuming on the
    // thread pool. Most of it completes synchronously anyway (SQLite), up to the ingest write that unqueues a batch.
    private void Run(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Straight on only while batches come back full: a smaller one means the backlog is gone, and
                // the next waits for a wake-up and the gathering time. Going on at once indexed whatever trickled
                // in while the last batch was written: during a cold refresh, batches of a few hundred, i.e. many
                // more FTS5 segments to merge again and again as the index grows.
                int done;
                do
                {
                    done = search.IndexPendingAsync(Batch, stoppingToken).GetAwaiter().GetResult();
                    if (done > 0) logger.LogDebug("Indexed {Count} entries for search", done);
                } while (done == Batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Indexing entries for search failed; retrying in {Poll}", Poll);
            }
            if (db.WaitSearchPendingAsync(Poll, stoppingToken).GetAwaiter().GetResult())
                stoppingToken.WaitHandle.WaitOne(Gather);
        }
    }

    private const int PrioProcess = 0; // given a thread id, Linux's setpriority applies to that thread alone

    [DllImport("libc")]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();
}
