using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Reader.Pages;

/// <summary>One entry, read in full. Opening it marks it read; next/previous follow the list it was opened from.</summary>
public sealed class EntryModel(EntryStore entries) : PageModel
{
    private const int PaneAbove = 8;
    private const int PaneBelow = 24;

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? In { get; set; }
    [BindProperty(SupportsGet = true)] public long? Feed { get; set; }
    [BindProperty(SupportsGet = true)] public long? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }

    public EntryView Entry { get; private set; } = null!;
    public ListRef List { get; private set; } = new(EntryFilter.All);
    /// <summary>Neighbours in the list it came from, in list order: the reading pane's list on wide screens.</summary>
    public IReadOnlyList<EntryListItem> Above { get; private set; } = [];
    public IReadOnlyList<EntryListItem> Below { get; private set; } = [];
    /// <summary>The entry below in the list (older, in a newest-first list).</summary>
    public EntryListItem? Next => Below.Count > 0 ? Below[0] : null;
    public EntryListItem? Previous => Above.Count > 0 ? Above[^1] : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var entry = await entries.GetAsync(userId, Id, ct);
        if (entry is null) return NotFound();
        var preferences = await HttpContext.ReadingAsync();
        if (!entry.IsRead && preferences.MarksReadOnOpen)
        {
            await entries.SetReadAsync(userId, [entry.Id], true, ct);
            entry = entry with { IsRead = true };
        }
        Entry = entry;
        List = ListRef.Parse(In, Feed, Category, EntryFilter.All, Order, preferences.OldestFirst);

        var here = new EntryCursor(entry.SortAt, entry.Id);
        Below = await entries.ListAsync(userId, List.Query(PaneBelow, here), ct);
        Above = (await entries.ListAsync(userId, List.Query(PaneAbove, here, reverse: true), ct)).Reverse().ToList();
        return Page();
    }
}
