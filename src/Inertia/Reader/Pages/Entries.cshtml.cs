using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

/// <summary>Entry lists: /, /unread, /all, /starred, /feeds/{id}, /categories/{id}, /tags/{id}; newest first, keyset paged.</summary>
public sealed class EntriesModel(EntryStore entries, SubscriptionStore subscriptions, TagStore tags, IOptions<ReaderOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Filter { get; set; }
    [BindProperty(SupportsGet = true)] public long? FeedId { get; set; }
    [BindProperty(SupportsGet = true)] public long? CategoryId { get; set; }
    [BindProperty(SupportsGet = true)] public long? TagId { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }

    public ListRef List { get; private set; } = new(EntryFilter.Unread);
    public IReadOnlyList<EntryListItem> Items { get; private set; } = [];
    public string? NextPage { get; private set; }
    /// <summary>When the list was read: "mark all read" stops here, so what arrived since stays unread.</summary>
    public DateTimeOffset RenderedAt { get; private set; }
    public SubscriptionView? Feed { get; private set; }
    public CategoryRecord? Category { get; private set; }
    public EntryTag? Tag { get; private set; }
    /// <summary>The tags of the listed entries (one query for the page).</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<EntryTag>> Tags { get; private set; } = new Dictionary<long, IReadOnlyList<EntryTag>>();
    public string Heading { get; private set; } = "";
    /// <summary>The user marks entries read as they scroll past (Settings); the list tells the script.</summary>
    public bool MarkOnScroll { get; private set; }

    /// <summary>"Mark above as read" for one entry of this list: the list's place, filter and order in the query.</summary>
    public string MarkAboveAction(long entryId)
    {
        var entryPath = List.EntryPath(entryId);
        return $"/reader/entries/{entryId}/mark-above-read{entryPath[entryPath.IndexOf('?')..]}";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var isTopLevel = FeedId is null && CategoryId is null && TagId is null;
        var preferences = await HttpContext.ReadingAsync();
        var topLevelDefault = preferences.DefaultView == "all" ? EntryFilter.All : EntryFilter.Unread;
        List = ListRef.Parse(Filter, FeedId, CategoryId, isTopLevel ? topLevelDefault : EntryFilter.All, Order, preferences.OldestFirst, TagId);
        MarkOnScroll = preferences.MarkRead == ReadingPreferences.MarkReadOnScroll;

        if (List.FeedId is { } feedId)
        {
            Feed = await subscriptions.GetAsync(userId, feedId, ct);
            if (Feed is null) return NotFound();
        }
        else if (List.CategoryId is { } categoryId)
        {
            Category = (await subscriptions.ListCategoriesAsync(userId, ct)).FirstOrDefault(c => c.Id == categoryId);
            if (Category is null) return NotFound();
        }
        else if (List.TagId is { } tagId)
        {
            Tag = await tags.GetAsync(userId, tagId, ct);
            if (Tag is null) return NotFound();
        }

        RenderedAt = DateTimeOffset.UtcNow;
        var pageSize = preferences.PageSize(options);
        var query = List.Query(pageSize + 1, ListRef.ParseCursor(After));
        var page = List.TagId is { } listTag ? await tags.EntriesAsync(userId, listTag, query, ct) : await entries.ListAsync(userId, query, ct);
        Items = page.Count > pageSize ? page.Take(pageSize).ToList() : page;
        Tags = await tags.OfEntriesAsync(userId, Items.Select(i => i.Id).ToList(), ct);
        if (page.Count > pageSize)
        {
            var last = Items[^1];
            var separator = List.ListPath.Contains('?') ? '&' : '?';
            NextPage = $"{List.ListPath}{separator}after={ListRef.FormatCursor(new EntryCursor(last.SortAt, last.Id))}";
        }
        return Page();
    }
}
