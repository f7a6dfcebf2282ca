using Inertia.Fetching.Http;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Pages.Feeds;

/// <summary>
/// The per-feed settings as the edit form posts them. Secrets (cookie, password, the proxy's password) are never
/// sent back to the browser: their fields stay empty and an empty field keeps the stored value; a "clear" box removes
/// it. Validation errors name the field and nothing is saved, so a bad value loses nothing already stored.
/// </summary>
public sealed class FeedSettingsForm
{
    /// <summary>Shown in the proxy field instead of a stored proxy password; posted back unchanged, it keeps it.</summary>
    public const string Mask = "********";
    const int MaxIntervalMinutes = 30 * 24 * 60;

    public string? FixedIntervalMinutes { get; set; }
    public bool IgnoreHttpCache { get; set; }
    public bool FullArticle { get; set; }
    public string? ArticleSelector { get; set; }
    public string? UserAgent { get; set; }
    public string? Cookie { get; set; }
    public bool ClearCookie { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool ClearPassword { get; set; }
    public string? ProxyUrl { get; set; }

    /// <summary>The form as shown for stored settings: secrets left out.</summary>
    public static FeedSettingsForm From(FeedSettings settings) => new()
    {
        FixedIntervalMinutes = settings.FixedInterval is { } interval ? ((long)interval.TotalMinutes).ToString() : "",
        IgnoreHttpCache = settings.IgnoreHttpCache,
        FullArticle = settings.FullArticle,
        ArticleSelector = settings.ArticleSelector,
        UserAgent = settings.UserAgent,
        Username = settings.Username,
        ProxyUrl = MaskProxy(settings.ProxyUrl),
    };

    /// <summary>A proxy URL with its password replaced by <see cref="Mask"/>.</summary>
    public static string? MaskProxy(string? proxyUrl)
    {
        if (proxyUrl is null || !Uri.TryCreate(proxyUrl, UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':')) return proxyUrl;
        return new UriBuilder(uri) { Password = Mask }.Uri.ToString().TrimEnd('/');
    }

    /// <summary>
    /// The settings to store: the posted values merged with the stored secrets. Errors go to <paramref name="errors"/>
    /// (field name → message) and the result is then null.
    /// </summary>
    public FeedSettings? ToSettings(FeedSettings stored, IStringLocalizer<ReaderText> L, IDictionary<string, string> errors)
    {
        TimeSpan? interval = null;
        if (!string.IsNullOrWhiteSpace(FixedIntervalMinutes))
        {
            if (int.TryParse(FixedIntervalMinutes.Trim(), out var minutes) && minutes is >= 1 and <= MaxIntervalMinutes)
                interval = TimeSpan.FromMinutes(minutes);
            else
                errors[nameof(FixedIntervalMinutes)] = L["Enter a whole number of minutes from 1 to {0}, or leave it empty.", MaxIntervalMinutes];
        }

        var selector = Trimmed(ArticleSelector);
        if (selector is not null && (selector.Length > 500 || new AngleSharp.Css.Parser.CssSelectorParser().ParseSelector(selector) is null))
            errors[nameof(ArticleSelector)] = L["Not a valid CSS selector."];

        var userAgent = Trimmed(UserAgent);
        if (userAgent is not null && (userAgent.Length > 500 || HasControl(userAgent)))
            errors[nameof(UserAgent)] = L["The user agent must be one line of at most 500 characters."];

        var cookie = ClearCookie ? null : string.IsNullOrWhiteSpace(Cookie) ? stored.Cookie : Cookie.Trim();
        if (cookie is not null && (cookie.Length > 8192 || HasControl(cookie)))
            errors[nameof(Cookie)] = L["The cookie must be one line (name=value; name2=value2)."];

        var username = Trimmed(Username);
        if (username is not null && (username.Length > 200 || username.Contains(':') || HasControl(username)))
            errors[nameof(Username)] = L["The user name must be one line without a colon."];
        var password = ClearPassword ? null : string.IsNullOrEmpty(Password) ? stored.Password : Password;
        if (password is not null && (password.Length > 500 || HasControl(password)))
            errors[nameof(Password)] = L["The password must be one line of at most 500 characters."];
        // Clearing the user name clears the stored password with it; a newly typed password needs one.
        if (!string.IsNullOrEmpty(Password) && !ClearPassword && username is null && !errors.ContainsKey(nameof(Username)))
            errors[nameof(Username)] = L["A password needs a user name."];

        var proxy = Trimmed(ProxyUrl);
        if (proxy is not null && proxy == MaskProxy(stored.ProxyUrl)) proxy = stored.ProxyUrl;
        if (proxy is not null && !ProxyClients.IsValid(proxy, out _))
            errors[nameof(ProxyUrl)] = L["The proxy must be an http://, https:// or socks5:// address, like http://proxy.example:3128."];

        if (errors.Count > 0) return null;
        return new FeedSettings
        {
            FixedInterval = interval, IgnoreHttpCache = IgnoreHttpCache, FullArticle = FullArticle, ArticleSelector = selector,
            UserAgent = userAgent, Cookie = cookie, Username = username, Password = username is null ? null : password, ProxyUrl = proxy,
        };
    }

    static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static bool HasControl(string value) => value.Any(char.IsControl);
}
