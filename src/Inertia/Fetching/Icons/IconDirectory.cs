using Inertia.Storage;

namespace Inertia.Fetching.Icons;

/// <summary>
/// Which feeds have a stored icon, for the pages' &lt;img&gt; URLs: a snapshot of (feed id → icon hash) loaded at start
/// and reloaded in the background when older than a minute, so rendering never waits for the database. Icons this node
/// stores appear at once; another node's within a minute. The hash in the URL lets browsers cache an icon for good.
/// </summary>
public sealed class IconDirectory(IconStore store, TimeProvider time, ILogger<IconDirectory> logger) : IHostedService
{
    static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    volatile Snapshot _snapshot = new(new Dictionary<long, string>(), DateTimeOffset.MinValue);
    int _reloading;

    sealed record Snapshot(IReadOnlyDictionary<long, string> Hashes, DateTimeOffset LoadedAt);

    /// <summary>"/icons/{feedId}?v={hash}" when the feed has an icon, else null (the letter avatar is shown).</summary>
    public string? Url(long? feedId)
    {
        var snapshot = _snapshot;
        if (time.GetUtcNow() - snapshot.LoadedAt > MaxAge) _ = ReloadAsync();
        return feedId is { } id && snapshot.Hashes.TryGetValue(id, out var hash) ? $"/icons/{id}?v={hash}" : null;
    }

    /// <summary>Records an icon this node just stored.</summary>
    public void Set(long feedId, string hash)
    {
        var current = _snapshot;
        var copy = new Dictionary<long, string>(current.Hashes) { [feedId] = hash };
        _snapshot = current with { Hashes = copy };
    }

    public async Task ReloadAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _reloading, 1) == 1) return;
        try
        {
            var started = time.GetUtcNow();
            _snapshot = new Snapshot(await store.HashesAsync(ct), started);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Pages fall back to letter avatars; the next render tries again after MaxAge.
            _snapshot = _snapshot with { LoadedAt = time.GetUtcNow() };
            logger.LogWarning(e, "Could not load the feed icon list");
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }

    Task IHostedService.StartAsync(CancellationToken ct) => ReloadAsync(ct);

    Task IHostedService.StopAsync(CancellationToken ct) => Task.CompletedTask;
}
