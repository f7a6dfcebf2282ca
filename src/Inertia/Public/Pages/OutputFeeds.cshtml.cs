using Inertia.Public.Access;
using Inertia.Public.Output;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages;

/// <summary>The user's output feeds: the starred list, each category, each saved search and each tag at a private, revocable address.</summary>
[Authorize]
public sealed class OutputFeedsModel(PublicStore store, SubscriptionStore subscriptions, SavedSearchStore savedSearches, TagStore tags) : PageModel
{
    public sealed record Row(string Scope, string? CategoryName, string? Token, string? SearchName = null, string? TagName = null);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserIdOrNull()!.Value;
        var tokens = (await store.ListTokensAsync(userId, ct)).ToDictionary(t => t.Scope, t => t.Token);
        var rows = new List<Row> { new(OutputScope.Starred.ToString(), null, tokens.GetValueOrDefault("starred")) };
        foreach (var category in await subscriptions.ListCategoriesAsync(userId, ct))
        {
            var scope = OutputScope.Category(category.Id).ToString();
            rows.Add(new Row(scope, category.Name, tokens.GetValueOrDefault(scope)));
        }
        foreach (var saved in await savedSearches.ListAsync(userId, ct))
        {
            var scope = OutputScope.Search(saved.Id).ToString();
            rows.Add(new Row(scope, null, tokens.GetValueOrDefault(scope), saved.Name));
        }
        foreach (var tag in await tags.ListAsync(userId, ct))
        {
            var scope = OutputScope.Tag(tag.Id).ToString();
            rows.Add(new Row(scope, null, tokens.GetValueOrDefault(scope), TagName: tag.Name));
        }
        Rows = rows;
    }

    public async Task<IActionResult> OnPostCreateAsync(string scope, CancellationToken ct)
    {
        var userId = User.UserIdOrNull()!.Value;
        if (!await OwnsAsync(userId, scope, ct)) return NotFound();
        await store.GetOrCreateTokenAsync(userId, scope, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string scope, CancellationToken ct)
    {
        var userId = User.UserIdOrNull()!.Value;
        await store.RevokeTokenAsync(userId, scope, ct);
        return RedirectToPage();
    }

    public string FeedUrl(string token, OutputFormat format) =>
        Display.PublicUrls.Absolute(Request, $"/output/{token}.{OutputFeed.Extension(format)}");

    private async Task<bool> OwnsAsync(long userId, string scope, CancellationToken ct) =>
        OutputScope.Parse(scope) switch
        {
            null => false,
            { CategoryId: { } id } => (await subscriptions.ListCategoriesAsync(userId, ct)).Any(c => c.Id == id),
            { SavedSearchId: { } searchId } => await savedSearches.GetAsync(userId, searchId, ct) is not null,
            { TagId: { } tagId } => await tags.GetAsync(userId, tagId, ct) is not null,
            _ => true,
        };
}
