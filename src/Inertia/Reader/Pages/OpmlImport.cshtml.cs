using Inertia.Reader.Auth;
using Inertia.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Reader.Pages;

/// <summary>
/// One OPML import: progress while it runs (the page refreshes itself without JS; reader.js updates it in place),
/// then the summary: added, already there, and each failed feed with its reason.
/// </summary>
public sealed class OpmlImportModel(OpmlImportJobs jobs) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public OpmlImportJob Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var job = await jobs.GetAsync(User.UserId(), Id, ct);
        if (job is null) return NotFound();
        Job = job;
        return Page();
    }
}
