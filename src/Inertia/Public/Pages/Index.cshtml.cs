using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Public.Display;
using Inertia.Public.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages;

/// <summary>The visitor's home: what Inertia is, catalog highlights, sign in. Signed-in users go to their reader.</summary>
[AllowAnonymous]
public sealed class IndexModel(CatalogSnapshot catalog) : PageModel
{
    public IReadOnlyList<CatalogFeed> Highlights { get; private set; } = [];
    public IReadOnlyList<(string Category, int Count)> Categories { get; private set; } = [];
    public int FeedCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.UserIdOrNull() is not null) return Redirect("/reader");
        var (feeds, _) = await catalog.GetAsync(ct);
        FeedCount = feeds.Count;
        Highlights = CatalogView.Highlights(feeds, 8, preferLanguage: PublicText.IsChinese ? "zh" : "en");
        Categories = feeds.GroupBy(f => f.Category).Select(g => (g.Key, g.Count())).ToList();
        HttpCaching.ShortLived(HttpContext, 300);
        return Page();
    }
}
