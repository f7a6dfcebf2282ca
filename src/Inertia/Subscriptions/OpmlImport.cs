using Inertia.Feeds.Opml;

namespace Inertia.Subscriptions;

public sealed record OpmlImportFailure(string Url, string Reason);

public sealed record OpmlImportResult(int Added, int AlreadySubscribed, IReadOnlyList<OpmlImportFailure> Failed);

/// <summary>
/// Subscribes a user to every feed of an OPML document. The innermost folder becomes the category (Inertia's
/// categories are flat); a bad outline is reported and skipped, never stopping the rest.
/// </summary>
public sealed class OpmlImport(FeedSubscriber subscriber)
{
    public async Task<OpmlImportResult> ImportAsync(long userId, OpmlDocument document, CancellationToken ct = default)
    {
        int added = 0, existing = 0;
        var failed = new List<OpmlImportFailure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outline in document.Feeds())
        {
            var url = FeedSubscriber.NormalizeUrl(outline.XmlUrl);
            if (url is null)
            {
                failed.Add(new OpmlImportFailure(outline.XmlUrl ?? "", "not an http(s) URL"));
                continue;
            }
            if (!seen.Add(url)) continue;

            var category = outline.CategoryPath.Count > 0 ? outline.CategoryPath[^1] : null;
            var (_, already) = await subscriber.SubscribeAsync(userId, url, category, outline.DisplayName, ct);
            if (already) existing++; else added++;
        }
        return new OpmlImportResult(added, existing, failed);
    }
}
