using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Inertia.Public.Display;

/// <summary>
/// Validators for the public pages: the ETag hashes what the page is made of (ids and change times), the language
/// and whether the visitor is signed in, so a 304 is answered before anything is rendered.
/// </summary>
public static class HttpCaching
{
    // A new build may render the same data differently.
    private static readonly string Build = typeof(HttpCaching).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static string ETag(params object?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p switch
        {
            DateTimeOffset t => t.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => p?.ToString() ?? "",
        })) + '\u001f' + Build;
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16)) + "\"";
    }

    /// <summary>
    /// Sets ETag, Cache-Control and Vary; true when the client's copy is current (answer 304). Signed-out pages may be
    /// kept by shared caches for a few minutes; signed-in ones only by the browser, revalidated each time.
    /// </summary>
    public static bool IsNotModified(HttpContext context, string etag)
    {
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.Vary = "Accept-Language, Cookie";
        headers.CacheControl = context.User.Identity?.IsAuthenticated == true
            ? "private, no-cache"
            : "public, max-age=300, stale-while-revalidate=60";
        return Matches(context.Request, etag);
    }

    /// <summary>Whether If-None-Match names <paramref name="etag"/> (weak comparison, as RFC 9110 wants for GET).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0) return false;
        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
               tags.Any(t => t.Tag == "*" || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
    }

    /// <summary>Cache headers of a page without a validator: shared caches may keep it briefly for visitors.</summary>
    public static void ShortLived(HttpContext context, int seconds)
    {
        context.Response.Headers.Vary = "Accept-Language, Cookie";
        if (context.User.Identity?.IsAuthenticated != true)
            context.Response.Headers.CacheControl = $"public, max-age={seconds}";
    }
}
