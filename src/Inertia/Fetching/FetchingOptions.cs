namespace Inertia.Fetching;

/// <summary>
/// Bound from the "Fetching" configuration section (env: Fetching__MaxBodyBytes, Fetching__AllowedNetworks__0, …).
/// TimeSpans use "hh:mm:ss".
/// </summary>
public sealed class FetchingOptions
{
    public const string Section = "Fetching";

    /// <summary>Largest response body accepted, counted after decompression (so compression bombs stop too).</summary>
    public long MaxBodyBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Whole request including redirects and body; a slow-drip server is cut off here.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxRedirects { get; set; } = 10;

    /// <summary>
    /// CIDR ranges exempt from the SSRF guard (e.g. "10.0.0.0/8" for an intranet, "127.0.0.0/8" in tests).
    /// Empty: no loopback, private, link-local, CGNAT, multicast or reserved address is ever contacted.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Named in the User-Agent ("Inertia/0.1.0 (+URL)") so publishers can find out who we are.</summary>
    public string? ProjectUrl { get; set; }

    /// <summary>Public base URL of this installation (WebSub callbacks); null when not reachable from outside.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Runs the background refresh scheduler; off for CLI commands and some tests.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler asks the database for due feeds when the last batch was not full.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Global limit: feeds refreshed at the same time.</summary>
    public int Workers { get; set; } = 16;

    /// <summary>Parallel requests to one host (host:port).</summary>
    public int PerHostLimit { get; set; } = 2;

    /// <summary>Feeds claimed per database round trip.</summary>
    public int ClaimBatchSize { get; set; } = 200;

    /// <summary>A claimed feed is not claimed again (by this or another node) for this long.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Bounds of the adaptive check interval.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Interval for a feed whose entries carry no dates.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest wait a server's Retry-After can impose.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromDays(7);
}
