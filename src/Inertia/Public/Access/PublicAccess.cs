using Inertia.Public.Catalog;
using Inertia.Storage;

namespace Inertia.Public.Access;

/// <summary>
/// The one gate of the public pages: a feed (and so its entries) is public only when it is in the catalog and the
/// admin publishes catalog feeds, or when someone follows it and the admin publishes followed feeds. Anything else
/// answers exactly as a missing feed does (404), so a visitor cannot even learn that a private feed exists.
/// </summary>
public sealed class PublicAccess(CatalogSnapshot catalog, PublicStore store)
{
    public async Task<bool> IsFeedPublicAsync(long feedId, CancellationToken ct)
    {
        var (feeds, settings) = await catalog.GetAsync(ct);
        // A catalog entry's FeedId is its linked feed or the stored feed with the same URL.
        if (settings.CatalogFeedsPublic && feeds.Any(f => f.FeedId == feedId)) return true;
        return settings.FollowedFeedsPublic && await store.IsFollowedAsync(feedId, ct);
    }
}
