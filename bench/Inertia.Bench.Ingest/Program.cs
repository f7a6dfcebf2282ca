using System.Diagnostics;
using Inertia.Bench.Ingest;
using Inertia.Html;
using Inertia.Feeds;
using Inertia.Feeds.Model;
using Inertia.Fetching;
using Inertia.Storage;
using Inertia.Storage.Search;

// Per-stage CPU of the ingest path, one thread, on feed files (a load-harness farm or the shared corpus):
//   dotnet bench/Inertia.Bench.Ingest/bin/Release/net10.0/Inertia.Bench.Ingest.dll DIR [--rounds 3] [--diff 5]
// Each stage runs over every entry once to warm up (and count allocations), then --rounds times; the best round counts.
// --diff N prints N entries where the streaming sanitizer's output differs from the DOM-based one's.
var dir = args[0];
var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);
var diffs = args.SkipWhile(a => a != "--diff").Skip(1).Select(int.Parse).FirstOrDefault(0);

var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
    .Where(f => Path.GetExtension(f) is ".xml" or ".rss" or ".atom" or ".json" or ".rdf").Order().Select(f => (Path: f, Bytes: File.ReadAllBytes(f))).ToList();
var feeds = new List<(string Url, ParsedFeed Feed)>();
var parse = Time(() => { feeds.Clear(); foreach (var f in files) feeds.Add(("https://" + Path.GetFileName(f.Path) + ".example/feed", Parse(f.Bytes))); });
var entries = feeds.SelectMany(f => f.Feed.Entries.Select(e => (f.Url, Entry: e))).ToList();
Console.WriteLine($"{files.Count} files, {files.Sum(f => f.Bytes.Length) / 1e6:0.0} MB, {entries.Count} entries, load {File.ReadAllText("/proc/loadavg")[..14]}");
if (entries.Count == 0) return;

var cleaner = new HtmlCleaner();
var legacy = new LegacyCleaner();
var cleaned = new (string? Summary, string? Content)[entries.Count];
var rows = new EntryRow[entries.Count];
var now = DateTimeOffset.UtcNow;
var stages = new (string Name, Action Run)[]
{
    ("parse (per entry, whole feeds)", () => { foreach (var f in files) Parse(f.Bytes); }),
    ("source hash", () => { foreach (var (url, e) in entries) EntrySource.Hash(e, url); }),
    ("sanitize, DOM (HtmlSanitizer)", () => { foreach (var (url, e) in entries) { var c = legacy.Clean(e.Content, url); if (e.Summary != e.Content) legacy.Clean(e.Summary, url); } }),
    ("sanitize, streaming", () => { for (var i = 0; i < entries.Count; i++) { var (url, e) = entries[i]; var c = cleaner.Clean(e.Content, url); cleaned[i] = (e.Summary == e.Content ? c : cleaner.Clean(e.Summary, url), c); } }),
    ("row + list snippet", () => { for (var i = 0; i < entries.Count; i++) rows[i] = EntryRow.From(Data(entries[i].Entry, cleaned[i]), now); foreach (var r in rows) _ = r.Snippet; }),
    ("row JSON (upsert parameter)", () => { for (var i = 0; i < rows.Length; i += 50) EntryRow.ToJson(rows.Skip(i).Take(50)); }),
    ("search document (plain text + tokens)", () => { foreach (var r in rows) SearchDocument.From(r.Title, r.Author, r.Summary, r.Content); }),
};
Console.WriteLine("| stage | CPU µs per entry | KB allocated per entry |\n|---|---|---|");
foreach (var (name, run) in stages)
{
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    run();
    allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
    var best = Enumerable.Range(0, rounds).Min(_ => Time(run));
    Console.WriteLine($"| {name} | {best.TotalMicroseconds / entries.Count:0.0} | {allocated / 1024.0 / entries.Count:0.0} |");
}

if (diffs > 0)
{
    var differing = 0;
    foreach (var (url, e) in entries)
    {
        var (a, b) = (legacy.Clean(e.Content, url), cleaner.Clean(e.Content, url));
        if (a == b) continue;
        if (differing++ < diffs) Console.WriteLine($"--- differs ({url})\nDOM:       {Cut(a)}\nstreaming: {Cut(b)}");
    }
    Console.WriteLine($"{differing} of {entries.Count} contents differ");
}

static ParsedFeed Parse(byte[] bytes) => FeedParser.Parse(bytes, new FeedParseOptions { DocumentUrl = "https://example.org/feed" });

static EntryData Data(ParsedEntry e, (string? Summary, string? Content) c) => new(
    e.Key, e.Id, e.Url, e.Title, e.Author, c.Summary, c.Content, e.Published, e.Updated, e.Categories, e.Enclosures, e.CommentsUrl, e.ImageUrl);

// Thread CPU would be better, but one thread on an otherwise idle core makes process CPU the same figure.
static TimeSpan Time(Action run)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    run();
    return Process.GetCurrentProcess().TotalProcessorTime - cpu;
}

static string Cut(string? s) => s is null ? "(null)" : s.Length <= 400 ? s : s[..400] + "…";
