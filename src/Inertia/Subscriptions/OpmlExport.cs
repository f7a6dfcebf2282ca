using Inertia.Feeds.Opml;
using Inertia.Storage;

namespace Inertia.Subscriptions;

/// <summary>A user's subscriptions as OPML 2.0: one folder per category, uncategorized feeds at the top level.</summary>
public sealed class OpmlExport(SubscriptionStore subscriptions)
{
    public async Task<OpmlDocument> BuildAsync(long userId, string username, CancellationToken ct = default)
    {
        var document = new OpmlDocument
        {
            Title = $"Inertia subscriptions of {username}",
            OwnerName = username,
            DateCreated = DateTimeOffset.UtcNow,
        };
        var list = await subscriptions.ListAsync(userId, ct);
        foreach (var group in list.GroupBy(s => s.CategoryName).OrderBy(g => g.Key is null ? 0 : 1).ThenBy(g => g.Key, StringComparer.CurrentCultureIgnoreCase))
        {
            var feeds = group.Select(s => new OpmlOutline { Text = s.Title, Title = s.Title, Type = "rss", XmlUrl = s.FeedUrl, HtmlUrl = s.SiteUrl });
            if (group.Key is null)
            {
                document.Outlines.AddRange(feeds);
                continue;
            }
            var folder = new OpmlOutline { Text = group.Key, Title = group.Key };
            folder.Children.AddRange(feeds);
            document.Outlines.Add(folder);
        }
        return document;
    }
}
