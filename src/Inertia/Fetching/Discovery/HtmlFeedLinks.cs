using AngleSharp.Html.Parser;

namespace Inertia.Fetching.Discovery;

/// <summary>Feeds an HTML page advertises with &lt;link rel="alternate"&gt;, in the head or misplaced in the body.</summary>
public static class HtmlFeedLinks
{
    public static IReadOnlyList<FeedCandidate> Find(byte[] html, string pageUrl)
    {
        using var stream = new MemoryStream(html, writable: false);
        var document = new HtmlParser().ParseDocument(stream);
        var baseUri = new Uri(pageUrl);
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } baseHref && Uri.TryCreate(baseUri, baseHref.Trim(), out var declared))
            baseUri = declared;

        var found = new List<FeedCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in document.QuerySelectorAll("link[href][type]"))
        {
            var rel = (link.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!rel.Any(r => r.Equals("alternate", StringComparison.OrdinalIgnoreCase) || r.Equals("feed", StringComparison.OrdinalIgnoreCase)))
                continue;
            var href = link.GetAttribute("href")!.Trim();
            var title = link.GetAttribute("title")?.Trim();
            var format = FormatOf(link.GetAttribute("type")!, href, title);
            if (format is null || !Uri.TryCreate(baseUri, href, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
                continue;
            if (seen.Add(url.AbsoluteUri))
                found.Add(new FeedCandidate(url.AbsoluteUri, string.IsNullOrEmpty(title) ? null : title, format));
        }
        return found;
    }

    static string? FormatOf(string type, string href, string? title)
    {
        var mediaType = type.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/rss+xml" or "application/rdf+xml" => "rss",
            "application/atom+xml" => "atom",
            "application/feed+json" or "application/json+feed" => "json",
            // Plain JSON alternates are usually APIs (WordPress wp-json); only a feed-looking one counts.
            "application/json" when href.Contains("feed", StringComparison.OrdinalIgnoreCase)
                                  || (title?.Contains("feed", StringComparison.OrdinalIgnoreCase) ?? false) => "json",
            _ => null,
        };
    }
}
