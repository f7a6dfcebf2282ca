using Inertia.Storage;

namespace Inertia.Subscriptions;

/// <summary>
/// Subscribing a user to a feed URL, the one way every entry point does it (add-feed page, catalog, OPML import,
/// sync APIs): the feed row is shared by all its followers, the category is found or created by name, and a new
/// feed is due at once so the scheduler fetches it on its next pass.
/// </summary>
public sealed class FeedSubscriber(FeedStore feeds, SubscriptionStore subscriptions)
{
    /// <returns>The feed's id and whether the user already followed it.</returns>
    public async Task<(long FeedId, bool AlreadySubscribed)> SubscribeAsync(
        long userId, string feedUrl, string? categoryName = null, string? title = null, CancellationToken ct = default)
    {
        var url = NormalizeUrl(feedUrl) ?? throw new ArgumentException($"not an http(s) URL: {feedUrl}", nameof(feedUrl));
        // A user who moved this feed to a private copy (own cookie, login, user agent or proxy) already follows it.
        if (await feeds.FindPrivateAsync(url, userId, ct) is { } privateId && await subscriptions.GetAsync(userId, privateId, ct) is not null)
            return (privateId, true);
        var feed = await feeds.GetOrCreateAsync(url, ct);
        var existing = await subscriptions.GetAsync(userId, feed.Id, ct);
        if (existing is not null) return (feed.Id, true);

        long? categoryId = string.IsNullOrWhiteSpace(categoryName)
            ? null
            : await subscriptions.GetOrCreateCategoryAsync(userId, categoryName.Trim(), ct);
        await subscriptions.SubscribeAsync(userId, feed.Id, categoryId, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), ct);
        return (feed.Id, false);
    }

    /// <summary>An absolute http(s) URL with a lower-case scheme and host, no fragment; null when not one.</summary>
    public static string? NormalizeUrl(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var text = input.Trim();
        // feed:// and feed:https:// are how some sites link feeds to desktop readers.
        if (text.StartsWith("feed:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..].TrimStart('/');
            if (!text.StartsWith("http", StringComparison.OrdinalIgnoreCase)) text = "http://" + text;
        }
        if (!text.Contains("://", StringComparison.Ordinal)) text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        var builder = new UriBuilder(uri) { Fragment = "" };
        return builder.Uri.AbsoluteUri;
    }
}
