using Inertia.Reader.Auth;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Inertia.Reader.Pages.Shared.Components.Sidebar;

public sealed record SidebarCategory(CategoryRecord Category, IReadOnlyList<SubscriptionView> Feeds)
{
    public int Unread => Feeds.Sum(f => f.UnreadCount);
}

public sealed record SidebarModel(string Nav, int Unread, IReadOnlyList<SidebarCategory> Categories, IReadOnlyList<SubscriptionView> Uncategorized)
{
    public IReadOnlyList<SavedSearch> SavedSearches { get; init; } = [];
    public IReadOnlyList<TagView> Tags { get; init; } = [];
}

/// <summary>All / Unread / Starred, then categories with their feeds, then feeds without a category: two queries.</summary>
public sealed class SidebarViewComponent(SubscriptionStore subscriptions, EntryStore entries, SavedSearchStore savedSearches, TagStore tags) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string nav)
    {
        var userId = UserClaimsPrincipal.UserId();
        var ct = HttpContext.RequestAborted;
        var feeds = await subscriptions.ListAsync(userId, ct);
        var categories = await subscriptions.ListCategoriesAsync(userId, ct);
        var unread = await entries.CountUnreadAsync(userId, ct);
        var byCategory = feeds.Where(f => f.CategoryId is not null).ToLookup(f => f.CategoryId!.Value);
        var model = new SidebarModel(
            nav,
            unread,
            categories.OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(c => new SidebarCategory(c, Sorted(byCategory[c.Id]))).ToList(),
            Sorted(feeds.Where(f => f.CategoryId is null)))
        {
            SavedSearches = await savedSearches.ListAsync(userId, ct),
            Tags = await tags.ListAsync(userId, ct),
        };
        return View("/Reader/Pages/Shared/Components/Sidebar/Default.cshtml", model);
    }

    private static List<SubscriptionView> Sorted(IEnumerable<SubscriptionView> feeds) =>
        feeds.OrderBy(f => f.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
}
