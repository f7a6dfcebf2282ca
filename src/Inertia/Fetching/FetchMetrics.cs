using System.Diagnostics.Metrics;

namespace Inertia.Fetching;

/// <summary>Refresh counters under the meter "Inertia.Fetching" (exported wherever metrics are collected).</summary>
public static class FetchMetrics
{
    public const string MeterName = "Inertia.Fetching";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Refreshes = Meter.CreateCounter<long>("inertia.feed.refreshes", description: "Feed refreshes by result (ok, not_modified, error).");
    static readonly Counter<long> NewEntries = Meter.CreateCounter<long>("inertia.feed.entries.inserted", description: "Entries stored for the first time.");
    static readonly Counter<long> BodyBytes = Meter.CreateCounter<long>("inertia.feed.body.bytes", unit: "By", description: "Decompressed response bytes received.");
    static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("inertia.feed.refresh.duration", unit: "s", description: "Whole refresh: fetch, parse, sanitize, store.");

    internal static void Record(RefreshOutcome outcome, long bytes, TimeSpan elapsed)
    {
        var result = !outcome.Success ? "error" : outcome.NotModified ? "not_modified" : "ok";
        Refreshes.Add(1, new KeyValuePair<string, object?>("result", result));
        if (outcome.Inserted > 0) NewEntries.Add(outcome.Inserted);
        if (bytes > 0) BodyBytes.Add(bytes);
        Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", result));
    }
}
