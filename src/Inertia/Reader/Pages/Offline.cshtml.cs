using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Reader.Pages;

/// <summary>
/// What the service worker shows for a page it has no copy of when the network is gone. Anonymous: the worker
/// installs it on the sign-in page too, in the reader's language (Reader/Offline/service-worker.js).
/// </summary>
[AllowAnonymous]
public sealed class OfflineModel : PageModel
{
    public void OnGet() { }
}
