using Inertia.Reader.Auth;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Pages.Feeds;

/// <summary>Every subscription with its health (last check, errors, next check), and the user's categories.</summary>
public sealed class IndexModel(SubscriptionStore subscriptions, FeedStore feeds, IStringLocalizer<ReaderText> L) : PageModel
{
    public IReadOnlyList<SubscriptionView> Subscriptions { get; private set; } = [];
    public IReadOnlyList<CategoryRecord> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Subscriptions = (await subscriptions.ListAsync(userId, ct))
            .OrderBy(s => s.CategoryName ?? "\uffff", StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        Categories = await subscriptions.ListCategoriesAsync(userId, ct);
    }

    public async Task<IActionResult> OnPostRefreshAllAsync(CancellationToken ct)
    {
        await feeds.ScheduleAllNowForUserAsync(User.UserId(), ct);
        TempData["Flash"] = L["Every feed will be checked in a moment."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddCategoryAsync([FromForm] string? name, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(name)) await subscriptions.GetOrCreateCategoryAsync(User.UserId(), name.Trim(), ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRenameCategoryAsync([FromForm] long id, [FromForm] string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return RedirectToPage();
        try
        {
            await subscriptions.RenameCategoryAsync(User.UserId(), id, name.Trim(), ct);
        }
        catch (DuplicateException)
        {
            TempData["FlashError"] = L["A category with that name already exists."].Value;
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteCategoryAsync([FromForm] long id, CancellationToken ct)
    {
        await subscriptions.DeleteCategoryAsync(User.UserId(), id, ct);
        return RedirectToPage();
    }
}
