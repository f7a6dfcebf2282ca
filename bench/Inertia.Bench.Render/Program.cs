using Inertia.Reader.Pages.Shared.Components.Sidebar;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Inertia.Accounts;
using Inertia.Bench.Render;
using Inertia.Hosting;
using Inertia.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Render-time harness (issue 6: a reader page renders in ≤ 20 ms at p95 on the 1,000,000-entry dataset).
// See docs/benchmarks.md, section "Web reader".
//   dotnet run -c Release --project bench/Inertia.Bench.Render -- --db FILE.db [--user bench1] [--runs 200] [--warmup 20]
// FILE.db is a database made by bench/Inertia.Bench.Storage (--loader bulk --reuse FILE.db). The harness writes to it
// only what signing in needs (the user's password hash, a session, data-protection keys) and nothing when entries are
// opened: it picks entries already read, or marks the ones it opened unread again at the end. Background work that
// would change the data (fetching, retention, icons, indexing, seeding) does not run.
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var db = Path.GetFullPath(options.GetValueOrDefault("db") ?? throw new ArgumentException("--db FILE.db is required"));
if (!File.Exists(db)) throw new FileNotFoundException("No such database", db);
var username = options.GetValueOrDefault("user", "bench1");
var runs = int.Parse(options.GetValueOrDefault("runs", "200"));
var warmup = int.Parse(options.GetValueOrDefault("warmup", "20"));
const string password = "render-bench-password";

var clock = new ServerClock();
var app = InertiaHost.Build(
[
    "--urls=http://127.0.0.1:0",
    "--Storage:Provider=Sqlite",
    $"--Storage:ConnectionString=Data Source={db}",
    "--Storage:Retention:Enabled=false",
    "--Fetching:SchedulerEnabled=false",
    "--Fetching:Icons:Enabled=false",
    "--Reader:SignInAttemptsPerMinute=1000",
    "--Logging:LogLevel:Default=Warning",
], builder =>
{
    builder.Services.AddSingleton<IStartupFilter>(clock);
    // Only requests: none of Inertia's background services (refresh, icons, maintenance, catalog seeding, workers)
    // runs, so the dataset stays as it is and the timings carry no background work of ours.
    var inertia = typeof(InertiaHost).Assembly;
    foreach (var hosted in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
                 && (d.ImplementationType?.Assembly == inertia || d.ImplementationFactory?.Method.DeclaringType?.Assembly == inertia)).ToList())
        builder.Services.Remove(hosted);
});
await app.StartAsync();
var baseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

var users = app.Services.GetRequiredService<UserStore>();
var user = await users.FindByNameAsync(username) ?? throw new InvalidOperationException($"No user {username} in {db}");
await users.SetPasswordAsync(user.Id, Passwords.Hash(password));

// The pages: the category with the most feeds, the feed with the most unread, entries of the unread list.
var subscriptions = await app.Services.GetRequiredService<SubscriptionStore>().ListAsync(user.Id);
var category = subscriptions.Where(s => s.CategoryId is not null).GroupBy(s => s.CategoryId!.Value).OrderByDescending(g => g.Count()).First();
var feed = subscriptions.OrderByDescending(s => s.UnreadCount).First();
var entryStore = app.Services.GetRequiredService<EntryStore>();
var listed = await entryStore.ListAsync(user.Id, new EntryQuery(Filter: EntryFilter.All, Limit: 200));
var read = listed.Where(e => e.IsRead).Take(5).ToList();
var opened = read.Count > 0 ? read : listed.Take(5).ToList();
var reopenUnread = opened.Where(e => !e.IsRead).Select(e => e.Id).ToList();

using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUri };
http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
var signIn = await http.GetStringAsync("/signin");
var token = WebUtility.HtmlDecode(Regex.Match(signIn, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
using (var response = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
       { ["Username"] = username, ["Password"] = password, ["__RequestVerificationToken"] = token })))
    if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("signin") == true)
        throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");

var categoryPath = $"/reader/categories/{category.Key}";
var firstPage = await http.GetStringAsync(categoryPath);
var next = Regex.Match(firstPage, "href=\"([^\"]+)\" rel=\"next\"");
var pages = new List<(string Name, string Path)>
{
    ("unread, category (first page)", categoryPath),
    ("unread, all feeds", "/reader"),
    ("all entries", "/reader/all"),
    ("unread, one feed", $"/reader/feeds/{feed.FeedId}"),
    ("feed list (manage feeds)", "/reader/feeds"),
    // The floor: a signed-in request through the same pipeline to a page with no query and no sidebar.
    ("baseline: offline page", "/reader/offline"),
};
// A light reader's category may fit on one page.
if (next.Success) pages.Insert(1, ("unread, category (keyset page)", WebUtility.HtmlDecode(next.Groups[1].Value)));
pages.AddRange(opened.Select((e, i) => ($"entry #{i + 1}", $"/reader/entries/{e.Id}")));

await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
{
    var count = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM entries");
    Console.WriteLine($"database {db}: {count:N0} entries; user {username}: {subscriptions.Count} subscriptions, category {category.Key} " +
                      $"with {category.Count()} feeds; {Environment.ProcessorCount} cores, load {Load()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
}

var results = new List<(string Name, string Path, double[] Client, double[] Server, int Bytes, double CpuMs)>();
var process = Process.GetCurrentProcess();
foreach (var (name, path) in pages)
{
    var bytes = 0;
    for (var i = 0; i < warmup; i++) bytes = await GetAsync(path);
    clock.Timings.Clear();
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var client = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await GetAsync(path);
        client[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    process.Refresh();
    // CPU per request (server and client share this process): what the page costs, whatever else runs on the machine.
    var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / runs;
    var server = clock.Timings.Where(t => t.Path == path).Select(t => t.Ms).ToArray();
    results.Add((name, path, client, server, bytes, cpuMs));
    Console.WriteLine($"  {name,-32} server p50 {P(server, 50),6:0.0} p95 {P(server, 95),6:0.0} p99 {P(server, 99),6:0.0} ms | " +
                      $"client p95 {P(client, 95),6:0.0} ms | CPU {cpuMs,5:0.0} ms/request | {bytes / 1024.0:0} KB");
}

// Where a list page's time goes: the store calls it makes, timed alone. A sidebar of up to 200 feeds lists them all
// (subscriptions with unread counts); a larger one reads the category totals and the open category's feeds.
var subscriptionStore = app.Services.GetRequiredService<SubscriptionStore>();
var storeCalls = new (string Name, Func<Task> Call)[]
{
    ("sidebar: subscriptions with unread counts", () => subscriptionStore.ListAsync(user.Id)),
    ("sidebar: number of subscriptions", () => subscriptionStore.CountAsync(user.Id)),
    ("sidebar: category totals", () => subscriptionStore.CategoryTotalsAsync(user.Id)),
    ("sidebar: feeds of the open category", () => subscriptionStore.ListInCategoryAsync(user.Id, category.Key, SidebarViewComponent.MaxListed)),
    ("sidebar: categories", () => subscriptionStore.ListCategoriesAsync(user.Id)),
    ("sidebar: total unread", () => entryStore.CountUnreadAsync(user.Id)),
    ("list: unread of the category, 50", () => entryStore.ListAsync(user.Id, new EntryQuery(Filter: EntryFilter.Unread, CategoryId: category.Key))),
    ("list: unread of all feeds, 50", () => entryStore.ListAsync(user.Id, new EntryQuery(Filter: EntryFilter.Unread))),
};
var storeRows = new List<string>();
foreach (var (name, call) in storeCalls)
{
    for (var i = 0; i < warmup; i++) await call();
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    storeRows.Add($"| {name} | {runs} | {P(times, 50):0.0} ms | {P(times, 95):0.0} ms | {P(times, 99):0.0} ms | {Load()} |");
    Console.WriteLine($"  {name,-44} p50 {P(times, 50),6:0.0} p95 {P(times, 95),6:0.0} ms");
}

if (reopenUnread.Count > 0) await entryStore.SetReadAsync(user.Id, reopenUnread, false);
await app.StopAsync();
await app.DisposeAsync();

Console.WriteLine();
Console.WriteLine($"| page | path | runs | server p50 | server p95 | server p99 | client p95 | CPU/request | HTML | load |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var (name, path, client, server, bytes, cpuMs) in results)
    Console.WriteLine($"| {name} | `{Regex.Replace(path, "\\d{3,}", "…")}` | {runs} | {P(server, 50):0.0} ms | {P(server, 95):0.0} ms | " +
                      $"{P(server, 99):0.0} ms | {P(client, 95):0.0} ms | {cpuMs:0.0} ms | {bytes / 1024.0:0} KB | {Load()} |");
Console.WriteLine();
Console.WriteLine("| store call | runs | p50 | p95 | p99 | load |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var row in storeRows) Console.WriteLine(row);

async Task<int> GetAsync(string path)
{
    using var response = await http.GetAsync(path);
    var body = await response.Content.ReadAsByteArrayAsync();
    if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
    return body.Length;
}

static double P(double[] values, int percentile)
{
    if (values.Length == 0) return double.NaN;
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
