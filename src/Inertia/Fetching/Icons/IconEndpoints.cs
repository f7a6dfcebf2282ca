using Inertia.Public.Access;
using Inertia.Storage;
using Microsoft.Net.Http.Headers;

namespace Inertia.Fetching.Icons;

/// <summary>
/// GET /icons/{feedId}: the stored icon, to a signed-in user who follows the feed or to anyone when the feed is public
/// (the public pages' gate). Anything else, and a feed without an icon, answers 404.
/// </summary>
public static class IconEndpoints
{
    public static void MapFeedIcons(this IEndpointRouteBuilder app) =>
        app.MapGet("/icons/{feedId:long}", ServeAsync).AllowAnonymous();

    static async Task<IResult> ServeAsync(long feedId, HttpContext context, IconStore store, PublicAccess access, CancellationToken ct)
    {
        var follower = context.User.UserIdOrNull() is { } userId && await store.FollowsAsync(userId, feedId, ct);
        var isPublic = !follower && await access.IsFeedPublicAsync(feedId, ct);
        if ((!follower && !isPublic) || await store.GetAsync(feedId, ct) is not { } icon) return Results.NotFound();

        var headers = context.Response.Headers;
        var etag = $"\"{icon.Hash}\"";
        headers.ETag = etag;
        // The pages link "?v=hash": that URL never changes content, so it is cached for good. Icons of feeds only the
        // viewer follows stay out of shared caches.
        var scope = isPublic ? "public" : "private";
        headers.CacheControl = context.Request.Query["v"] == icon.Hash ? $"{scope}, max-age=31536000, immutable" : $"{scope}, max-age=86400";
        // Defence in depth: the bytes were sniffed as a raster image, and nothing in them may run even if opened directly.
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(icon.Data, icon.ContentType);
    }
}
