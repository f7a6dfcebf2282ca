using System.Collections.Concurrent;
using Inertia.Fetching.Scheduling;

namespace Inertia.Tests.Fetching;

public sealed class HostLimitedDispatcherTests
{
    sealed record Job(long Id, string Host);

    static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stuck_host_does_not_stall_other_hosts_and_never_exceeds_its_limit()
    {
        var release = new TaskCompletionSource();
        var running = new ConcurrentDictionary<string, int>();
        var peak = new ConcurrentDictionary<string, int>();
        var done = new ConcurrentBag<long>();
        var fastDone = new TaskCompletionSource();
        const int fastJobs = 40;

        using var stop = new CancellationTokenSource();
        var dispatcher = new HostLimitedDispatcher<Job>(4, 2, j => j.Host, j => j.Id, async (job, ct) =>
        {
            var now = running.AddOrUpdate(job.Host, 1, (_, n) => n + 1);
            peak.AddOrUpdate(job.Host, now, (_, p) => Math.Max(p, now));
            try
            {
                if (job.Host == "slow") await release.Task.WaitAsync(ct);
                else await Task.Yield();
            }
            finally
            {
                running.AddOrUpdate(job.Host, 0, (_, n) => n - 1);
            }
            done.Add(job.Id);
            if (done.Count(id => id >= 100) == fastJobs) fastDone.TrySetResult();
        }, (_, e) => throw e, stop.Token);

        for (var i = 0; i < 10; i++) Assert.True(dispatcher.TryEnqueue(new Job(i, "slow")));
        for (var i = 0; i < fastJobs; i++) Assert.True(dispatcher.TryEnqueue(new Job(100 + i, $"fast{i % 3}")));

        await fastDone.Task.WaitAsync(Generous);
        Assert.DoesNotContain(done, id => id < 100);   // the slow host is still stuck …
        Assert.Equal(8, dispatcher.Waiting);            // … with 2 running and 8 parked, not holding workers
        Assert.False(dispatcher.TryEnqueue(new Job(5, "slow")));  // already pending

        release.SetResult();
        while (dispatcher.Pending > 0) await Task.Delay(10).WaitAsync(Generous);
        Assert.Equal(10 + fastJobs, done.Count);
        Assert.All(peak.Values, p => Assert.InRange(p, 1, 2));
        await dispatcher.DrainAsync();
    }

    [Fact]
    public async Task Failures_are_reported_and_do_not_stop_the_pool()
    {
        var errors = new ConcurrentBag<long>();
        var completed = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var dispatcher = new HostLimitedDispatcher<Job>(2, 2, j => j.Host, j => j.Id, (job, _) =>
        {
            if (job.Id % 2 == 0) throw new InvalidOperationException("boom");
            completed.Add(job.Id);
            return Task.CompletedTask;
        }, (job, _) => errors.Add(job.Id), stop.Token);

        for (var i = 0; i < 20; i++) dispatcher.TryEnqueue(new Job(i, "h"));
        while (dispatcher.Pending > 0) await Task.Delay(10).WaitAsync(Generous);
        await dispatcher.DrainAsync();
        Assert.Equal(10, errors.Count);
        Assert.Equal(10, completed.Count);
    }

    [Fact]
    public async Task Drain_lets_running_work_finish_and_drops_parked_work()
    {
        var started = new TaskCompletionSource();
        var finishedWrites = 0;
        using var stop = new CancellationTokenSource();
        var dispatcher = new HostLimitedDispatcher<Job>(1, 1, j => j.Host, j => j.Id, async (job, ct) =>
        {
            started.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
            // The "write" after the cancelled fetch still completes.
            await Task.Yield();
            Interlocked.Increment(ref finishedWrites);
        }, (_, e) => throw e, stop.Token);

        dispatcher.TryEnqueue(new Job(1, "h"));
        dispatcher.TryEnqueue(new Job(2, "h"));
        dispatcher.TryEnqueue(new Job(3, "other"));
        await started.Task.WaitAsync(Generous);

        stop.Cancel();
        await dispatcher.DrainAsync().WaitAsync(Generous);
        Assert.Equal(1, finishedWrites);
        Assert.Equal(0, dispatcher.Pending);
        Assert.False(dispatcher.TryEnqueue(new Job(4, "h")));
    }
}
