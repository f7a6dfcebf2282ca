using BenchmarkDotNet.Running;
using Inertia.Bench.Feeds;

if (args.Length > 0 && args[0] == "--quick")
{
    var rounds = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 15;
    Quick.Run(rounds, args.Skip(2).ToArray());
    return;
}
// `--quick [rounds] [parser…]` runs the Stopwatch harness (Quick.cs);
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
