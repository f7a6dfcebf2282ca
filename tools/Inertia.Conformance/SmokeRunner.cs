using System.Diagnostics;
using Inertia.Feeds;

namespace Inertia.Conformance;

/// <summary>
/// Parses every file below a folder: exceptions (crashes), parses that never finish (hangs, 30 s), parses over 2 s
/// (slow: reported, not a failure, since a loaded machine can take that long) and the largest allocation.
/// </summary>
public static class SmokeRunner
{
    public sealed class Report
    {
        public int Files { get; set; }
        public List<string> Crashes { get; } = [];
        public List<string> Hangs { get; } = [];
        public List<string> Slow { get; } = [];
        public double SlowestMs { get; set; }
        public string? SlowestFile { get; set; }
        public long MaxAllocatedBytes { get; set; }
        public string? MaxAllocatedFile { get; set; }
    }

    public static readonly TimeSpan SlowLimit = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    public static Report Run(string dir)
    {
        var report = new Report();
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            report.Files++;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            // The parse runs on a worker so that a true hang is reported instead of stalling the run.
            var task = Task.Run(() => FeedParser.Parse(bytes));
            var finished = task.Wait(HangLimit);
            sw.Stop();
            var rel = Path.GetRelativePath(dir, file);
            if (!finished) { report.Hangs.Add($"{rel}: did not finish in 30 s"); continue; }
            if (task.IsFaulted) { report.Crashes.Add($"{rel}: {task.Exception!.InnerException?.GetType().Name}: {task.Exception.InnerException?.Message}"); continue; }
            if (task.Result.Warnings.FirstOrDefault(w => w.StartsWith(FeedParser.InternalErrorWarning, StringComparison.Ordinal)) is { } bug)
                report.Crashes.Add($"{rel}: {bug}");
            if (sw.Elapsed > SlowLimit) report.Slow.Add($"{rel}: {sw.Elapsed.TotalMilliseconds:F0} ms");
            if (sw.Elapsed.TotalMilliseconds > report.SlowestMs) { report.SlowestMs = sw.Elapsed.TotalMilliseconds; report.SlowestFile = rel; }
        }
        // Allocation per parse measured on the calling thread, separately, so the worker hop does not hide it.
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try { FeedParser.Parse(bytes); } catch (Exception) { continue; }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > report.MaxAllocatedBytes) { report.MaxAllocatedBytes = allocated; report.MaxAllocatedFile = Path.GetRelativePath(dir, file); }
        }
        return report;
    }
}
