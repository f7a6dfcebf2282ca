using Inertia.Html;
using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Public.Display;
using Inertia.Public.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages;

/// <summary>
/// A public article: the stored (sanitized) content or summary, "read original", "open in Inertia", the source
/// feed's recent items and recommended feeds; meta tags for search engines and link previews; ETag and Cache-Control.
/// </summary>
[AllowAnonymous]
public sealed class ArticleModel(FeedStore feeds, PublicStore store, CatalogSnapshot catalog, PublicAccess access) : PageModel
{
    public const int RecentCount = 10;

    public PublicEntry Entry { get; private set; } = null!;
    public FeedRecord Feed { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string FeedTitle { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string PageUrl { get; private set; } = "";
    public string? OriginalUrl { get; private set; }
    public IReadOnlyList<PublicEntryItem> Recent { get; private set; } = [];
    public IReadOnlyList<CatalogFeed> Recommended { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, string? slug, CancellationToken ct)
    {
        if (await store.GetEntryAsync(id, ct) is not { } entry ||
            !await access.IsFeedPublicAsync(entry.FeedId, ct) ||
            await feeds.GetAsync(entry.FeedId, ct) is not { } feed)
            return this.PublicNotFound();

        Entry = entry;
        Feed = feed;
        Title = string.IsNullOrWhiteSpace(entry.Title) ? HtmlCleaner.Snippet(entry.Content ?? entry.Summary, 80) : entry.Title;
        var canonicalPath = PublicUrls.Article(id, Title);
        if (!string.Equals(Request.Path.Value, canonicalPath, StringComparison.Ordinal) &&
            !string.Equals(Request.Path.Value, Uri.UnescapeDataString(canonicalPath), StringComparison.Ordinal))
            return RedirectPermanent(canonicalPath);

        var (all, _) = await catalog.GetAsync(ct);
        var own = all.FirstOrDefault(c => c.FeedId == feed.Id);
        FeedTitle = feed.Title ?? own?.Title ?? PublicUrls.Host(feed.Url);
        PageUrl = PublicUrls.Absolute(Request, canonicalPath);
        OriginalUrl = PublicUrls.Http(entry.Url);
        // The publisher's own summary describes the article best; else the snippet stored with the entry.
        Description = entry.Summary is { Length: > 0 } summary && HtmlCleaner.Snippet(summary, 200) is { Length: > 0 } fromSummary
            ? fromSummary
            : entry.Snippet ?? HtmlCleaner.Snippet(entry.Content, 200);
        Recent = (await store.RecentEntriesAsync(feed.Id, RecentCount + 1, ct)).Where(e => e.Id != id).Take(RecentCount).ToList();
        Recommended = CatalogView.Highlights(all, 6, own?.Category, excludeFeedId: feed.Id);

        var etag = HttpCaching.ETag(["article", id, entry.ChangedAt, feed.Title, feed.IconUrl, PublicText.PageLanguage,
            User.UserIdOrNull() is not null, .. Recent.Select(e => $"{e.Id}:{e.ChangedAt.UtcTicks}"), .. Recommended.Select(r => $"{r.Id}:{r.Title}:{r.FeedId}")]);
        if (HttpCaching.IsNotModified(HttpContext, etag)) return StatusCode(StatusCodes.Status304NotModified);
        return Page();
    }
}
