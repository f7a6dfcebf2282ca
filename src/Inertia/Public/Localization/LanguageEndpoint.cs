using Inertia.Reader;
using Inertia.Reader.Localization;
using Microsoft.Extensions.Options;

namespace Inertia.Public.Localization;

/// <summary>
/// GET /language/{en|zh-CN}?returnUrl=…: a visitor's language switch. Writes the reader's culture cookie (the same
/// one the reader's settings write) and goes back; only local return URLs are followed.
/// </summary>
public static class LanguageEndpoint
{
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/language/{language}", (HttpContext context, string language, string? returnUrl, IOptions<ReaderOptions> options) =>
        {
            if (ReaderLocalization.Normalize(language) is not { } lang) return Results.NotFound();
            ReaderLocalization.WriteCultureCookie(context.Response, lang, context.Request.IsHttps || options.Value.SecureCookies);
            context.Response.Headers.CacheControl = "no-store";
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();

    /// <summary>"/path" but not "//host" or "/\host" (which browsers treat as another site).</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
