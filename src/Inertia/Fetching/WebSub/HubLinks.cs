using Inertia.Feeds.Model;

namespace Inertia.Fetching.WebSub;

/// <summary>Where to subscribe (hub) and to what (topic), as a feed advertises them.</summary>
public sealed record HubLinks(string Hub, string Topic)
{
    /// <summary>
    /// WebSub discovery: the HTTP Link header first, then the document's own links (atom:link rel="hub"/"self", JSON
    /// Feed hubs). The topic is the self URL — the one the publisher pings the hub about — else the URL fetched.
    /// Null when no http(s) hub is advertised.
    /// </summary>
    public static HubLinks? Find(ParsedFeed parsed, string? linkHeader, string documentUrl)
    {
        var header = LinkHeader.Parse(linkHeader, documentUrl);
        var hub = header.FirstOrDefault(l => l.Rels.Contains("hub")).Url
            ?? parsed.Links.FirstOrDefault(l => l.Rel == "hub")?.Href ?? parsed.HubUrl;
        if (WebUrl(hub) is not { } hubUrl) return null;
        var topic = header.FirstOrDefault(l => l.Rels.Contains("self")).Url
            ?? parsed.Links.FirstOrDefault(l => l.Rel == "self")?.Href ?? parsed.FeedUrl;
        return new HubLinks(hubUrl, WebUrl(topic) ?? documentUrl);
    }

    static string? WebUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;
}
