using System.Diagnostics;

namespace Inertia.Bench.Feeds;

/// <summary>
/// `--quick [rounds]`: a Stopwatch harness for iterating on the parser. The three parsers run interleaved round by round on
/// the same inputs, so load from other processes on a shared machine hits them alike. Time is the process's CPU time
/// (TotalProcessorTime, GC threads included), which waiting for a core on a loaded machine does not inflate the way it
/// inflates wall-clock time; the figure to read is the ratio of medians. Allocation is
/// GC.GetAllocatedBytesForCurrentThread per parse, per MB of input.
/// </summary>
public static class Quick
{
    /// <summary>The floor for any XmlReader-based parser: every node read, every value materialized, nothing built.</summary>
    private static int ReadAll(byte[] bytes)
    {
        using var r = System.Xml.XmlReader.Create(new MemoryStream(bytes), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, CheckCharacters = false, IgnoreComments = true });
        var n = 0;
        while (r.Read())
        {
            if (r.NodeType == System.Xml.XmlNodeType.Element) { n++; if (r.MoveToFirstAttribute()) { do n += r.Value.Length; while (r.MoveToNextAttribute()); } }
            else if (r.NodeType is System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA) n += r.Value.Length;
        }
        return n;
    }

    /// <summary>Inertia's byte-level tokenizer alone: the tree is built (entries detached and dropped), nothing is mapped.</summary>
    private static int Tokenize(byte[] bytes)
    {
        var builder = new global::Inertia.Feeds.Xml.TreeBuilder(new DropEntries(), null, []);
        var read = global::Inertia.Feeds.Xml.Utf8TreeReader.TryRead(bytes, builder) ? 1 : 0;
        builder.ReleasePending();
        return read;
    }

    private sealed class DropEntries : global::Inertia.Feeds.Xml.ITreeSink
    {
        public void OnRoot(global::Inertia.Feeds.Xml.Node root) { }
        public bool IsEntry(global::Inertia.Feeds.Xml.Node node, int depth) => depth <= 2 && node.Name is "item" or "entry";
        public void OnEntry(global::Inertia.Feeds.Xml.Node entry, global::Inertia.Feeds.Xml.Node parent) { }
    }

    public static void Run(int rounds, string[] only)
    {
        var cases = new List<(string Name, byte[][] Docs)>();
        foreach (var name in Inputs.RealFeeds.Keys) cases.Add((name, [Inputs.Real(name)]));
        cases.Add(("generated 10,000 feeds", Inputs.GeneratedSet()));
        var parsers = new (string Name, Func<byte[], int> Parse)[]
        {
            ("Inertia", Parsers.Inertia), ("Syndication", Parsers.Syndication), ("CodeHollow", Parsers.CodeHollow),
            ("XmlReader", ReadAll), ("Tokenizer", Tokenize),
        };
        // Arguments name parsers, or inputs as in:PREFIX (e.g. in:dcrainmaker, in:generated).
        var inputs = only.Where(a => a.StartsWith("in:", StringComparison.Ordinal)).Select(a => a[3..]).ToArray();
        only = only.Where(a => !a.StartsWith("in:", StringComparison.Ordinal)).ToArray();
        if (only.Length > 0) parsers = parsers.Where(p => only.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (inputs.Length > 0) cases = cases.Where(c => inputs.Any(i => c.Name.StartsWith(i, StringComparison.OrdinalIgnoreCase))).ToList();
        // Every parser on every input first, so that tiered JIT compilation (background threads, counted in the process's
        // CPU time) is over before the first input is measured.
        foreach (var (_, docs) in cases)
            foreach (var p in parsers)
            {
                var warm = Stopwatch.StartNew();
                while (warm.ElapsedMilliseconds < 300) foreach (var d in docs.Take(500)) p.Parse(d);
            }
        Thread.Sleep(500);
        Console.WriteLine($"{"input",-28} {"parser",-12} {"CPU ms",10} {"MB/s",8} {"alloc/MB",9}  vs Inertia");
        foreach (var (name, docs) in cases)
        {
            var bytes = docs.Sum(d => (long)d.Length);
            // Enough repetitions per sample for ≥ ~20 ms of work.
            var reps = Math.Max(1, (int)(32_000_000 / bytes));
            var samples = parsers.Select(_ => new List<double>()).ToArray();
            var alloc = new long[parsers.Length];
            var gcShare = new double[parsers.Length];
            var gcCounts = new string[parsers.Length];
            for (var round = -2; round < rounds; round++) // two warm-up rounds
            {
                for (var p = 0; p < parsers.Length; p++)
                {
                    var a0 = GC.GetAllocatedBytesForCurrentThread();
                    var pause0 = GC.GetTotalPauseDuration();
                    int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    for (var r = 0; r < reps; r++) foreach (var d in docs) parsers[p].Parse(d);
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
                    if (round < 0) continue;
                    samples[p].Add(cpu.TotalMilliseconds / reps);
                    alloc[p] = (GC.GetAllocatedBytesForCurrentThread() - a0) / reps;
                    gcShare[p] = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds / cpu.TotalMilliseconds;
                    gcCounts[p] = $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";
                }
            }
            var medians = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
            for (var p = 0; p < parsers.Length; p++)
                Console.WriteLine($"{name,-28} {parsers[p].Name,-12} {medians[p],10:F2} {bytes / 1e3 / medians[p],8:F1} {alloc[p] / (bytes / 1e6) / 1e6,8:F1}M  {medians[p] / medians[0],6:F2}×  GC {gcShare[p],4:P0} of the time, gen0/1/2 {gcCounts[p]}");
        }
    }
}
