using Inertia.Fetching;
using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Pages.Feeds;

/// <summary>One subscription: title and category, refresh now, unsubscribe, and the feed's fetch health.</summary>
public sealed class EditModel(SubscriptionStore subscriptions, FeedStore feeds, FeedRefresher refresher, IStringLocalizer<ReaderText> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Category { get; set; }

    public SubscriptionView Subscription { get; private set; } = null!;
    public FeedRecord? Feed { get; private set; }
    public IReadOnlyList<CategoryRecord> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null) return NotFound();
        Title = Feed?.Title == Subscription.Title ? "" : Subscription.Title;
        Category = Subscription.CategoryName;
        return Page();
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
