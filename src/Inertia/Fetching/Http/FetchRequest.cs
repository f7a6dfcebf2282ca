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
}
