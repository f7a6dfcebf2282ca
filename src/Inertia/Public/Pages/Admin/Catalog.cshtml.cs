using Inertia.Feeds.Opml;
using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Public.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Pages.Admin;

/// <summary>Admins curate the catalog (add, edit, remove, import OPML) and choose what is public.</summary>
[Authorize]
[RequestSizeLimit(MaxOpmlBytes)]
public sealed class CatalogModel(CatalogStore catalog, CatalogSnapshot snapshot, UserStore users, PublicText text) : PageModel
{
    public const int MaxOpmlBytes = 4 * 1024 * 1024;

    public IReadOnlyList<CatalogFeed> Feeds { get; private set; } = [];
    public PublicSettings Settings { get; private set; } = new(true, false);
    [BindProperty(SupportsGet = true)] public long? Edit { get; set; }
    [TempData] public string? Message { get; set; }
    [TempData] public string? Error { get; set; }

    public sealed class FeedForm
    {
        public string? Url { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Category { get; set; }
        public string? Language { get; set; }
        public string? SiteUrl { get; set; }

        public CatalogFeedData? ToData() =>
            string.IsNullOrWhiteSpace(Title) || Url is null || !CatalogOpml.IsHttp(Url.Trim())
                ? null
                : new CatalogFeedData(Url.Trim(), Title.Trim(), Blank(Description), Category?.Trim() ?? "", Language?.Trim() ?? "",
                    SiteUrl is not null && CatalogOpml.IsHttp(SiteUrl.Trim()) ? SiteUrl.Trim() : null);

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!await User.IsAdminAsync(users, HttpContext.RequestAborted))
        {
            // A plain 403: the cookie handler's Forbid would send a signed-in user to the sign-in page.
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
        // Every change here shows on the public pages at once (on this node).
        if (!HttpMethods.IsGet(Request.Method)) snapshot.Invalidate();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Feeds = await catalog.ListAsync(ct);
        Settings = await PublicSettings.LoadAsync(catalog, ct);
    }

    public async Task<IActionResult> OnPostAddAsync(FeedForm form, CancellationToken ct)
    {
        if (form.ToData() is not { } data) Error = text["A title and an http(s) feed URL are required."];
        else
        {
            try
            {
                await catalog.AddAsync(data, ct);
                Message = text["Added."];
            }
            catch (DuplicateException)
            {
                Error = text["That feed URL is already in the catalog."];
            }
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, FeedForm form, CancellationToken ct)
    {
        if (form.ToData() is not { } data)
        {
            Error = text["A title and an http(s) feed URL are required."];
            return RedirectToPage(new { edit = id });
        }
        try
        {
            if (!await catalog.UpdateAsync(id, data, ct)) return NotFound();
            Message = text["Saved."];
        }
        catch (DuplicateException)
        {
            Error = text["That feed URL is already in the catalog."];
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        await catalog.DeleteAsync(id, ct);
        Message = text["Removed."];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? opml, CancellationToken ct)
    {
        if (opml is null || opml.Length == 0 || opml.Length > MaxOpmlBytes)
        {
            Error = text["The file is not an OPML document."];
            return RedirectToPage();
        }
        using var buffer = new MemoryStream((int)opml.Length);
        await opml.CopyToAsync(buffer, ct);
        try
        {
            var added = await catalog.AddManyAsync(CatalogOpml.Read(buffer.ToArray()), ct);
            Message = text.Format("Imported {0} feeds.", added);
        }
        catch (OpmlException)
        {
            Error = text["The file is not an OPML document."];
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSettingsAsync(bool catalogFeedsPublic, bool followedFeedsPublic, CancellationToken ct)
    {
        await catalog.SetSettingAsync(PublicSettings.CatalogFeedsKey, catalogFeedsPublic ? "true" : "false", ct);
        await catalog.SetSettingAsync(PublicSettings.FollowedFeedsKey, followedFeedsPublic ? "true" : "false", ct);
        Message = text["Saved."];
        return RedirectToPage();
    }
}
