using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Public.Display;
using Inertia.Public.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages;

/// <summary>The catalog: categories, language filter, search; subscribe (signed in) or preview (anyone).</summary>
[AllowAnonymous]
public sealed class DiscoverModel(
    CatalogSnapshot catalog, UserStore users, SubscriptionStore subscriptions, Subscriber subscriber, PublicText text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true, Name = "lang")] public string? Language { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true)] public long? Subscribed { get; set; }

    public IReadOnlyList<string> Categories { get; private set; } = [];
    public IReadOnlyList<IGrouping<string, CatalogFeed>> Groups { get; private set; } = [];
    public IReadOnlyList<CatalogFeed> Popular { get; private set; } = [];
    public HashSet<long> FollowedFeedIds { get; } = [];
    public bool SignedIn { get; private set; }
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (all, _) = await catalog.GetAsync(ct);
        Categories = CatalogView.Categories(all);
        Groups = all
            .Where(f => string.IsNullOrEmpty(Category) || f.Category == Category)
            .Where(f => CatalogView.MatchesLanguage(f, Language))
            .Where(f => CatalogView.MatchesSearch(f, Query))
            .GroupBy(f => f.Category).ToList();
        // Popularity means something only with several users; a one-person instance would show its owner's list.
        if (await users.CountAsync(ct) > 1) Popular = CatalogView.Popular(all, 8);

        HttpCaching.ShortLived(HttpContext, 60);
        if (User.UserIdOrNull() is { } userId)
        {
            SignedIn = true;
            foreach (var subscription in await subscriptions.ListAsync(userId, ct)) FollowedFeedIds.Add(subscription.FeedId);
            if (Subscribed is { } id && all.FirstOrDefault(f => f.Id == id) is { } done)
                Notice = text.Format("Subscribed to {0}.", done.Title);
        }
    }

    /// <summary>Follows a catalog feed, filed under the catalog's category, and fetches it when new.</summary>
    public async Task<IActionResult> OnPostSubscribeAsync(long id, CancellationToken ct)
    {
        if (User.UserIdOrNull() is not { } userId) return Challenge();
        if ((await catalog.GetAsync(ct)).Feeds.FirstOrDefault(f => f.Id == id) is not { } entry) return NotFound();
        await subscriber.SubscribeAsync(userId, entry, ct);

        return Redirect($"/discover?subscribed={entry.Id}" + (entry.Category.Length > 0 ? "&category=" + Uri.EscapeDataString(entry.Category) : "") + "#c" + entry.Id);
    }
}
