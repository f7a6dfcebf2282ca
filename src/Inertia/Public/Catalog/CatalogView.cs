using Inertia.Storage;

namespace Inertia.Public.Catalog;

/// <summary>Filtering and picking from the catalog, in memory: a curated catalog is small.</summary>
public static class CatalogView
{
    /// <summary>Language filter values: "en", "zh" (any Chinese), or empty for all.</summary>
    public static bool MatchesLanguage(CatalogFeed feed, string? language) =>
        string.IsNullOrEmpty(language) || feed.Language.StartsWith(language, StringComparison.OrdinalIgnoreCase);

    /// <summary>Case-insensitive substring match on title, description, URL and site.</summary>
    public static bool MatchesSearch(CatalogFeed feed, string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return true;
        var q = query.Trim();
        return Contains(feed.Title, q) || Contains(feed.Description, q) || Contains(feed.FeedDescription, q) ||
               Contains(feed.Url, q) || Contains(feed.SiteUrl, q) || Contains(feed.Category, q);
    }

    /// <summary>Categories in first-seen order (the catalog is ordered by category already).</summary>
    public static IReadOnlyList<string> Categories(IEnumerable<CatalogFeed> feeds) =>
        feeds.Select(f => f.Category).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Most followed first, only feeds someone follows.</summary>
    public static IReadOnlyList<CatalogFeed> Popular(IEnumerable<CatalogFeed> feeds, int count) =>
        feeds.Where(f => f.Subscribers > 0).OrderByDescending(f => f.Subscribers).ThenBy(f => f.Title, StringComparer.Ordinal)
            .Take(count).ToList();

    /// <summary>
    /// A few feeds to show beside a page: popular ones first, then the first of each category in turn, so a
    /// fresh instance still shows a varied selection. <paramref name="preferCategory"/> goes first when given; within a
    /// category, feeds in <paramref name="preferLanguage"/> ("en", "zh") come first.
    /// </summary>
    public static IReadOnlyList<CatalogFeed> Highlights(
        IReadOnlyList<CatalogFeed> feeds, int count, string? preferCategory = null, long? excludeFeedId = null, string? preferLanguage = null)
    {
        if (preferLanguage is not null)
            feeds = feeds.OrderBy(f => MatchesLanguage(f, preferLanguage) ? 0 : 1).ToList(); // stable: curated order kept
        var picked = new List<CatalogFeed>(count);
        var ids = new HashSet<long>();
        void Take(IEnumerable<CatalogFeed> candidates)
        {
            foreach (var feed in candidates)
            {
                if (picked.Count >= count) return;
                if (excludeFeedId is { } ex && feed.FeedId == ex) continue;
                if (ids.Add(feed.Id)) picked.Add(feed);
            }
        }
        if (preferCategory is not null) Take(feeds.Where(f => f.Category == preferCategory));
        Take(Popular(feeds, count));
        // Round-robin over categories.
        var byCategory = feeds.GroupBy(f => f.Category).Select(g => g.ToList())
            .OrderBy(g => g.Min(f => f.Id)).ToList();
        for (var round = 0; picked.Count < count && byCategory.Any(g => g.Count > round); round++)
            Take(byCategory.Where(g => g.Count > round).Select(g => g[round]));
        return picked;
    }

    private static bool Contains(string? text, string query) =>
        text is not null && text.Contains(query, StringComparison.OrdinalIgnoreCase);
}
