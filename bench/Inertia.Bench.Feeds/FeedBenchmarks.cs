using BenchmarkDotNet.Attributes;

namespace Inertia.Bench.Feeds;

/// <summary>One large real feed per case; MB/s = size / mean time (see docs/benchmarks.md).</summary>
[MemoryDiagnoser]
public class LargeFeedBenchmarks
{
    private byte[] _bytes = [];

    [ParamsSource(nameof(Feeds))]
    public string Feed { get; set; } = "";

    public static IEnumerable<string> Feeds => Inputs.RealFeeds.Keys;

    [GlobalSetup]
    public void Setup() => _bytes = Inputs.Real(Feed);

    [Benchmark(Baseline = true)] public int Inertia() => Parsers.Inertia(_bytes);
    [Benchmark] public int Syndication() => Parsers.Syndication(_bytes);
    [Benchmark] public int CodeHollow() => Parsers.CodeHollow(_bytes);
}

/// <summary>10,000 generated feeds parsed one after another (a refresh round).</summary>
[MemoryDiagnoser]
public class GeneratedSetBenchmarks
{
    private byte[][] _feeds = [];

    [GlobalSetup]
    public void Setup() => _feeds = Inputs.GeneratedSet();

    [Benchmark(Baseline = true)]
    public int Inertia() { var n = 0; foreach (var f in _feeds) n += Parsers.Inertia(f); return n; }

    [Benchmark]
    public int Syndication() { var n = 0; foreach (var f in _feeds) n += Parsers.Syndication(f); return n; }

    [Benchmark]
    public int CodeHollow() { var n = 0; foreach (var f in _feeds) n += Parsers.CodeHollow(f); return n; }
}
