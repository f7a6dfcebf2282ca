namespace Inertia.Public.Display;

/// <summary>Links the public pages print: only http(s) targets leave the site; our own paths are built here.</summary>
public static class PublicUrls
{
    /// <summary>The URL if it is absolute http(s), else null (no javascript:, data: or relative surprises).</summary>
    public static string? Http(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.AbsoluteUri : null;

    public static string Feed(long id, string? title) => WithSlug($"/feeds/{id}", title);

    public static string Article(long id, string? title) => WithSlug($"/articles/{id}", title);

    /// <summary>Opens the entry in the reader, signing in first when needed.</summary>
    public static string Open(long entryId) => $"/open/{entryId}";

    public static string Preview(long catalogId) => $"/catalog/{catalogId}/preview";

    /// <summary>A catalog feed's public page, through the preview (which stores and fetches it) until it is stored.</summary>
    public static string CatalogPage(Inertia.Storage.CatalogFeed feed) =>
        feed.FeedId is { } feedId ? Feed(feedId, feed.Title) : Preview(feed.Id);

    public static string Absolute(HttpRequest request, string path) =>
        $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{path}";

    public static string Host(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "";

    private static string WithSlug(string path, string? title) =>
        Slug.From(title) is { Length: > 0 } slug ? $"{path}/{Uri.EscapeDataString(slug)}" : path;
}
