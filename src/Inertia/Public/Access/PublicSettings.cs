using Inertia.Storage;

namespace Inertia.Public.Access;

/// <summary>
/// The admin settings that decide what signed-out visitors may see. Stored in the settings table under these keys,
/// "true"/"false"; an absent key takes the default.
/// </summary>
public sealed record PublicSettings(bool CatalogFeedsPublic, bool FollowedFeedsPublic)
{
    /// <summary>Feeds in the catalog get public feed and article pages (default on).</summary>
    public const string CatalogFeedsKey = "public.catalog_feeds";

    /// <summary>Any feed someone on the instance follows gets public pages (default off).</summary>
    public const string FollowedFeedsKey = "public.followed_feeds";

    public static async Task<PublicSettings> LoadAsync(CatalogStore store, CancellationToken ct)
    {
        var values = await store.GetSettingsAsync(ct);
        return new PublicSettings(Flag(values, CatalogFeedsKey, true), Flag(values, FollowedFeedsKey, false));
    }

    private static bool Flag(IReadOnlyDictionary<string, string> values, string key, bool fallback) =>
        values.TryGetValue(key, out var value) && bool.TryParse(value, out var flag) ? flag : fallback;
}
