namespace Inertia.Fetching.Discovery;

/// <summary>
/// Sites whose feeds live at predictable addresses the pages do not always advertise: YouTube channels and
/// playlists, GitHub repositories and users. Pure URL mapping, no network.
/// </summary>
public static class KnownSites
{
    const string YouTubeFeed = "https://www.youtube.com/feeds/videos.xml";

    // First path segments of github.com that are site pages, not users or organisations.
    static readonly HashSet<string> GitHubReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "apps", "collections", "contact", "customer-stories", "enterprise", "events", "explore", "features",
        "issues", "join", "login", "marketplace", "new", "notifications", "orgs", "organizations", "pricing", "pulls",
        "readme", "search", "security", "settings", "site", "sponsors", "team", "topics", "trending",
    };

    /// <summary>The feeds for a known site's URL; empty when the URL is not one of them.</summary>
    public static IReadOnlyList<FeedCandidate> Map(Uri url)
    {
        var host = url.Host.ToLowerInvariant();
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return host switch
        {
            "youtube.com" or "www.youtube.com" or "m.youtube.com" => YouTube(url, segments),
            "github.com" or "www.github.com" => GitHub(segments),
            _ => [],
        };
    }

    static IReadOnlyList<FeedCandidate> YouTube(Uri url, string[] segments)
    {
        var list = QueryValue(url, "list");
        if (segments is ["channel", var channel, ..] && channel.StartsWith("UC", StringComparison.Ordinal))
            return [new($"{YouTubeFeed}?channel_id={Uri.EscapeDataString(channel)}", "YouTube channel", "atom")];
        if (segments is ["playlist"] or ["watch"] && !string.IsNullOrEmpty(list))
            return [new($"{YouTubeFeed}?playlist_id={Uri.EscapeDataString(list)}", "YouTube playlist", "atom")];
        if (segments is ["user", var user, ..])
            return [new($"{YouTubeFeed}?user={Uri.EscapeDataString(user)}", "YouTube user", "atom")];
        // @handles and /c/ names need the page, which advertises the channel feed itself.
        return [];
    }

    static IReadOnlyList<FeedCandidate> GitHub(string[] segments)
    {
        if (segments.Length == 0 || GitHubReserved.Contains(segments[0]) || segments.Any(s => s.EndsWith(".atom", StringComparison.OrdinalIgnoreCase)))
            return [];
        var owner = Uri.EscapeDataString(segments[0]);
        if (segments.Length == 1)
            return [new($"https://github.com/{owner}.atom", $"{segments[0]} activity", "atom")];

        var repo = segments[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segments[1][..^4] : segments[1];
        var name = $"{segments[0]}/{repo}";
        var root = $"https://github.com/{owner}/{Uri.EscapeDataString(repo)}";
        return
        [
            new($"{root}/releases.atom", $"{name} releases", "atom"),
            new($"{root}/tags.atom", $"{name} tags", "atom"),
            new($"{root}/commits.atom", $"{name} commits", "atom"),
        ];
    }

    static string? QueryValue(Uri url, string name)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair[..eq] == name) return Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }
        return null;
    }
}
