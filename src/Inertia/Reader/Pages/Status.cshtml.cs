using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Reader.Pages;

/// <summary>
/// Re-executed for empty 4xx/5xx responses under /reader, with the original method (a rejected POST lands here as a
/// POST, hence no antiforgery check); the original status code is kept.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = Normalize(code);

    public void OnPost(int code) => Code = Normalize(code);

    private static int Normalize(int code) => code is >= 400 and <= 599 ? code : 500;
}
