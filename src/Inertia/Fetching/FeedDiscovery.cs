using Inertia.Feeds;
using Inertia.Fetching.Discovery;
using Inertia.Fetching.Http;

namespace Inertia.Fetching;

/// <summary>A feed found for a URL the user typed. Format: rss, atom or json.</summary>
public sealed record FeedCandidate(string Url, string? Title, string Format);

/// <summary>Turns any URL (a feed, a site page, a YouTube/GitHub URL) into feed candidates to choose from.</summary>
public sealed class FeedDiscovery(HttpFetcher fetcher, ILogger<FeedDiscovery> logger)
{
    /// <summary>Tried, in this order, on the site's root when a page links to no feed.</summary>
    public static readonly string[] WellKnownPaths = ["/feed", "/rss", "/atom.xml", "/index.xml", "/feed.xml", "/rss.xml", "/feed/"];

    /// <summary>
    /// Returns the URL itself when it is a feed; else the feeds an HTML page links to; else feeds at well-known paths.
    /// Empty when nothing was found; throws <see cref="FetchException"/> with a user-readable message when the
    /// URL cannot be fetched at all.
    /// </summary>
    public async Task<IReadOnlyList<FeedCandidate>> DiscoverAsync(string url, CancellationToken ct = default)
    {
        var start = Normalize(url);
        var known = KnownSites.Map(start);
        if (known.Count > 0) return known;

        var page = await fetcher.FetchAsync(new FetchRequest(start.AbsoluteUri), ct);
        if (AsFeed(page, start.AbsoluteUri) is { } itself) return [itself];

        var linked = HtmlFeedLinks.Find(page.Body, page.FinalUrl);
        if (linked.Count > 0) return linked;

        return await ProbeAsync(new Uri(page.FinalUrl), ct);
    }

    async Task<IReadOnlyList<FeedCandidate>> ProbeAsync(Uri site, CancellationToken ct)
    {
        var found = new List<FeedCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in WellKnownPaths)
        {
            var probe = new Uri(site, path).AbsoluteUri;
            try
            {
                // One at a time: probing is a burst against one host the user has not subscribed to yet.
                var response = await fetcher.FetchAsync(new FetchRequest(probe), ct);
                // "/feed" and "/feed/" are often one feed: count each final address once.
                if (AsFeed(response, probe) is { } feed && seen.Add(response.FinalUrl) | seen.Add(feed.Url))
                    found.Add(feed);
            }
            catch (FetchException e)
            {
                logger.LogDebug("Probe {Url}: {Error}", probe, e.Message);
            }
        }
        return found;
    }

    /// <summary>
    /// The response as a candidate when it parses as a feed. The URL stays the one asked for unless it moved
    /// permanently, so a temporary redirect is not frozen into the subscription.
    /// </summary>
    static FeedCandidate? AsFeed(FetchResult response, string requestedUrl)
    {
        if (response.Body.Length == 0) return null;
        var parsed = FeedParser.Parse(response.Body, new FeedParseOptions { DocumentUrl = response.FinalUrl, ContentType = response.ContentType });
        if (parsed.Format == "unknown") return null;
        var family = parsed.Format.StartsWith("atom", StringComparison.Ordinal) ? "atom"
            : parsed.Format.StartsWith("json", StringComparison.Ordinal) ? "json" : "rss";
        return new FeedCandidate(response.PermanentUrl ?? requestedUrl, string.IsNullOrWhiteSpace(parsed.Title) ? null : parsed.Title.Trim(), family);
    }

    /// <summary>Accepts what people paste: "example.org", " https://example.org/ ", "feed://…".</summary>
    static Uri Normalize(string url)
    {
        var text = url.Trim();
        if (text.StartsWith("feed:", StringComparison.OrdinalIgnoreCase))
            text = text["feed:".Length..].TrimStart('/') is var rest && rest.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? rest : "https://" + rest;
        if (!text.Contains("://", StringComparison.Ordinal)) text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || string.IsNullOrEmpty(uri.Host))
            throw new FetchException($"not a web address: {url}");
        return uri;
    }
}
