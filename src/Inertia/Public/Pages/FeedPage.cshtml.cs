using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Public.Display;
using Inertia.Public.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages;

/// <summary>A public feed: title, icon, site, description and its recent entries, each linking to its public page.</summary>
[AllowAnonymous]
public sealed class FeedPageModel(
    FeedStore feeds, PublicStore store, CatalogSnapshot catalog, PublicAccess access, SubscriptionStore subscriptions, Subscriber subscriber) : PageModel
{
    public const int RecentCount = 30;

    public FeedRecord Feed { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public IReadOnlyList<PublicEntryItem> Recent { get; private set; } = [];
    public IReadOnlyList<CatalogFeed> Recommended { get; private set; } = [];
    public string PageUrl { get; private set; } = "";
    public bool SignedIn { get; private set; }
    /// <summary>Whether the signed-in visitor follows this feed (never known for a signed-out one).</summary>
    public bool Followed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? slug, CancellationToken ct)
    {
        if (await feeds.GetAsync(id, ct) is not { } feed || !await access.IsFeedPublicAsync(id, ct)) return this.PublicNotFound();
        var (all, _) = await catalog.GetAsync(ct);
        var own = all.FirstOrDefault(c => c.FeedId == id);
        Feed = feed;
        Title = feed.Title ?? own?.Title ?? PublicUrls.Host(feed.Url);

        var canonicalPath = PublicUrls.Feed(id, Title);
        if (!string.Equals(Request.Path.Value, canonicalPath, StringComparison.Ordinal) &&
            !string.Equals(Uri.UnescapeDataString(Request.Path.Value ?? ""), Uri.UnescapeDataString(canonicalPath), StringComparison.Ordinal))
            return RedirectPermanent(canonicalPath);
        PageUrl = PublicUrls.Absolute(Request, canonicalPath);

        if (User.UserIdOrNull() is { } userId)
        {
            SignedIn = true;
            Followed = await subscriptions.GetAsync(userId, id, ct) is not null;
        }
        Recent = await store.RecentEntriesAsync(id, RecentCount, ct);
        Recommended = CatalogView.Highlights(all, 6, own?.Category, excludeFeedId: id);

        var etag = HttpCaching.ETag(["feed", id, feed.Title, feed.Description, feed.SiteUrl, feed.IconUrl,
            HttpContext.RequestServices.GetRequiredService<Inertia.Fetching.Icons.IconDirectory>().Url(id), PublicText.PageLanguage,
            SignedIn, Followed, .. Recent.Select(e => $"{e.Id}:{e.ChangedAt.UtcTicks}"), .. Recommended.Select(r => $"{r.Id}:{r.Title}:{r.FeedId}")]);
        if (HttpCaching.IsNotModified(HttpContext, etag)) return StatusCode(StatusCodes.Status304NotModified);
        return Page();
    }

    public async Task<IActionResult> OnPostSubscribeAsync(long id, CancellationToken ct)
    {
        if (User.UserIdOrNull() is not { } userId) return Challenge();
        if (await feeds.GetAsync(id, ct) is not { } feed || !await access.IsFeedPublicAsync(id, ct)) return this.PublicNotFound();
        var category = (await catalog.GetAsync(ct)).Feeds.FirstOrDefault(c => c.FeedId == id)?.Category ?? "";
        await subscriber.SubscribeAsync(userId, feed, category, ct);
        return Redirect(PublicUrls.Feed(id, feed.Title));
    }
}
