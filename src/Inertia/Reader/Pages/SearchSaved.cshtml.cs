using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

/// <summary>A saved search's own page: its results (run afresh), rename and delete. Another user's id answers 404.</summary>
public sealed class SearchSavedModel(
    SearchStore search, SavedSearchStore saved, SubscriptionStore subscriptions, IOptions<ReaderOptions> options,
    IStringLocalizer<ReaderText> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; }
    [BindProperty] public string? Name { get; set; }

    public SavedSearch Saved { get; private set; } = null!;
    public IReadOnlyList<SearchHit> Hits { get; private set; } = [];
    public string? MoreLink { get; private set; }
    /// <summary>The saved filters in words: feed and category names, dates.</summary>
    public IReadOnlyList<string> Filters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (await saved.GetAsync(userId, Id, ct) is not { } found) return NotFound();
        Saved = found;

        var pageSize = (await HttpContext.ReadingAsync()).PageSize(options);
        PageNumber = Math.Max(0, PageNumber);
        var hits = await search.SearchAsync(userId, found.ToQuery(pageSize + 1, PageNumber * pageSize), ct);
        Hits = hits.Count > pageSize ? hits.Take(pageSize).ToList() : hits;
        MoreLink = hits.Count > pageSize ? $"/reader/searches/{Id}?page={PageNumber + 1}" : null;
        Filters = await DescribeAsync(userId, found, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            TempData["FlashError"] = L["The name must not be empty."].Value;
            return Redirect($"/reader/searches/{Id}");
        }
        if (!await saved.RenameAsync(User.UserId(), Id, Name, ct)) return NotFound();
        TempData["Flash"] = L["Search renamed."].Value;
        return Redirect($"/reader/searches/{Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!await saved.DeleteAsync(User.UserId(), Id, ct)) return NotFound();
        TempData["Flash"] = L["Search deleted."].Value;
        return Redirect("/reader/search");
    }

    private async Task<IReadOnlyList<string>> DescribeAsync(long userId, SavedSearch s, CancellationToken ct)
    {
        var parts = new List<string>();
        if (s.Filter == EntryFilter.Unread) parts.Add(L["Unread"]);
        if (s.Filter == EntryFilter.Starred) parts.Add(L["Starred"]);
        if (s.FeedId is { } feedId)
            parts.Add((await subscriptions.GetAsync(userId, feedId, ct))?.Title ?? L["A feed you no longer follow"]);
        if (s.CategoryId is { } categoryId)
            parts.Add((await subscriptions.ListCategoriesAsync(userId, ct)).FirstOrDefault(c => c.Id == categoryId)?.Name ?? L["A deleted category"]);
        if (s.Since is { } since) parts.Add(L["From {0}", since.ToString("yyyy-MM-dd")]);
        if (s.Until is { } until) parts.Add(L["Until {0}", until.ToString("yyyy-MM-dd")]);
        if (s.NewestFirst) parts.Add(L["Newest first"]);
        return parts;
    }
}
