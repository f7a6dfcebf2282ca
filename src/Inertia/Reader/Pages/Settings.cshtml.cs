using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

/// <summary>Language and theme: saved on the user (so they follow to other browsers) and in cookies (read on every page).</summary>
public sealed class SettingsModel(UserStore users, IOptions<ReaderOptions> options, IStringLocalizer<ReaderText> L) : PageModel
{
    [BindProperty] public string Language { get; set; } = "";
    [BindProperty] public string Theme { get; set; } = Display.Theme.System;
    public UserRecord? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Account = await users.GetAsync(User.UserId(), ct);
        if (Account is null) return NotFound();
        Language = ReaderLocalization.Normalize(Account.Language) ?? "";
        Theme = Display.Theme.Normalize(Account.Theme);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var language = ReaderLocalization.Normalize(Language) ?? "";
        var theme = Display.Theme.Normalize(Theme);
        await users.SetPreferencesAsync(User.UserId(), language, theme, ct);
        var secure = Request.IsHttps || options.Value.SecureCookies;
        ReaderLocalization.WriteCultureCookie(Response, language, secure);
        Display.Theme.WriteCookie(Response, theme, secure);
        // The message is shown on the next page, in the language just chosen.
        TempData["Flash"] = language == ReaderLocalization.Chinese ? "设置已保存。" : language == ReaderLocalization.English ? "Settings saved." : L["Settings saved."].Value;
        return RedirectToPage();
    }
}
