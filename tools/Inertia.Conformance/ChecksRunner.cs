using System.Text;
using System.Text.Json;
using Inertia.Feeds;

namespace Inertia.Conformance;

/// <summary>Runs every test of a feedparser-checks file against Inertia's parse and tallies passes per suite and folder.</summary>
public static class ChecksRunner
{
    public sealed record TestResult(string Id, string Suite, string Group, bool Passed, List<string> Failures);

    public sealed class Tally
    {
        public int Passed { get; set; }
        public int Failed { get; set; }
        public int Total => Passed + Failed;
        public double Rate => Total == 0 ? 0 : (double)Passed / Total;
        public override string ToString() => $"{Passed}/{Total} ({Rate:P1})";
    }

    public sealed record Report(Tally Overall, SortedDictionary<string, Tally> BySuite, SortedDictionary<string, Tally> ByGroup, List<TestResult> Results);

    public static Report Run(string checksFile, string root)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(checksFile));
        var suites = doc.RootElement.GetProperty("suites");
        var results = new List<TestResult>();
        foreach (var test in doc.RootElement.GetProperty("tests").EnumerateArray())
            results.Add(RunOne(test, suites, root));

        var overall = new Tally();
        var bySuite = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var byGroup = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            foreach (var t in new[] { overall, Get(bySuite, r.Suite), Get(byGroup, r.Group) })
                if (r.Passed) t.Passed++; else t.Failed++;
        }
        return new Report(overall, bySuite, byGroup, results);
    }

    private static Tally Get(SortedDictionary<string, Tally> d, string key)
    {
        if (!d.TryGetValue(key, out var t)) d[key] = t = new Tally();
        return t;
    }

    /// <summary>Folder below tests/: wellformed/rss → "rss", entities → "entities", illformed/chardet → "illformed".</summary>
    public static string GroupOf(string path)
    {
        var parts = path.Split('/');
        var i = Array.IndexOf(parts, "tests");
        var rest = parts[(i + 1)..^1];
        if (rest.Length == 0) return "";
        return rest[0] == "wellformed" && rest.Length > 1 ? rest[1] : rest[0];
    }

    private static TestResult RunOne(JsonElement test, JsonElement suites, string root)
    {
        var id = test.GetProperty("id").GetString()!;
        var suite = test.GetProperty("suite").GetString()!;
        var path = test.GetProperty("path").GetString()!;
        var group = GroupOf(path);
        var failures = new List<string>();
        var status = test.TryGetProperty("status", out var st) ? st.GetString() : "supported";
        if (status == "unsupported")
        {
            // HTTP status/redirect behaviour: the fetcher's job, not the parser's. Counted as failed, never as passed.
            failures.Add("unsupported: HTTP status behaviour is outside the parser");
            return new TestResult(id, suite, group, false, failures);
        }
        var file = Path.Combine(root, test.GetProperty("corpus").GetString()!, path);
        if (!File.Exists(file))
        {
            failures.Add("file missing: " + file);
            return new TestResult(id, suite, group, false, failures);
        }
        var (bytes, options) = Input(test, File.ReadAllBytes(file));
        Dictionary<string, object?> view;
        try
        {
            var parsed = FeedParser.Parse(bytes, options);
            if (parsed.Warnings.FirstOrDefault(w => w.StartsWith(FeedParser.InternalErrorWarning, StringComparison.Ordinal)) is { } bug)
                throw new InvalidOperationException(bug);
            view = FeedparserView.Build(parsed, options.DocumentUrl);
        }
        catch (Exception e)
        {
            failures.Add("exception: " + e.GetType().Name + ": " + e.Message);
            return new TestResult(id, suite, group, false, failures);
        }
        var checks = test.GetProperty("checks").EnumerateArray().ToList();
        if (suites.TryGetProperty(suite, out var s) && s.TryGetProperty("implicit", out var implicitChecks))
            foreach (var ic in implicitChecks.EnumerateArray())
                if (!checks.Any(c => c.TryGetProperty("path", out var p) && p.GetString() == ic.GetProperty("path").GetString()))
                    checks.Add(WithSegments(ic));
        foreach (var check in checks)
        {
            var outcome = CheckEvaluator.Evaluate(view, check);
            if (!outcome.Passed) failures.Add(outcome.Detail ?? "failed");
        }
        return new TestResult(id, suite, group, failures.Count == 0, failures);
    }

    private static JsonElement WithSegments(JsonElement implicitCheck)
    {
        var path = implicitCheck.GetProperty("path").GetString()!;
        var json = JsonSerializer.Serialize(new { path, segments = path.Split('.'), op = implicitCheck.GetProperty("op").GetString() });
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>text: decoded (UTF-8) text handed over as such; bytes: raw; http: raw plus the recorded headers and URL.</summary>
    private static (byte[] Bytes, FeedParseOptions Options) Input(JsonElement test, byte[] raw)
    {
        var input = test.GetProperty("input").GetString();
        switch (input)
        {
            case "text":
                var text = new UTF8Encoding(false, false).GetString(raw);
                return (Encoding.UTF8.GetBytes(text), new FeedParseOptions { ContentType = "application/xml; charset=utf-8" });
            case "http":
                string? contentType = null, location = null, language = null;
                if (test.TryGetProperty("http_headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
                    foreach (var h in headers.EnumerateObject())
                    {
                        if (h.Name.Equals("Content-type", StringComparison.OrdinalIgnoreCase)) contentType = h.Value.GetString();
                        if (h.Name.Equals("Content-Location", StringComparison.OrdinalIgnoreCase)) location = h.Value.GetString();
                        if (h.Name.Equals("Content-Language", StringComparison.OrdinalIgnoreCase)) language = h.Value.GetString();
                    }
                var url = test.TryGetProperty("document_url", out var du) ? du.GetString() : null;
                if (location is not null && url is not null && Uri.TryCreate(new Uri(url), location, out var loc)) url = loc.AbsoluteUri;
                else if (location is not null) url = location;
                return (raw, new FeedParseOptions { ContentType = contentType, DocumentUrl = url, ContentLanguage = language });
            default:
                return (raw, new FeedParseOptions());
        }
    }
}
