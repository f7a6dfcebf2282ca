using Inertia.Fetching;
using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Pages.Feeds;

/// <summary>
/// One subscription: title and category, the feed's settings (fixed interval, HTTP cache, full article; and the
/// private ones: user agent, cookie, basic auth, proxy), refresh now, unsubscribe, and the feed's fetch health.
/// </summary>
public sealed class EditModel(SubscriptionStore subscriptions, FeedStore feeds, FeedRefresher refresher, IStringLocalizer<ReaderText> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public FeedSettingsForm Settings { get; set; } = new();

    /// <summary>Field name → message, for the settings form after a rejected post.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public SubscriptionView Subscription { get; private set; } = null!;
    public FeedRecord? Feed { get; private set; }
    public IReadOnlyList<CategoryRecord> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null) return NotFound();
        Title = Feed?.Title == Subscription.Title ? "" : Subscription.Title;
        Category = Subscription.CategoryName;
        Settings = FeedSettingsForm.From(Feed?.Settings ?? FeedSettings.None);
        return Page();
    }

    /// <summary>
    /// Saves the feed's settings. Cookie, basic auth, user agent and proxy never go on a feed row other users share:
    /// the first time one is set on a shared feed, this user's subscription moves to a private copy of the feed
    /// (entries, read and star state kept) and the page continues at the copy's id.
    /// </summary>
    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (await LoadAsync(ct) is null || Feed is null) return NotFound();
        var settings = Settings.ToSettings(Feed.Settings, L, Errors);
        if (settings is null)
        {
            Title = Feed.Title == Subscription.Title ? "" : Subscription.Title;
            Category = Subscription.CategoryName;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var feedId = Id;
        if (settings.HasPrivateOverrides && Feed.OwnerUserId is null)
        {
            feedId = await subscriptions.MoveToPrivateFeedAsync(userId, Id, ct) ?? Id;
            TempData["Flash"] = L["Saved. This feed is now fetched for you alone, with your settings."].Value;
        }
        else
        {
            TempData["Flash"] = L["Saved."].Value;
        }
        if (!await feeds.UpdateSettingsAsync(userId, feedId, settings, ct)) return NotFound();
        return Redirect($"/reader/feeds/{feedId}/edit");
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (await subscriptions.GetAsync(userId, Id, ct) is null) return NotFound();
        long? categoryId = string.IsNullOrWhiteSpace(Category) ? null : await subscriptions.GetOrCreateCategoryAsync(userId, Category.Trim(), ct);
        await subscriptions.UpdateAsync(userId, Id, string.IsNullOrWhiteSpace(Title) ? null : Title.Trim(), categoryId, ct);
        TempData["Flash"] = L["Saved."].Value;
        return Redirect($"/reader/feeds/{Id}");
    }

    /// <summary>Fetches now, in the request, so the user sees the result (new entries or the error) right away.</summary>
    public async Task<IActionResult> OnPostRefreshAsync([FromForm] string? returnUrl, CancellationToken ct)
    {
        if (await subscriptions.GetAsync(User.UserId(), Id, ct) is null) return NotFound();
        var outcome = await refresher.RefreshAsync(Id, ct);
        if (!outcome.Success) TempData["FlashError"] = L["Refresh failed: {0}", outcome.Error ?? ""].Value;
        else if (outcome.NotModified) TempData["Flash"] = L["No changes since the last check."].Value;
        else TempData["Flash"] = L["{0} new, {1} updated.", outcome.Inserted, outcome.Updated].Value;
        return Redirect(SafeUrl.Local(returnUrl, $"/reader/feeds/{Id}"));
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var subscription = await subscriptions.GetAsync(userId, Id, ct);
        if (subscription is null) return NotFound();
        await subscriptions.UnsubscribeAsync(userId, Id, ct);
        TempData["Flash"] = L["Unsubscribed from {0}.", subscription.Title].Value;
        return Redirect("/reader/feeds");
    }

    private async Task<SubscriptionView?> LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var subscription = await subscriptions.GetAsync(userId, Id, ct);
        if (subscription is null) return null;
        Subscription = subscription;
        Feed = await feeds.GetAsync(Id, ct);
        Categories = await subscriptions.ListCategoriesAsync(userId, ct);
        return subscription;
    }
}
