namespace Inertia.Subscriptions;

/// <summary>Runs queued OPML imports: at once when one is queued on this node, and every little while for jobs
/// queued elsewhere or left behind by a node that stopped.</summary>
public sealed class OpmlImportWorker(OpmlImportJobs jobs, ILogger<OpmlImportWorker> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await jobs.RunPendingAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The job keeps its lease and saved progress: it is taken up again when the lease passes.
                log.LogError(e, "OPML import failed; it will be resumed");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(Poll);
            try
            {
                await jobs.Wake.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // poll interval passed
            }
        }
    }
}
