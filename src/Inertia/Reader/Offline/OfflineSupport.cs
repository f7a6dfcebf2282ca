using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Inertia.Reader.Offline;

/// <summary>
/// The installable, offline-capable side of the reader: compressed static assets, the service worker at /sw.js
/// (scope "/"), and the Content-Language header it uses to keep the offline page in the reader's language.
/// </summary>
public static class OfflineSupport
{
    public const string ServiceWorkerPath = "/sw.js";

    /// <summary>Assets the service worker installs up front, as the pages reference them (with ?v= where they do).</summary>
    private static readonly (string Path, bool Versioned)[] PrecachedAssets =
    [
        ("/css/reader.css", true), ("/js/reader.js", true), ("/js/mark-on-scroll.js", true),
        ("/icons/icon.svg", false), ("/manifest.webmanifest", false),
    ];

    /// <summary>
    /// Only static text assets are compressed. Pages are not: they carry antiforgery tokens next to text a feed
    /// controls, the ingredients of a compression side channel (BREACH) over HTTPS.
    /// </summary>
    public static IServiceCollection AddOfflineSupport(this IServiceCollection services) =>
        services
            .AddResponseCompression(o =>
            {
                o.EnableForHttps = true;
                o.Providers.Add<BrotliCompressionProvider>();
                o.Providers.Add<GzipCompressionProvider>();
                o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/manifest+json"];
            })
            .Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.SmallestSize)
            .Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.SmallestSize);

    /// <summary>Before static files: compression; around reader pages: the Content-Language of the page.</summary>
    public static WebApplication UseOfflineSupport(this WebApplication app)
    {
        app.UseResponseCompression();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                    && context.Features.Get<IRequestCultureFeature>() is { } culture)
                    context.Response.Headers.ContentLanguage = culture.RequestCulture.UICulture.Name;
                return Task.CompletedTask;
            });
            return next();
        });
        return app;
    }

    /// <summary>
    /// The service worker, from a template inside the assembly (not wwwroot, which would serve it raw): the versioned
    /// asset URLs and a version derived from them are written in, so a build that changes any asset installs a new
    /// worker whose caches replace the old ones.
    /// </summary>
    public static WebApplication MapServiceWorker(this WebApplication app)
    {
        string? script = null;
        app.MapGet(ServiceWorkerPath, (HttpContext context, IFileVersionProvider versions) =>
        {
            script ??= Render(versions, context.Request.PathBase);
            var headers = context.Response.Headers;
            // A worker controls every page under "/": it must never be served stale by an HTTP cache.
            headers.CacheControl = "no-cache";
            headers["Service-Worker-Allowed"] = "/";
            headers.XContentTypeOptions = "nosniff";
            return Results.Text(script, "text/javascript", Encoding.UTF8);
        }).AllowAnonymous();
        return app;
    }

    private static string Render(IFileVersionProvider versions, PathString pathBase)
    {
        var assets = PrecachedAssets
            .Select(a => a.Versioned ? versions.AddFileVersionToPath(pathBase, a.Path) : a.Path)
            .ToList();
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', assets))))[..12];
        using var stream = typeof(OfflineSupport).Assembly.GetManifestResourceStream("Inertia.Reader.Offline.service-worker.js")
            ?? throw new InvalidOperationException("service-worker.js is not embedded.");
        var template = new StreamReader(stream).ReadToEnd();
        return template
            .Replace("'__VERSION__'", System.Text.Json.JsonSerializer.Serialize(version))
            .Replace("'__ASSETS__'", System.Text.Json.JsonSerializer.Serialize(assets));
    }
}
