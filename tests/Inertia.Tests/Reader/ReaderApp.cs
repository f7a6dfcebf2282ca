using System.Net;
using System.Text.RegularExpressions;
using Inertia.Hosting;
using Inertia.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Inertia.Tests.Reader;

/// <summary>
/// The real Inertia app (InertiaHost.Build) on 127.0.0.1 and a free port with a fresh SQLite database in a temporary
/// folder; users are created through the real UserStore with the real password hasher.
/// </summary>
public sealed partial class ReaderApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private ReaderApp(WebApplication app, Uri baseUri, string dataDirectory)
    {
        _app = app;
        BaseUri = baseUri;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseUri { get; }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<ReaderApp> StartAsync(params string[] settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("inertia-reader-").FullName;
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Storage:Provider=Sqlite",
            $"--Storage:DataDirectory={dataDirectory}",
            "--Fetching:AllowedNetworks:0=127.0.0.0/8",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = InertiaHost.Build(args);
        await app.Services.GetRequiredService<Database>().MigrateAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReaderApp(app, new Uri(address + "/"), dataDirectory);
    }

    public async Task<long> CreateUserAsync(string username, string password)
    {
        var hash = new PasswordHasher<UserRecord>().HashPassword(null!, password);
        return await Get<UserStore>().CreateAsync(username, hash, isAdmin: false);
    }

    /// <summary>A feed with entries (content as stored: already sanitized), followed by the given users.</summary>
    public async Task<(long FeedId, IReadOnlyList<long> EntryIds)> SeedFeedAsync(string title, IReadOnlyList<EntryData> entries, params long[] subscribers)
    {
        var feeds = Get<FeedStore>();
        // A closed loopback port: the background scheduler's attempts fail fast and change nothing we assert on.
        var feed = await feeds.GetOrCreateAsync($"http://127.0.0.1:9/{Guid.NewGuid():N}.xml");
        var now = DateTimeOffset.UtcNow;
        await feeds.RecordSuccessAsync(feed.Id, new FeedMetadata(title, "https://example.org/", null, "en", null, null), null, null, now, now.AddDays(1));
        foreach (var user in subscribers) await Get<SubscriptionStore>().SubscribeAsync(user, feed.Id, null, null);
        await Get<EntryStore>().UpsertAsync(feed.Id, entries, now);
        var ids = new List<long>();
        foreach (var user in subscribers.Take(1))
            ids.AddRange((await Get<EntryStore>().ListAsync(user, new EntryQuery(FeedId: feed.Id, Limit: 500))).Select(e => e.Id));
        return (feed.Id, ids);
    }

    public static EntryData Entry(string key, string title, string content, DateTimeOffset published, string? url = null) =>
        new(key, key, url ?? $"https://example.org/{key}", title, "Ada", null, content, published, null, [], [], null, null);

    public ReaderClient Client(string? acceptLanguage = "en") => new(BaseUri, acceptLanguage);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { /* best effort */ }
    }
}

/// <summary>A browser-like HTTP client: cookies kept, redirects visible, antiforgery tokens read from forms.</summary>
public sealed partial class ReaderClient : IDisposable
{
    private readonly HttpClient _http;

    public ReaderClient(Uri baseUri, string? acceptLanguage)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUri,
        };
        if (acceptLanguage is not null) _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
    }

    public CookieContainer Cookies { get; } = new();

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<string> GetHtmlAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The antiforgery token of the first form on the page (which also sets the antiforgery cookie).</summary>
    public async Task<string> TokenFromAsync(string path) => Token(await GetHtmlAsync(path));

    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form, string? token, bool json = false)
    {
        var fields = form.ToList();
        if (token is not null) fields.Add(new("__RequestVerificationToken", token));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (json) request.Headers.Accept.ParseAdd("application/json");
        return _http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SignInAsync(string username, string password, string? returnUrl = null)
    {
        var token = await TokenFromAsync("/signin");
        var form = new Dictionary<string, string> { ["Username"] = username, ["Password"] = password };
        if (returnUrl is not null) form["ReturnUrl"] = returnUrl;
        return await PostAsync("/signin", form, token);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
