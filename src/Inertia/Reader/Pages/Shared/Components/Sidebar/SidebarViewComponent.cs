using Inertia.Reader.Auth;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Inertia.Reader.Pages.Shared.Components.Sidebar;

/// <summary>
/// A category in the sidebar. <see cref="Expanded"/> is false for the closed categories of an abridged sidebar: then
/// <see cref="Feeds"/> is empty and the category shows as a link to its page.
/// </summary>
public sealed record SidebarCategory(CategoryRecord Category, IReadOnlyList<SubscriptionView> Feeds, int FeedCount, int Unread, bool Expanded);

public sealed record SidebarModel(string Nav, int Unread, IReadOnlyList<SidebarCategory> Categories, IReadOnlyList<SubscriptionView> Uncategorized)
{
    public IReadOnlyList<SavedSearch> SavedSearches { get; init; } = [];
    public IReadOnlyList<TagView> Tags { get; init; } = [];
    /// <summary>Feeds without a category, shown or not.</summary>
    public int UncategorizedCount { get; init; }
}

/// <summary>
/// All / Unread / Starred, then categories with their feeds, then feeds without a category. Unread counts come from
/// the per-feed counters (migration 019), so the cost is the number of feeds listed, not of entries. Up to
/// <see cref="ListAllUpTo"/> subscriptions every feed is listed; beyond that (readers of thousands of feeds) the
/// sidebar is abridged: every category with its counts, but only the feeds of the category being read, at most
/// <see cref="MaxListed"/> of them, so a page stays small and fast whatever the number of subscriptions.
/// </summary>
public sealed class SidebarViewComponent(SubscriptionStore subscriptions, SavedSearchStore savedSearches, TagStore tags) : ViewComponent
{
    public const int ListAllUpTo = 200;
    // 50: a category of a thousand feeds read, sorted and rendered whole cost 25 ms of a page (1M-entry bench).
    public const int MaxListed = 50;

    public async Task<IViewComponentResult> InvokeAsync(string nav)
    {
        var userId = UserClaimsPrincipal.UserId();
        var ct = HttpContext.RequestAborted;
        var categories = (await subscriptions.ListCategoriesAsync(userId, ct))
            .OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var model = await subscriptions.CountAsync(userId, ct) <= ListAllUpTo
            ? await FullAsync(userId, nav, categories, ct)
            : await AbridgedAsync(userId, nav, categories, ct);
        model = model with
        {
            SavedSearches = await savedSearches.ListAsync(userId, ct),
            Tags = await tags.ListAsync(userId, ct),
        };
        return View("/Reader/Pages/Shared/Components/Sidebar/Default.cshtml", model);
    }

    private async Task<SidebarModel> FullAsync(long userId, string nav, List<CategoryRecord> categories, CancellationToken ct)
    {
        var feeds = await subscriptions.ListAsync(userId, ct);
        var byCategory = feeds.Where(f => f.CategoryId is not null).ToLookup(f => f.CategoryId!.Value);
        var uncategorized = Sorted(feeds.Where(f => f.CategoryId is null));
        return new SidebarModel(
            nav,
            feeds.Sum(f => f.UnreadCount),
            categories.Select(c =>
            {
                var listed = Sorted(byCategory[c.Id]);
                return new SidebarCategory(c, listed, listed.Count, listed.Sum(f => f.UnreadCount), Expanded: true);
            }).ToList(),
            uncategorized)
        { UncategorizedCount = uncategorized.Count };
    }

    private async Task<SidebarModel> AbridgedAsync(long userId, string nav, List<CategoryRecord> categories, CancellationToken ct)
    {
        var totals = (await subscriptions.CategoryTotalsAsync(userId, ct)).ToDictionary(t => t.CategoryId ?? 0);
        var open = await OpenCategoryAsync(userId, nav, ct);
        var grouped = new List<SidebarCategory>(categories.Count);
        foreach (var c in categories)
        {
            var total = totals.GetValueOrDefault(c.Id) ?? new CategoryTotals(c.Id, 0, 0);
            var listed = c.Id == open ? Sorted(await subscriptions.ListInCategoryAsync(userId, c.Id, MaxListed, ct)) : [];
            grouped.Add(new SidebarCategory(c, listed, total.Feeds, total.Unread, Expanded: c.Id == open));
        }
        var loose = totals.GetValueOrDefault(0) ?? new CategoryTotals(null, 0, 0);
        var uncategorized = loose.Feeds > 0
            ? Sorted(await subscriptions.ListInCategoryAsync(userId, null, MaxListed, ct))
            : [];
        return new SidebarModel(nav, totals.Values.Sum(t => t.Unread), grouped, uncategorized)
        { UncategorizedCount = loose.Feeds };
    }

    /// <summary>The category the page belongs to: the category itself, or the one of the feed being read.</summary>
    private async Task<long?> OpenCategoryAsync(long userId, string nav, CancellationToken ct)
    {
        if (nav.StartsWith("category-", StringComparison.Ordinal) && long.TryParse(nav["category-".Length..], out var categoryId))
            return categoryId;
        if (nav.StartsWith("feed-", StringComparison.Ordinal) && long.TryParse(nav["feed-".Length..], out var feedId))
            return (await subscriptions.GetAsync(userId, feedId, ct))?.CategoryId;
        return null;
    }

    private static List<SubscriptionView> Sorted(IEnumerable<SubscriptionView> feeds) =>
        feeds.OrderBy(f => f.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
}
