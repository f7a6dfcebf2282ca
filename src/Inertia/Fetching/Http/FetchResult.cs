namespace Inertia.Fetching.Http;

/// <summary>A 2xx or 304 response, body fully read within the limits.</summary>
public sealed class FetchResult
{
    public required string RequestedUrl { get; init; }
    /// <summary>Where the redirects ended.</summary>
    public required string FinalUrl { get; init; }
    /// <summary>
    /// Set when the resource moved permanently: the target of the leading run of 301/308 hops (a 302/307 on the way
    /// ends the run, because only the permanent part may replace the stored URL).
    /// </summary>
    public string? PermanentUrl { get; init; }
    public int StatusCode { get; init; }
    public bool NotModified => StatusCode == 304;
    public byte[] Body { get; init; } = [];
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    /// <summary>Cache-Control max-age (absent with no-store/no-cache).</summary>
    public TimeSpan? MaxAge { get; init; }
    public DateTimeOffset? Expires { get; init; }
    /// <summary>The Link header(s), joined (WebSub hub discovery reads rel="hub" and rel="self" there).</summary>
    public string? Link { get; init; }
}
