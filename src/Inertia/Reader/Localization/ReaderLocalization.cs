using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SameSiteMode = Microsoft.AspNetCore.Http.SameSiteMode;

namespace Inertia.Reader.Localization;

public static class ReaderLocalization
{
    public const string English = "en";
    public const string Chinese = "zh-CN";
    public static readonly string[] Languages = [English, Chinese];

    /// <summary>The user's explicit choice; absent means "follow the browser".</summary>
    public const string CultureCookie = "inertia.lang";

    public static IServiceCollection AddReaderLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture(English);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie }, new AcceptLanguageProvider()];
        });
        return services;
    }

    /// <summary>"en", "zh-CN", or null for anything else (then the browser decides).</summary>
    public static string? Normalize(string? language) =>
        Languages.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stores the choice in a cookie, or removes it so Accept-Language decides again.</summary>
    public static void WriteCultureCookie(HttpResponse response, string? language, bool secure)
    {
        if (Normalize(language) is { } lang)
            response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang)), new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = secure, IsEssential = true,
            });
        else
            response.Cookies.Delete(CultureCookie);
    }

    /// <summary>
    /// Accept-Language by language family, by quality: any Chinese (zh, zh-Hans, zh-TW…) gets zh-CN, any English gets en.
    /// The stock provider only matches exact culture names, so "zh" would fall back to English.
    /// </summary>
    private sealed class AcceptLanguageProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var header = httpContext.Request.Headers.AcceptLanguage;
            if (StringValues.IsNullOrEmpty(header) || !StringWithQualityHeaderValue.TryParseList(header, out var values))
                return NullProviderCultureResult;
            foreach (var value in values.OrderByDescending(v => v.Quality ?? 1))
            {
                var tag = value.Value.Value ?? "";
                var match = tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
                    : tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
                    : null;
                if (match is not null) return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(match));
            }
            return NullProviderCultureResult;
        }
    }
}
