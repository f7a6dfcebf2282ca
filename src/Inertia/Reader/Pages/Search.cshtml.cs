using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

/// <summary>Full-text search (words, "phrases", prefix*, Chinese) with the list filters, a feed, a date range and an order.</summary>
public sealed class SearchModel(SearchStore search, SubscriptionStore subscriptions, IOptions<ReaderOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filter { get; set; }
    [BindProperty(SupportsGet = true)] public long? Feed { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; }

    public bool NewestFirst => Order == "newest";
    public EntryFilter FilterValue => ListRef.ParseFilter(Filter) ?? EntryFilter.All;
    public IReadOnlyList<SubscriptionView> Feeds { get; private set; } = [];
    public IReadOnlyList<SearchHit> Hits { get; private set; } = [];
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Feeds = (await subscriptions.ListAsync(userId, ct)).OrderBy(f => f.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        if (string.IsNullOrWhiteSpace(Text)) return;

        var pageSize = Math.Clamp(options.Value.PageSize, 1, EntryStore.MaxLimit - 1);
        PageNumber = Math.Max(0, PageNumber);
        var hits = await search.SearchAsync(userId, new SearchQuery(
            Text.Trim(), FilterValue, Feed, null,
            From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            To is { } to ? new DateTimeOffset(to.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null,
            pageSize + 1, PageNumber * pageSize, NewestFirst), ct);
        HasMore = hits.Count > pageSize;
        Hits = HasMore ? hits.Take(pageSize).ToList() : hits;
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
}
