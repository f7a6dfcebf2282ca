using Inertia.Accounts;
using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Pages;

/// <summary>
/// Language and theme (saved on the user, so they follow to other browsers, and in cookies, read on every page);
/// reading preferences; the password; the browsers signed in to the account, each of which can be signed out.
/// </summary>
public sealed class SettingsModel(
    UserStore users, SessionStore sessionStore, Sessions sessions, IOptions<ReaderOptions> options, IStringLocalizer<ReaderText> L) : PageModel
{
    public const int MinPasswordLength = 8;

    [BindProperty] public string Language { get; set; } = "";
    [BindProperty] public string Theme { get; set; } = Display.Theme.System;
    /// <summary>Empty: the configured default.</summary>
    [BindProperty] public int? PageSize { get; set; }
    [BindProperty] public string MarkRead { get; set; } = ReadingPreferences.MarkReadOnOpen;
    [BindProperty] public string DefaultView { get; set; } = "unread";
    [BindProperty] public string Order { get; set; } = "newest";

    public UserRecord? Account { get; private set; }
    public IReadOnlyList<UserSession> SignedIn { get; private set; } = [];
    public string? CurrentSessionId => Sessions.CurrentId(User);
    public int DefaultPageSize => Math.Clamp(options.Value.PageSize, 1, EntryStore.MaxLimit - 1);
    public string? Error { get; private set; }
    public string? PasswordError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        await FillFormAsync(Account!, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState[nameof(PageSize)]?.Errors.Count > 0 ||
            PageSize is { } size && (size < ReadingPreferences.MinPageSize || size > ReadingPreferences.MaxPageSize))
        {
            // The form comes back as it was sent, with the reason.
            Error = L["Entries per page: a number from {0} to {1}.", ReadingPreferences.MinPageSize, ReadingPreferences.MaxPageSize];
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var userId = User.UserId();
        var language = ReaderLocalization.Normalize(Language) ?? "";
        var theme = Display.Theme.Normalize(Theme);
        await users.SetPreferencesAsync(userId, language, theme, ct);
        await users.SetReadingPreferencesAsync(userId, new ReadingPreferences(PageSize, MarkRead, DefaultView, Order == "oldest"), ct);
        var secure = Request.IsHttps || options.Value.SecureCookies;
        ReaderLocalization.WriteCultureCookie(Response, language, secure);
        Display.Theme.WriteCookie(Response, theme, secure);
        // The message is shown on the next page, in the language just chosen.
        TempData["Flash"] = language == ReaderLocalization.Chinese ? "设置已保存。" : language == ReaderLocalization.English ? "Settings saved." : L["Settings saved."].Value;
        return RedirectToPage();
    }

    /// <summary>Changes the password (the current one is asked again) and signs out every other browser.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var account = Account!;
        if (Passwords.Verify(account, currentPassword ?? "") == PasswordVerificationResult.Failed)
            PasswordError = L["The current password is wrong."];
        else if ((newPassword ?? "").Length < MinPasswordLength)
            PasswordError = L["The new password needs at least {0} characters.", MinPasswordLength];
        else if (newPassword != confirmPassword)
            PasswordError = L["The two new passwords differ."];
        if (PasswordError is not null)
        {
            await FillFormAsync(account, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await users.SetPasswordAsync(account.Id, Passwords.Hash(newPassword!), ct);
        await sessions.EndOthersAsync(account.Id, CurrentSessionId, ct);
        TempData["Flash"] = L["Password changed. Other browsers were signed out."].Value;
        return RedirectToPage();
    }

    /// <summary>Signs out one browser (this one too, if chosen: the next page then asks to sign in).</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || !await sessions.EndAsync(User.UserId(), id, ct)) return NotFound();
        TempData["Flash"] = L["That browser was signed out."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOtherSessionsAsync(CancellationToken ct)
    {
        var ended = await sessions.EndOthersAsync(User.UserId(), CurrentSessionId, ct);
        TempData["Flash"] = L["{0} other browsers were signed out.", ended].Value;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Account = await users.GetAsync(User.UserId(), ct);
        if (Account is null) return false;
        SignedIn = await sessionStore.ListAsync(Account.Id, ct);
        return true;
    }

    private async Task FillFormAsync(UserRecord account, CancellationToken ct)
    {
        Language = ReaderLocalization.Normalize(account.Language) ?? "";
        Theme = Display.Theme.Normalize(account.Theme);
        var reading = await users.GetReadingPreferencesAsync(account.Id, ct);
        PageSize = reading.PageSize;
        MarkRead = reading.MarkRead;
        DefaultView = reading.DefaultView;
        Order = reading.OldestFirst ? "oldest" : "newest";
    }
}
