using Inertia.Feeds.Opml;

namespace Inertia.Subscriptions;

public sealed record OpmlImportFailure(string Url, string Reason);

public sealed record OpmlImportResult(int Added, int AlreadySubscribed, IReadOnlyList<OpmlImportFailure> Failed);

/// <summary>One feed of an OPML document, ready to subscribe: <see cref="Problem"/> set when it cannot be.</summary>
public sealed record OpmlImportItem(string Url, string? Category, string? Title, string? Problem = null);

public enum OpmlImportOutcome { Added, AlreadySubscribed, Failed }

/// <summary>
/// Subscribes a user to every feed of an OPML document. The innermost folder becomes the category (Inertia's
/// categories are flat); a bad outline is reported and skipped, never stopping the rest.
/// </summary>
public sealed class OpmlImport(FeedSubscriber subscriber)
{
    /// <summary>Longer feed URLs are refused: nothing real needs them, and they would bloat every index.</summary>
    public const int MaxUrlLength = 2048;

    public async Task<OpmlImportResult> ImportAsync(long userId, OpmlDocument document, CancellationToken ct = default)
    {
        int added = 0, existing = 0;
        var failed = new List<OpmlImportFailure>();
        foreach (var item in Plan(document))
        {
            var (outcome, reason) = await ImportOneAsync(userId, item, ct);
            if (outcome == OpmlImportOutcome.Added) added++;
            else if (outcome == OpmlImportOutcome.AlreadySubscribed) existing++;
            else failed.Add(new OpmlImportFailure(item.Url, reason!));
        }
        return new OpmlImportResult(added, existing, failed);
    }

    /// <summary>The document's feeds in order, each URL once; outlines that cannot be subscribed carry their problem.</summary>
    public static IReadOnlyList<OpmlImportItem> Plan(OpmlDocument document)
    {
        var items = new List<OpmlImportItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outline in document.Feeds())
        {
            var url = FeedSubscriber.NormalizeUrl(outline.XmlUrl);
            if (url is null)
            {
                items.Add(new OpmlImportItem(outline.XmlUrl ?? "", null, null, "not an http(s) URL"));
                continue;
            }
            if (url.Length > MaxUrlLength)
            {
                items.Add(new OpmlImportItem(url[..80] + "…", null, null, $"URL longer than {MaxUrlLength} characters"));
                continue;
            }
            if (!seen.Add(url)) continue;
            var category = outline.CategoryPath.Count > 0 ? outline.CategoryPath[^1] : null;
            items.Add(new OpmlImportItem(url, category, outline.DisplayName));
        }
        return items;
    }

    /// <summary>Subscribes one planned feed; a failure comes back with its reason.</summary>
    public async Task<(OpmlImportOutcome Outcome, string? Reason)> ImportOneAsync(long userId, OpmlImportItem item, CancellationToken ct = default)
    {
        if (item.Problem is not null) return (OpmlImportOutcome.Failed, item.Problem);
        try
        {
            var (_, already) = await subscriber.SubscribeAsync(userId, item.Url, item.Category, item.Title, ct);
            return (already ? OpmlImportOutcome.AlreadySubscribed : OpmlImportOutcome.Added, null);
        }
        catch (ArgumentException e)
        {
            return (OpmlImportOutcome.Failed, e.Message);
        }
    }
}
