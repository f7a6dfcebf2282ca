using BenchmarkDotNet.Running;
using Inertia.Bench.Feeds;

if (args.Length > 0 && args[0] == "--quick")
{
    var rounds = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 15;
    Quick.Run(rounds, args.Skip(2).ToArray());
    return;
}
if (args.Length > 0 && args[0] == "--html")
{
    HtmlBodies.Run(args.Length > 1 ? double.Parse(args[1]) : 3, args.Contains("each"));
    return;
}
if (args.Length > 0 && args[0] == "--loop")
{
    // `--loop INPUT SECONDS`: Inertia alone on one input (a name prefix, or "generated") for a profiler to attach to.
    var name = args.Length > 1 ? args[1] : "generated";
    var docs = name == "generated" ? Inputs.GeneratedSet() : [Inputs.Real(Inputs.RealFeeds.Keys.First(k => k.StartsWith(name, StringComparison.OrdinalIgnoreCase)))];
    var until = DateTime.UtcNow.AddSeconds(args.Length > 2 ? double.Parse(args[2]) : 20);
    var parses = 0;
    while (DateTime.UtcNow < until) foreach (var d in docs) { Parsers.Inertia(d); parses++; }
    Console.WriteLine($"{parses} parses");
    var gc = GC.GetGCMemoryInfo(GCKind.Ephemeral);
    Console.WriteLine($"last ephemeral GC: gen{gc.Generation}, promoted {gc.PromotedBytes / 1024} KB, pause {gc.PauseDurations[0].TotalMilliseconds:F2} ms, heap {gc.HeapSizeBytes / 1024} KB, gen0 count {GC.CollectionCount(0)}, total pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
    foreach (var g in gc.GenerationInfo) Console.WriteLine($"  size before {g.SizeBeforeBytes / 1024} KB after {g.SizeAfterBytes / 1024} KB");
    return;
}
// `--loop INPUT SECONDS` parses one input in a loop (for a profiler);
// `--quick [rounds] [parser…]` runs the Stopwatch harness (Quick.cs); `--html [seconds] [each]` times URL resolution in large bodies (HtmlBodies.cs);
// `--sizes` prints the input sizes needed to turn mean times into MB/s; anything else goes to BenchmarkDotNet.
if (args.Contains("--sizes"))
{
    foreach (var name in Inputs.RealFeeds.Keys) Console.WriteLine($"{name}: {Inputs.Real(name).Length} bytes");
    var set = Inputs.GeneratedSet();
    Console.WriteLine($"generated set: {set.Length} feeds, {set.Sum(f => (long)f.Length)} bytes");
    foreach (var (name, parse) in new (string, Func<byte[], int>)[] { ("Inertia", Parsers.Inertia), ("Syndication", Parsers.Syndication), ("CodeHollow", Parsers.CodeHollow) })
        foreach (var feed in Inputs.RealFeeds.Keys)
        {
            try { Console.WriteLine($"{name} reads {parse(Inputs.Real(feed))} entries from {feed}"); }
            catch (Exception e) { Console.WriteLine($"{name} fails on {feed}: {e.GetType().Name}: {e.Message}"); }
        }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(LargeFeedBenchmarks).Assembly).Run(args);
