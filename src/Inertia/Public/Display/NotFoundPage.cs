using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Public.Display;

public static class NotFoundPage
{
    /// <summary>A 404 with a page a visitor can act on; identical for missing and private content.</summary>
    public static IActionResult PublicNotFound(this PageModel page)
    {
        page.Response.StatusCode = StatusCodes.Status404NotFound;
        page.Response.Headers.CacheControl = "no-cache";
        return page.Partial("/Public/Pages/Shared/_NotFound.cshtml");
    }
}
