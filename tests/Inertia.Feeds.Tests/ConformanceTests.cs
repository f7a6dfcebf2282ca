using System.Text.Json;
using Inertia.Conformance;

namespace Inertia.Feeds.Tests;

/// <summary>
/// Runs the conformance runner in-process over ../shared/corpus and fails when a figure drops below the level recorded in
/// conformance-baseline.json (raise the baseline when the parser improves).
/// </summary>
public class ConformanceTests
{
    private static readonly JsonElement Baseline =
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "conformance-baseline.json"))).RootElement;

    [Fact]
    public void Feedparser_checks_do_not_regress()
    {
        var report = ChecksRunner.Run(Path.Combine(Corpus.Root, "feedparser-checks.json"), Corpus.Root);
        var expected = Baseline.GetProperty("checks");
        var drops = new List<string>();
        if (report.Overall.Passed < expected.GetProperty("overall").GetInt32())
            drops.Add($"overall {report.Overall.Passed} < {expected.GetProperty("overall").GetInt32()}");
        foreach (var folder in expected.GetProperty("byFolder").EnumerateObject())
        {
            var got = report.ByGroup.TryGetValue(folder.Name, out var t) ? t.Passed : 0;
            if (got < folder.Value.GetInt32()) drops.Add($"{folder.Name} {got} < {folder.Value.GetInt32()}");
        }
        Assert.True(drops.Count == 0, "feedparser checks regressed: " + string.Join("; ", drops));
    }

    [Fact]
    public void Realworld_agreement_does_not_regress()
    {
        var report = ReferenceRunner.Run(Path.Combine(Corpus.Root, "realworld-reference.json"), Corpus.Root);
        var expected = Baseline.GetProperty("reference");
        Assert.True(report.Overall.Passed >= expected.GetProperty("agreeing").GetInt32(),
            $"real-world agreement {report.Overall.Passed} < {expected.GetProperty("agreeing").GetInt32()}");
        foreach (var field in expected.GetProperty("byField").EnumerateObject())
        {
            var got = report.ByField.TryGetValue(field.Name, out var t) ? t.Passed : 0;
            Assert.True(got >= field.Value.GetInt32(), $"{field.Name}: {got} < {field.Value.GetInt32()}");
        }
    }

    [Fact]
    public void Chardet_feeds_decode_as_their_charset()
    {
        var report = CharsetRunner.Run(Path.Combine(Corpus.Root, "chardet", "tests"));
        Assert.True(report.Tally.Passed >= Baseline.GetProperty("charsets").GetInt32(),
            $"{report.Tally} decoded correctly; mismatches: {string.Join("; ", report.Mismatches)}");
    }

    [Fact]
    public void Every_corpus_file_parses_without_crash_or_hang()
    {
        var report = SmokeRunner.Run(Corpus.Root);
        Assert.True(report.Files > 1000, "corpus looks incomplete");
        Assert.Empty(report.Crashes);
        Assert.Empty(report.Hangs);
    }
}
