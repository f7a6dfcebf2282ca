using Inertia.Public.Catalog;
using Inertia.Public.Display;
using Inertia.Public.Access;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages;

/// <summary>
/// "Open in Inertia" from a public article: sign in first (the cookie handler comes back here), then the entry in the
/// reader. A user who does not follow the feed is offered to subscribe (a POST: following is a change).
/// </summary>
[Authorize]
public sealed class OpenModel(EntryStore entries, PublicStore store, FeedStore feeds, CatalogSnapshot catalog, PublicAccess access,
    Subscriber subscriber) : PageModel
{
    public string FeedTitle { get; private set; } = "";
    public long EntryId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var userId = User.UserIdOrNull()!.Value;
        if (await entries.GetAsync(userId, id, ct) is not null) return Redirect(ReaderUrl(id));
        // Only entries of public feeds can be offered: the id may come from anywhere.
        if (await store.GetEntryAsync(id, ct) is not { } entry || !await access.IsFeedPublicAsync(entry.FeedId, ct) ||
            await feeds.GetAsync(entry.FeedId, ct) is not { } feed)
            return this.PublicNotFound();
        EntryId = id;
        FeedTitle = feed.Title ?? feed.Url;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var userId = User.UserIdOrNull()!.Value;
        if (await store.GetEntryAsync(id, ct) is not { } entry || !await access.IsFeedPublicAsync(entry.FeedId, ct) ||
            await feeds.GetAsync(entry.FeedId, ct) is not { } feed)
            return NotFound();
        var category = (await catalog.GetAsync(ct)).Feeds.FirstOrDefault(c => c.FeedId == feed.Id)?.Category ?? "";
        await subscriber.SubscribeAsync(userId, feed, category, ct);
        return Redirect(ReaderUrl(id));
    }

    public static string ReaderUrl(long entryId) => $"/reader/entries/{entryId}";
}
