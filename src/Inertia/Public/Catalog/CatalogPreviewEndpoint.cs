using Inertia.Public.Access;
using Inertia.Public.Display;
using Inertia.Storage;

namespace Inertia.Public.Catalog;

/// <summary>
/// GET /catalog/{id}/preview: the public page of a catalog feed, for anyone. A feed nobody follows yet is stored and
/// fetched once on the first preview; after that the preview is a redirect.
/// </summary>
public static class CatalogPreviewEndpoint
{
    public static void MapCatalogPreview(this IEndpointRouteBuilder app) =>
        app.MapGet("/catalog/{id:long}/preview", PreviewAsync).AllowAnonymous();

    private static async Task<IResult> PreviewAsync(long id, CatalogSnapshot catalog, Subscriber subscriber, CancellationToken ct)
    {
        var (feeds, settings) = await catalog.GetAsync(ct);
        if (!settings.CatalogFeedsPublic || feeds.FirstOrDefault(f => f.Id == id) is not { } entry) return Results.NotFound();
        var feed = await subscriber.EnsureFeedAsync(entry, ct);
        return Results.Redirect(PublicUrls.Feed(feed.Id, feed.Title ?? entry.Title));
    }
}
