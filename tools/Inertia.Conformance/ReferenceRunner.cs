using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Inertia.Feeds;

namespace Inertia.Conformance;

/// <summary>
/// Field agreement with a reference parse (python feedparser) of real-world feeds: feed title and link, and each reference
/// entry's title, link, id and published time. A field the reference leaves empty is only counted when Inertia fills it
/// (a disagreement); a field Inertia leaves empty where the reference has one is a disagreement too.
/// </summary>
public static partial class ReferenceRunner
{
    public sealed record Report(ChecksRunner.Tally Overall, SortedDictionary<string, ChecksRunner.Tally> ByField, List<string> Disagreements);

    public static Report Run(string referenceFile, string root)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(referenceFile));
        var overall = new ChecksRunner.Tally();
        var byField = new SortedDictionary<string, ChecksRunner.Tally>(StringComparer.Ordinal);
        var disagreements = new List<string>();
        foreach (var feed in doc.RootElement.GetProperty("feeds").EnumerateArray())
        {
            var id = feed.GetProperty("id").GetString()!;
            var file = Path.Combine(root, id);
            if (!File.Exists(file)) { disagreements.Add($"{id}: file missing"); continue; }
            var parsed = FeedParser.Parse(File.ReadAllBytes(file));
            var view = FeedparserView.Build(parsed);
            var feedView = (Dictionary<string, object?>)view["feed"]!;
            void Compare(string field, JsonElement expected, object? actual, bool isDate = false)
            {
                JsonElement? exp = expected.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : expected;
                if (exp is null && actual is null) return;
                bool same;
                if (exp is null || actual is null) same = false;
                else if (isDate) same = actual is List<object?> l && l.Take(6).Select(Convert.ToInt64).SequenceEqual(exp.Value.EnumerateArray().Take(6).Select(e => e.GetInt64()));
                else same = Normalize(exp.Value.GetString() ?? "") == Normalize(actual as string ?? "");
                if (!byField.TryGetValue(field, out var t)) byField[field] = t = new ChecksRunner.Tally();
                if (same) { t.Passed++; overall.Passed++; }
                else
                {
                    t.Failed++; overall.Failed++;
                    disagreements.Add($"{id}: {field}: reference {(exp is null ? "null" : exp.Value.ToString())}, inertia {Show(actual)}");
                }
            }
            Compare("feed title", feed.GetProperty("feed_title"), feedView.GetValueOrDefault("title"));
            Compare("feed link", feed.GetProperty("feed_link"), feedView.GetValueOrDefault("link"));
            var entries = (List<object?>)view["entries"]!;
            var i = 0;
            foreach (var re in feed.GetProperty("entries").EnumerateArray())
            {
                var ours = i < entries.Count ? (Dictionary<string, object?>)entries[i]! : new Dictionary<string, object?>();
                Compare("entry title", re.GetProperty("title"), ours.GetValueOrDefault("title"));
                Compare("entry link", re.GetProperty("link"), ours.GetValueOrDefault("link"));
                Compare("entry id", re.GetProperty("id"), ours.GetValueOrDefault("id"));
                Compare("entry published", re.GetProperty("published_parsed"), ours.GetValueOrDefault("published_parsed"), isDate: true);
                i++;
            }
        }
        return new Report(overall, byField, disagreements);
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        List<object?> l => "[" + string.Join(", ", l) + "]",
        _ => v.ToString() ?? "",
    };

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Text as a reader sees it: markup dropped, entities decoded, whitespace collapsed.</summary>
    private static string Normalize(string s) => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(s, "")), " ").Trim();
}
