using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

/// <summary>
/// Full-text search (words, "phrases", prefix*, Chinese) with the list filters, a feed or category, a date range and an
/// order; the current search can be saved under a name (it then has its own page, <see cref="SearchSavedModel"/>).
/// </summary>
public sealed class SearchModel(
    SearchStore search, SavedSearchStore saved, SubscriptionStore subscriptions, IOptions<ReaderOptions> options,
    IStringLocalizer<ReaderText> L) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filter { get; set; }
    [BindProperty(SupportsGet = true)] public long? Feed { get; set; }
    [BindProperty(SupportsGet = true)] public long? Category { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; }
    [BindProperty] public string? Name { get; set; }

    public bool NewestFirst => Order == "newest";
    public EntryFilter FilterValue => ListRef.ParseFilter(Filter) ?? EntryFilter.All;
    public IReadOnlyList<SubscriptionView> Feeds { get; private set; } = [];
    public IReadOnlyList<CategoryRecord> Categories { get; private set; } = [];
    public IReadOnlyList<SearchHit> Hits { get; private set; } = [];
    public bool HasMore { get; private set; }
    /// <summary>Why the filters could not be used (a malformed or reversed date range); nothing is searched then.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        await LoadChoicesAsync(userId, ct);
        if (string.IsNullOrWhiteSpace(Text) || !CheckFilters()) return;

        var pageSize = (await HttpContext.ReadingAsync()).PageSize(options);
        PageNumber = Math.Max(0, PageNumber);
        var hits = await search.SearchAsync(userId, Query(pageSize + 1, PageNumber * pageSize), ct);
        HasMore = hits.Count > pageSize;
        Hits = HasMore ? hits.Take(pageSize).ToList() : hits;
    }

    /// <summary>Saves the current search and its filters under a name, then opens its page.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (string.IsNullOrWhiteSpace(Text) || string.IsNullOrWhiteSpace(Name) || !CheckFilters())
        {
            Error ??= L["Give the search words and a name to save it."];
            await LoadChoicesAsync(userId, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var id = await saved.CreateAsync(userId, Name, Query(1, 0), ct);
        TempData["Flash"] = L["Search saved."].Value;
        return Redirect($"/reader/searches/{id}");
    }

    private SearchQuery Query(int limit, int offset) => new(
        Text!.Trim(), FilterValue, Feed, Feed is null ? Category : null,
        SavedSearch.StartOf(From), SavedSearch.EndOf(To), limit, offset, NewestFirst);

    private bool CheckFilters()
    {
        if (!ModelState.IsValid && (ModelState[nameof(From)]?.Errors.Count > 0 || ModelState[nameof(To)]?.Errors.Count > 0))
            Error = L["Dates are written as year-month-day, like 2026-11-28."];
        else if (From is { } from && To is { } to && from > to)
            Error = L["The start date is after the end date."];
        return Error is null;
    }

    private async Task LoadChoicesAsync(long userId, CancellationToken ct)
    {
        Feeds = (await subscriptions.ListAsync(userId, ct)).OrderBy(f => f.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        Categories = (await subscriptions.ListCategoriesAsync(userId, ct)).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>This search with another page number, for the "more" link.</summary>
    public string PageLink(int page)
    {
        var query = HttpContext.Request.Query
            .Where(p => p.Key != "page")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"page={page}");
        return "/reader/search?" + string.Join('&', query);
    }

    /// <summary>The search page filled in with a saved search (to change it and save it again).</summary>
    public static string Link(SavedSearch s)
    {
        var query = new List<string> { "q=" + Uri.EscapeDataString(s.Query) };
        if (s.Filter != EntryFilter.All) query.Add("filter=" + s.Filter.ToString().ToLowerInvariant());
        if (s.FeedId is { } feed) query.Add($"feed={feed}");
        if (s.CategoryId is { } category) query.Add($"category={category}");
        if (s.Since is { } since) query.Add("from=" + since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (s.Until is { } until) query.Add("to=" + until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (s.NewestFirst) query.Add("order=newest");
        return "/reader/search?" + string.Join('&', query);
    }
}
