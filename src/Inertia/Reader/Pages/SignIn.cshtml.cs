using System.Security.Claims;
using Inertia.Accounts;
using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

public sealed class SignInModel(UserStore users, Sessions sessions, IStringLocalizer<ReaderText> L, IOptions<ReaderOptions> options) : PageModel
{
    [BindProperty] public string Username { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public bool Remember { get; set; } = true;
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeUrl.Local(ReturnUrl, "/reader")) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(Username) ? null : await users.FindByNameAsync(Username.Trim(), ct);
        var result = Passwords.Verify(user, Password ?? "");
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            Error = L["Wrong user name or password."];
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await users.SetPasswordAsync(user.Id, Passwords.Hash(Password!), ct);

        await sessions.SignInAsync(HttpContext, user, Remember);

        // The user's saved language and theme follow them to this browser.
        var secure = Request.IsHttps || options.Value.SecureCookies;
        ReaderLocalization.WriteCultureCookie(Response, user.Language, secure);
        Theme.WriteCookie(Response, user.Theme, secure);
        return LocalRedirect(SafeUrl.Local(ReturnUrl, "/reader"));
    }
}
