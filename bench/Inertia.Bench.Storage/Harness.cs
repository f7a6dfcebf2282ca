using System.Diagnostics;
using System.Globalization;

namespace Inertia.Bench.Storage;

/// <summary>One measured operation: latencies of repeated runs after a warm-up.</summary>
internal sealed record Measurement(string Dialect, string Operation, string Detail, IReadOnlyList<double> Milliseconds,
    string Load, double? TargetP50 = null, double? TargetP99 = null)
{
    public double P(double percentile)
    {
        var sorted = Milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public string Verdict =>
        (TargetP50 is null || P(50) <= TargetP50) && (TargetP99 is null || P(99) <= TargetP99) ? "met" : "**missed**";

    public string Row()
    {
        static string F(double v) => v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        var target = TargetP99 is null ? $"≤ {TargetP50} ms" : $"p50 ≤ {TargetP50} ms, p99 ≤ {TargetP99} ms";
        return Milliseconds.Count == 1
            ? $"| {Dialect} | {Operation} | {Detail} | 1 | {F(Milliseconds[0])} | | | {target} | {Verdict} | {Load} |"
            : $"| {Dialect} | {Operation} | {Detail} | {Milliseconds.Count} | {F(P(50))} | {F(P(99))} | {F(Milliseconds.Max())} | {target} | {Verdict} | {Load} |";
    }

    public const string Header =
        "| dialect | operation | detail | runs | p50 ms | p99 ms | max ms | target | result | load (1 min) |\n" +
        "|---|---|---|---|---|---|---|---|---|---|";
}

internal static class Harness
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times unmeasured, then <paramref name="runs"/> times timed.</summary>
    public static async Task<(List<double> Milliseconds, string Load)> TimeAsync(Func<Task> action, int runs, int warmup)
    {
        for (var i = 0; i < warmup; i++) await action();
        var loadBefore = Machine.LoadAverage();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return (times, $"{loadBefore}–{Machine.LoadAverage()}");
    }
}
