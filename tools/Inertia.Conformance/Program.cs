using System.Text.Json;
using Inertia.Conformance;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

var checks = Arg("--checks");
var root = Arg("--root");
var report = Arg("--report");
var reference = Arg("--reference");
var charsets = Arg("--charsets");
var smoke = Arg("--smoke");
if (checks is null && reference is null && charsets is null && smoke is null)
{
    Console.Error.WriteLine("""
        usage: Inertia.Conformance [--checks FILE --root DIR [--report OUT.json]] [--reference FILE --root DIR]
                                   [--charsets DIR] [--smoke DIR] [--write-baseline FILE]
        """);
    return 2;
}

ChecksRunner.Report? checksReport = null;
ReferenceRunner.Report? referenceReport = null;
CharsetRunner.Report? charsetReport = null;
string? finalLine = null; // the checks' "N passed, M failed" line closes the output
var jsonReport = new Dictionary<string, object?>();
var exit = 0;
if (checks is not null)
{
    var r = checksReport = ChecksRunner.Run(checks, root ?? Path.GetDirectoryName(Path.GetFullPath(checks))!);
    Console.WriteLine("feedparser checks by suite:");
    foreach (var (k, t) in r.BySuite) Console.WriteLine($"  {k,-14} {t}");
    Console.WriteLine("by folder:");
    foreach (var (k, t) in r.ByGroup) Console.WriteLine($"  {k,-14} {t}");
    Console.WriteLine($"overall: {r.Overall}");
    // The sanitize folder tests feedparser's HTML sanitizer policy, which Inertia.Html's (applied by FeedparserView)
    // follows only where it is safe and useful: the figure without it is the parser's own.
    var sanitize = r.ByGroup.GetValueOrDefault("sanitize") ?? new ChecksRunner.Tally();
    Console.WriteLine($"overall without the sanitize folder (feedparser's sanitizer policy): "
                      + $"{r.Overall.Passed - sanitize.Passed}/{r.Overall.Total - sanitize.Total} "
                      + $"({(double)(r.Overall.Passed - sanitize.Passed) / Math.Max(1, r.Overall.Total - sanitize.Total):P1})");
    jsonReport["checks"] = new
    {
        overall = new { r.Overall.Passed, r.Overall.Failed },
        bySuite = r.BySuite.ToDictionary(kv => kv.Key, kv => new { kv.Value.Passed, kv.Value.Failed }),
        byFolder = r.ByGroup.ToDictionary(kv => kv.Key, kv => new { kv.Value.Passed, kv.Value.Failed }),
        failures = r.Results.Where(x => !x.Passed).Select(x => new { x.Id, x.Failures }),
    };
    if (r.Overall.Failed > 0) exit = 1;
    finalLine = $"{r.Overall.Passed} passed, {r.Overall.Failed} failed";
}
if (reference is not null)
{
    var r = referenceReport = ReferenceRunner.Run(reference, root ?? Path.GetDirectoryName(Path.GetFullPath(reference))!);
    Console.WriteLine("real-world field agreement with the reference:");
    foreach (var (k, t) in r.ByField) Console.WriteLine($"  {k,-14} {t}");
    Console.WriteLine($"  {"all fields",-14} {r.Overall}");
    jsonReport["reference"] = new
    {
        overall = new { r.Overall.Passed, r.Overall.Failed },
        byField = r.ByField.ToDictionary(kv => kv.Key, kv => new { kv.Value.Passed, kv.Value.Failed }),
        disagreements = r.Disagreements,
    };
}
if (charsets is not null)
{
    var r = charsetReport = CharsetRunner.Run(charsets);
    Console.WriteLine($"chardet feeds decoded as their folder's charset: {r.Tally}");
    foreach (var m in r.Mismatches) Console.WriteLine("  " + m);
    jsonReport["charsets"] = new { r.Tally.Passed, r.Tally.Failed, r.Mismatches };
}
if (smoke is not null)
{
    var r = SmokeRunner.Run(smoke);
    Console.WriteLine($"smoke: {r.Files} files, {r.Crashes.Count} crashes, {r.Hangs.Count} hangs (> 30 s), {r.Slow.Count} slow (> 2 s), "
                      + $"slowest {r.SlowestMs:F0} ms ({r.SlowestFile}), peak allocation {r.MaxAllocatedBytes / 1024.0 / 1024.0:F1} MB ({r.MaxAllocatedFile})");
    foreach (var c in r.Crashes) Console.WriteLine("  crash: " + c);
    foreach (var h in r.Hangs) Console.WriteLine("  hang: " + h);
    foreach (var slow in r.Slow) Console.WriteLine("  slow: " + slow);
    jsonReport["smoke"] = r;
    if (r.Crashes.Count > 0 || r.Hangs.Count > 0) exit = 1;
}
// --write-baseline FILE: record the figures just measured as the new floor for the regression test.
if (Arg("--write-baseline") is { } baselineFile)
{
    var baseline = new Dictionary<string, object?>
    {
        ["note"] = "Lowest accepted conformance figures (passed counts), written by Inertia.Conformance --write-baseline. "
                   + "Raise them when the parser improves; never lower them to make a test pass.",
    };
    if (checksReport is not null)
        baseline["checks"] = new { overall = checksReport.Overall.Passed, byFolder = checksReport.ByGroup.ToDictionary(kv => kv.Key, kv => kv.Value.Passed) };
    if (referenceReport is not null)
        baseline["reference"] = new { agreeing = referenceReport.Overall.Passed, byField = referenceReport.ByField.ToDictionary(kv => kv.Key, kv => kv.Value.Passed) };
    if (charsetReport is not null) baseline["charsets"] = charsetReport.Tally.Passed;
    File.WriteAllText(baselineFile, JsonSerializer.Serialize(baseline, new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
if (report is not null)
    File.WriteAllText(report, JsonSerializer.Serialize(jsonReport, new JsonSerializerOptions { WriteIndented = true }));
if (finalLine is not null) Console.WriteLine(finalLine);
return exit;
