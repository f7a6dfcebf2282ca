using Inertia.Public.Display;
using Inertia.Storage;

namespace Inertia.Public.Output;

/// <summary>
/// GET /output/{token}.{rss|atom|json}: a user's starred list, category, saved search or tag as a feed. The token is the credential;
/// an unknown or revoked token, or a category, saved search or tag that no longer exists, answers 404.
/// </summary>
public static class OutputFeedEndpoints
{
    public const int MaxEntries = 100;

    public static void MapOutputFeeds(this IEndpointRouteBuilder app) =>
        app.MapGet("/output/{token}.{format}", ServeAsync).AllowAnonymous();

    private static async Task ServeAsync(
        HttpContext context, string token, string format, PublicStore store, SubscriptionStore subscriptions,
        SavedSearchStore savedSearches, SearchStore search, TagStore tags, CancellationToken ct)
    {
        if (OutputFeed.Parse(format) is not { } outputFormat ||
            await store.FindTokenAsync(token, ct) is not { } found ||
            OutputScope.Parse(found.Scope) is not { } scope)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string title;
        IReadOnlyList<OutputEntry> entries;
        if (scope.CategoryId is { } categoryId)
        {
            var category = (await subscriptions.ListCategoriesAsync(found.UserId, ct)).FirstOrDefault(c => c.Id == categoryId);
            if (category is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            title = "Inertia · " + category.Name;
            entries = await store.CategoryEntriesAsync(found.UserId, categoryId, MaxEntries, ct);
        }
        else if (scope.SavedSearchId is { } savedSearchId)
        {
            // The saved search's newest matches, run afresh on every fetch.
            var saved = await savedSearches.GetAsync(found.UserId, savedSearchId, ct);
            if (saved is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            title = "Inertia · " + saved.Name;
            var hits = await search.SearchAsync(found.UserId, saved.ToQuery(MaxEntries, newestFirst: true), ct);
            entries = await store.OutputEntriesAsync(found.UserId, hits.Select(h => h.Entry.Id).ToList(), ct);
        }
        else if (scope.TagId is { } tagId)
        {
            // The tag's newest entries: their ids from the tag's own index, then the entries.
            var tag = await tags.GetAsync(found.UserId, tagId, ct);
            if (tag is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            title = "Inertia · " + tag.Name;
            var tagged = await tags.EntriesAsync(found.UserId, tagId, new EntryQuery(Limit: MaxEntries), ct);
            entries = await store.OutputEntriesAsync(found.UserId, tagged.Select(e => e.Id).ToList(), ct);
        }
        else
        {
            title = "Inertia · Starred";
            entries = await store.StarredEntriesAsync(found.UserId, MaxEntries, ct);
        }

        var etag = HttpCaching.ETag(["output", token, format, title, .. entries.Select(e => $"{e.Id}:{e.ChangedAt.UtcTicks}")]);
        var headers = context.Response.Headers;
        headers.ETag = etag;
        // Private: the URL is a secret, no shared cache should keep a copy. Not for search engines either.
        headers.CacheControl = "private, max-age=300";
        headers["X-Robots-Tag"] = "noindex";
        if (HttpCaching.Matches(context.Request, etag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var request = context.Request;
        var feed = new OutputFeed(
            title,
            HomeUrl: PublicUrls.Absolute(request, "/"),
            SelfUrl: PublicUrls.Absolute(request, request.Path.Value ?? ""),
            Updated: entries.Count > 0 ? entries.Max(e => e.ChangedAt) : found.CreatedAt,
            entries,
            EntryUrl: id => PublicUrls.Absolute(request, $"/reader/entries/{id}"));
        context.Response.ContentType = OutputFeed.ContentType(outputFormat);
        await OutputFeedWriter.WriteAsync(context.Response.Body, feed, outputFormat, ct);
    }
}
