using System.Globalization;
using Inertia.Storage;

namespace Inertia.Reader.Display;

/// <summary>
/// Which entry list the reader is in (unread, all, starred; optionally one feed, category or tag; newest or oldest first).
/// It travels in query strings so an opened entry knows its next and previous, and "mark all read" knows its scope.
/// </summary>
public sealed record ListRef(EntryFilter Filter, long? FeedId = null, long? CategoryId = null, bool OldestFirst = false, long? TagId = null)
{
    /// <summary>The user's default order (a setting): links name the order only when it differs.</summary>
    public bool OldestByDefault { get; init; }

    public static ListRef Parse(string? filter, long? feedId, long? categoryId, EntryFilter fallback, string? order = null, bool oldestByDefault = false, long? tagId = null) =>
        new(ParseFilter(filter) ?? fallback, feedId, feedId is null ? categoryId : null,
            order == "oldest" || (order != "newest" && oldestByDefault), feedId is null && categoryId is null ? tagId : null) { OldestByDefault = oldestByDefault };

    public static EntryFilter? ParseFilter(string? filter) => filter?.ToLowerInvariant() switch
    {
        "all" => EntryFilter.All,
        "unread" => EntryFilter.Unread,
        "starred" => EntryFilter.Starred,
        _ => null,
    };

    public string FilterName => Filter.ToString().ToLowerInvariant();

    /// <summary>Feed, category and tag lists show everything by default; the top-level lists are named by their filter.</summary>
    public bool IsTopLevel => FeedId is null && CategoryId is null && TagId is null;

    public EntryScope Scope => new(FeedId, CategoryId);

    /// <summary>The list's own order; <paramref name="reverse"/> walks it backwards (an entry's "previous").</summary>
    public EntryQuery Query(int limit, EntryCursor? after = null, bool reverse = false) =>
        new(Filter, FeedId, CategoryId, limit, after, OldestFirst != reverse);

    /// <summary>The list page itself.</summary>
    public string ListPath
    {
        get
        {
            var query = new List<string>();
            string path;
            if (FeedId is { } f) path = $"/reader/feeds/{f}";
            else if (CategoryId is { } c) path = $"/reader/categories/{c}";
            else if (TagId is { } t) path = $"/reader/tags/{t}";
            else path = $"/reader/{FilterName}";
            if (!IsTopLevel && Filter != EntryFilter.All) query.Add($"filter={FilterName}");
            if (OldestFirst != OldestByDefault) query.Add(OldestFirst ? "order=oldest" : "order=newest");
            return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        }
    }

    /// <summary>An entry opened from this list.</summary>
    public string EntryPath(long entryId)
    {
        var path = $"/reader/entries/{entryId}?in={FilterName}";
        if (FeedId is { } f) path += $"&feed={f}";
        if (CategoryId is { } c) path += $"&category={c}";
        if (TagId is { } t) path += $"&tag={t}";
        if (OldestFirst != OldestByDefault) path += OldestFirst ? "&order=oldest" : "&order=newest";
        return path;
    }

    /// <summary>The same place with another filter (the All / Unread tabs of a feed).</summary>
    public ListRef With(EntryFilter filter) => this with { Filter = filter };

    /// <summary>The same place in the other order.</summary>
    public ListRef Reversed => this with { OldestFirst = !OldestFirst };

    /// <summary>Sidebar key of the current place, for highlighting.</summary>
    public string NavKey => FeedId is { } f ? $"feed-{f}" : CategoryId is { } c ? $"category-{c}" : TagId is { } t ? $"tag-{t}" : FilterName;

    public static string FormatCursor(EntryCursor cursor) =>
        $"{cursor.SortAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{cursor.Id.ToString(CultureInfo.InvariantCulture)}";

    public static EntryCursor? ParseCursor(string? text)
    {
        var parts = text?.Split('.');
        if (parts is not { Length: 2 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            return null;
        return new EntryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
    }
}
