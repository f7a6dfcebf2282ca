using Microsoft.Net.Http.Headers;

namespace Inertia.Public;

/// <summary>
/// The reader's defence in depth, for the public side too: public article pages show stored feed HTML, so no script
/// runs but our own, and no page can be framed. Headers already set (the reader sets its own) are left alone.
/// </summary>
public static class PublicHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; media-src *; " +
        "frame-src https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
            headers.TryAdd("Referrer-Policy", "same-origin");
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy);
                headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
            }
            return Task.CompletedTask;
        });
        return next();
    }
}
