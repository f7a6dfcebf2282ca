using Inertia.Storage;

namespace Inertia.Fetching.Http;

/// <summary>What to fetch, with the validators of the copy we already have and the feed's own overrides.</summary>
public sealed record FetchRequest(string Url)
{
    public string? ETag { get; init; }
    public string? LastModified { get; init; }

    /// <summary>Replaces Inertia's User-Agent for sites that block unknown readers.</summary>
    public string? UserAgent { get; init; }
    /// <summary>Sent as the Cookie header, only to the feed's own origin.</summary>
    public string? Cookie { get; init; }
    /// <summary>HTTP basic authentication, only to the feed's own origin.</summary>
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>For servers whose validators lie: no conditional headers, always a full response.</summary>
    public bool IgnoreHttpCache { get; init; }
    /// <summary>A smaller body limit than Fetching:MaxBodyBytes (icons).</summary>
    public long? MaxBodyBytes { get; init; }
    /// <summary>Replaces the feed-oriented Accept header (icons ask for images).</summary>
    public string? Accept { get; init; }
    /// <summary>http://, https:// or socks5:// proxy (user:password@ allowed); the SSRF guard checks the proxy's address.</summary>
    public string? ProxyUrl { get; init; }

    /// <summary>The request for a feed's refresh: its validators and every override its settings carry.</summary>
    public static FetchRequest For(FeedRecord feed) => new(feed.Url)
    {
        ETag = feed.Etag, LastModified = feed.LastModified,
        IgnoreHttpCache = feed.Settings.IgnoreHttpCache,
        UserAgent = feed.Settings.UserAgent, Cookie = feed.Settings.Cookie,
        Username = feed.Settings.Username, Password = feed.Settings.Password,
        ProxyUrl = feed.Settings.ProxyUrl,
    };

    // Records print every property; credentials must never reach a log line or an exception message this way.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Url = {Url}, ETag = {ETag}, LastModified = {LastModified}, UserAgent = {UserAgent}, ");
        builder.Append($"Cookie = {(Cookie is null ? "" : "***")}, Username = {Username}, Password = {(Password is null ? "" : "***")}, ");
        builder.Append($"IgnoreHttpCache = {IgnoreHttpCache}, ProxyUrl = {(ProxyUrl is null ? "" : "***")}, MaxBodyBytes = {MaxBodyBytes}, Accept = {Accept}");
        return true;
    }
}
