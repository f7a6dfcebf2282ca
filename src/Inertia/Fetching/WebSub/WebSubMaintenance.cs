using Microsoft.Extensions.Options;

namespace Inertia.Fetching.WebSub;

/// <summary>
/// Background worker of <see cref="WebSubSubscriber"/>: sends due (un)subscribe requests and renewals. Runs where the
/// refresh scheduler runs (Fetching:SchedulerEnabled) and only when Fetching:PublicUrl is set; every node may run it,
/// the database claim keeps them from sending the same request twice.
/// </summary>
public sealed class WebSubMaintenance(
    WebSubSubscriber subscriber, IOptions<FetchingOptions> fetching, IOptions<WebSubOptions> options, ILogger<WebSubMaintenance> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!fetching.Value.SchedulerEnabled) return;
        if (subscriber.PublicUrl is null)
        {
            logger.LogInformation("WebSub push is off: set Fetching:PublicUrl to the address hubs can reach this installation at");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: go again at once.
                while (await subscriber.RunDueAsync(stoppingToken) >= WebSubSubscriber.ClaimBatch) { }
                await subscriber.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "WebSub maintenance failed; trying again later");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
