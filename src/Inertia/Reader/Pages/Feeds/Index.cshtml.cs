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
        Categories = await subscriptions.ListCategoriesAsync(userId, ct);
        // Categories in the user's order (as in the sidebar), uncategorized last.
        var order = Categories.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        Subscriptions = (await subscriptions.ListAsync(userId, ct))
            .OrderBy(s => s.CategoryId is { } id && order.TryGetValue(id, out var position) ? position : int.MaxValue)
            .ThenBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
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

    /// <summary>One place up (-1) or down (+1); the sidebar follows the same order.</summary>
    public async Task<IActionResult> OnPostMoveCategoryAsync([FromForm] long id, [FromForm] int offset, CancellationToken ct)
    {
        await subscriptions.MoveCategoryAsync(User.UserId(), id, offset, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteCategoryAsync([FromForm] long id, CancellationToken ct)
    {
        await subscriptions.DeleteCategoryAsync(User.UserId(), id, ct);
        return RedirectToPage();
    }
}
