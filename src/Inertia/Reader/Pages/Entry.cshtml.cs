using Inertia.Content.FullArticle;
using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Reader.Pages;

/// <summary>
/// One entry, read in full. Opening it marks it read (unless the user chose "keep unread"); next/previous follow the
/// list it was opened from. A fetched full article replaces the feed's content unless ?view=feed asks for the feed's.
/// </summary>
public sealed class EntryModel(EntryStore entries, ReadingStateStore reading, FullArticleStore fullArticles, TagStore tags) : PageModel
{
    private const int PaneAbove = 8;
    private const int PaneBelow = 24;

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? In { get; set; }
    [BindProperty(SupportsGet = true)] public long? Feed { get; set; }
    [BindProperty(SupportsGet = true)] public long? Category { get; set; }
    [BindProperty(SupportsGet = true)] public long? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    /// <summary>"feed": show the feed's content even when a full article was fetched.</summary>
    [BindProperty(SupportsGet = true)] public string? View { get; set; }

    public EntryView Entry { get; private set; } = null!;
    public ListRef List { get; private set; } = new(EntryFilter.All);
    /// <summary>Neighbours in the list it came from, in list order: the reading pane's list on wide screens.</summary>
    public IReadOnlyList<EntryListItem> Above { get; private set; } = [];
    public IReadOnlyList<EntryListItem> Below { get; private set; } = [];
    /// <summary>The entry below in the list (older, in a newest-first list).</summary>
    public EntryListItem? Next => Below.Count > 0 ? Below[0] : null;
    public EntryListItem? Previous => Above.Count > 0 ? Above[^1] : null;
    public bool KeepUnread { get; private set; }
    /// <summary>The cached full article, if one was fetched.</summary>
    public FullArticle? Article { get; private set; }
    public bool ShowsFullArticle => Article is not null && View != "feed";
    /// <summary>The entry's tags, and all the user's tags (suggestions for the tag field).</summary>
    public IReadOnlyList<EntryTag> EntryTags { get; private set; } = [];
    public IReadOnlyList<TagView> AllTags { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var entry = await entries.GetAsync(userId, Id, ct);
        if (entry is null) return NotFound();
        var preferences = await HttpContext.ReadingAsync();
        KeepUnread = !entry.IsRead && await reading.IsKeptUnreadAsync(userId, entry.Id, ct);
        if (!entry.IsRead && !KeepUnread && preferences.MarksReadOnOpen)
        {
            await entries.SetReadAsync(userId, [entry.Id], true, ct);
            entry = entry with { IsRead = true };
        }
        Entry = entry;
        Article = await fullArticles.GetAsync(userId, entry.Id, ct);
        List = ListRef.Parse(In, Feed, Category, EntryFilter.All, Order, preferences.OldestFirst, Tag);
        EntryTags = (await tags.OfEntriesAsync(userId, [entry.Id], ct)).GetValueOrDefault(entry.Id) ?? [];
        AllTags = await tags.ListAsync(userId, ct);

        var here = new EntryCursor(entry.SortAt, entry.Id);
        Below = await NeighboursAsync(userId, List.Query(PaneBelow, here), ct);
        Above = (await NeighboursAsync(userId, List.Query(PaneAbove, here, reverse: true), ct)).Reverse().ToList();
        return Page();
    }

    private Task<IReadOnlyList<EntryListItem>> NeighboursAsync(long userId, EntryQuery query, CancellationToken ct) =>
        List.TagId is { } tagId ? tags.EntriesAsync(userId, tagId, query, ct) : entries.ListAsync(userId, query, ct);
}
