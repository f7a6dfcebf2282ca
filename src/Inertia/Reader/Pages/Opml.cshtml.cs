using System.Text;
using System.Xml;
using Inertia.Feeds.Opml;
using Inertia.Reader.Auth;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Inertia.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Pages;

/// <summary>
/// OPML import (upload → checked at once → a background job with its own status page) and export (a download of
/// every subscription with its category). A file that is too large or not OPML is refused before anything changes.
/// </summary>
// Files up to four times the limit get a readable "too large" message; anything larger is cut off by the server (413).
[RequestSizeLimit(4L * MaxFileBytes)]
public sealed class OpmlModel(OpmlImportJobs jobs, OpmlExport export, UserStore users, IStringLocalizer<ReaderText> L) : PageModel
{
    /// <summary>Largest OPML file accepted: a list of 10,000 feeds is about 2 MB.</summary>
    public const int MaxFileBytes = 5 * 1024 * 1024;

    public const string ExportFileName = "inertia-subscriptions.opml";

    public string? Error { get; private set; }
    public IReadOnlyList<OpmlImportJob> Imports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Imports = await jobs.ListAsync(User.UserId(), 10, ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        var userId = User.UserId();
        var (document, error) = await ReadAsync(file, ct);
        var items = document is null ? [] : OpmlImport.Plan(document);
        if (document is not null && items.Count == 0) error = L["No feeds were found in this file."];
        if (error is null)
        {
            var (jobId, alreadyRunning) = await jobs.StartAsync(userId, Path.GetFileName(file!.FileName), items, ct);
            if (alreadyRunning) TempData["FlashError"] = L["An import is already under way: the new file was not imported."].Value;
            return Redirect($"/reader/opml/imports/{jobId}");
        }
        // Nothing was changed: the form comes back with the reason.
        Error = error;
        Imports = await jobs.ListAsync(userId, 10, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<(OpmlDocument? Document, string? Error)> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return (null, L["Choose an OPML file to import."]);
        if (file.Length > MaxFileBytes) return (null, L["The file is larger than {0} MB.", MaxFileBytes / (1024 * 1024)]);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        try
        {
            return (Opml.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), null);
        }
        catch (Exception e) when (e is OpmlException or XmlException or DecoderFallbackException or InvalidDataException)
        {
            return (null, L["This file is not OPML: {0}", e.Message]);
        }
    }

    /// <summary>GET /reader/opml?handler=export: every subscription, a folder per category.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var user = await users.GetAsync(userId, ct);
        if (user is null) return NotFound();
        var bytes = Opml.Write(await export.BuildAsync(userId, user.Username, ct));
        return File(bytes, "text/x-opml; charset=utf-8", ExportFileName);
    }
}
