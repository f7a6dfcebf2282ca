using Inertia.Fetching;
using Inertia.Public.Localization;
using Inertia.Storage;

namespace Inertia.Public.Catalog;

/// <summary>
/// Following a feed from the public side (Discover, a public feed page, "open in Inertia"): the feed is stored once,
/// linked to its catalog entry, filed under the catalog's category in the user's language, and fetched at once when
/// it never was, so the reader has entries to show; later fetches are the scheduler's.
/// </summary>
public sealed class Subscriber(CatalogStore catalog, CatalogSnapshot snapshot, FeedStore feeds, SubscriptionStore subscriptions, FeedRefresher refresher, PublicText text)
{
    /// <summary>Stores (or finds) the catalog entry's feed and links it; fetches it once if it never was.</summary>
    public async Task<FeedRecord> EnsureFeedAsync(CatalogFeed entry, CancellationToken ct)
    {
        var feed = await StoreAsync(entry, ct);
        if (feed.LastCheckedAt is null) await refresher.RefreshAsync(feed.Id, ct);
        return feed;
    }

    public async Task<FeedRecord> SubscribeAsync(long userId, CatalogFeed entry, CancellationToken ct)
    {
        var feed = await StoreAsync(entry, ct);
        await SubscribeAsync(userId, feed, entry.Category, ct);
        return feed;
    }

    private async Task<FeedRecord> StoreAsync(CatalogFeed entry, CancellationToken ct)
    {
        var feed = entry.FeedId is { } known ? await feeds.GetAsync(known, ct) : null;
        feed ??= await feeds.GetOrCreateAsync(entry.Url, ct);
        if (entry.FeedId != feed.Id)
        {
            await catalog.LinkFeedAsync(entry.Id, feed.Id, ct);
            snapshot.Invalidate();
        }
        return feed;
    }

    /// <summary>Follows a stored feed; <paramref name="category"/> is a catalog category (English) or empty.</summary>
    public async Task SubscribeAsync(long userId, FeedRecord feed, string category, CancellationToken ct)
    {
        if (await subscriptions.GetAsync(userId, feed.Id, ct) is null)
        {
            long? categoryId = category.Length > 0
                ? await subscriptions.GetOrCreateCategoryAsync(userId, text.CategoryName(category), ct)
                : null;
            await subscriptions.SubscribeAsync(userId, feed.Id, categoryId, title: null, ct);
            snapshot.Invalidate(); // subscriber counts
        }
        if (feed.LastCheckedAt is null) await refresher.RefreshAsync(feed.Id, ct);
    }
}
