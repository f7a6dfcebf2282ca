using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Inertia.Accounts;
using Inertia.Reader.Actions;
using Inertia.Reader.Auth;
using Inertia.Reader.Localization;
using Inertia.Reader.Offline;
using Inertia.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Net.Http.Headers;
using SameSiteMode = Microsoft.AspNetCore.Http.SameSiteMode;

namespace Inertia.Reader;

public static class ReaderServices
{
    /// <summary>Cookie auth, antiforgery, localization (en, zh-CN), Razor Pages of the reader.</summary>
    public static IServiceCollection AddReader(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ReaderOptions.Section);
        services.Configure<ReaderOptions>(section);
        var options = section.Get<ReaderOptions>() ?? new ReaderOptions();
        var cookieSecurity = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        // Keys that encrypt the auth and antiforgery cookies live in the database: sessions survive restarts, and
        // nodes sharing one PostgreSQL database accept each other's cookies with nothing else to share.
        services.AddDataProtection().SetApplicationName("inertia");
        services.AddOptions<KeyManagementOptions>()
            .Configure<Database>((keyOptions, database) => keyOptions.XmlRepository = new DatabaseKeyRepository(database));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "inertia.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = cookieSecurity;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/signin";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromDays(options.SessionDays);
            o.SlidingExpiration = true;
            // Sessions live in the database: a cookie whose session was ended stops working (Reader/Auth/Sessions).
            o.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<Sessions>().ValidateAsync(ctx);
            o.Events.OnSigningOut = ctx => ctx.HttpContext.RequestServices.GetRequiredService<Sessions>().SigningOutAsync(ctx);
            // A script's in-place action gets a status it can act on, not the HTML of a redirect target.
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (InPlace.WantsJson(ctx.Request)) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddMemoryCache();
        services.AddSingleton<Sessions>();
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "inertia.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = cookieSecurity;
        });

        // Only password guesses are limited: POST /signin, per client address.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Equals("/signin", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, options.SignInAttemptsPerMinute),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
        });

        services.AddReaderLocalization();
        services.AddOfflineSupport();
        // Full articles of truncated feeds, fetched on request and cached per entry.
        services.AddSingleton<Content.FullArticle.FullArticleStore>().AddSingleton<Content.FullArticle.FullArticleFetcher>()
            .AddHostedService<Content.FullArticle.FullArticleAutoFetch>();
        // Razor escapes every non-ASCII character by default: Chinese pages would triple in size and be unreadable as source.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        var readerAssembly = typeof(ReaderServices).Assembly;
        services.AddRazorPages(o =>
            {
                // Shared with the public side: pages live beside their concern and declare absolute routes.
                o.RootDirectory = "/";
                o.Conventions.AuthorizeFolder("/Reader/Pages");
                o.Conventions.AllowAnonymousToPage("/Reader/Pages/SignIn");
                o.Conventions.AllowAnonymousToPage("/Reader/Pages/Status");
                o.Conventions.AddPageRoute("/Reader/Pages/Entries", "reader/feeds/{feedId:long}");
                o.Conventions.AddPageRoute("/Reader/Pages/Entries", "reader/categories/{categoryId:long}");
                o.Conventions.AddPageRoute("/Reader/Pages/Entries", "reader/tags/{tagId:long}");
            })
            // Tests host the app from their own entry assembly: add the pages compiled into this one explicitly.
            .ConfigureApplicationPartManager(m =>
            {
                if (m.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == readerAssembly)) return;
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(readerAssembly).GetApplicationParts(readerAssembly))
                    m.ApplicationParts.Add(part);
            });
        return services;
    }

    /// <summary>Middleware and endpoints of the web UI (static files, auth, localization, pages, in-place actions).</summary>
    public static WebApplication UseReader(this WebApplication app)
    {
        var assets = new EmbeddedFileProvider(typeof(ReaderServices).Assembly, "Inertia.wwwroot");
        app.Environment.WebRootFileProvider = new CompositeFileProvider(assets, app.Environment.WebRootFileProvider);
        app.UseOfflineSupport();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = app.Environment.WebRootFileProvider,
            OnPrepareResponse = ctx =>
            {
                // Versioned URLs (asp-append-version) never change content; others revalidate.
                ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Query.ContainsKey("v")
                    ? "public, max-age=31536000, immutable"
                    : "public, max-age=3600";
            },
        });
        app.UseWhen(ctx => IsReaderPath(ctx.Request.Path), branch => branch.Use(SecurityHeaders));
        app.UseRequestLocalization();
        // Empty error responses of the reader (404 for another user's entry, 400 for a stale form) get a readable page.
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/reader") && !InPlace.WantsJson(ctx.Request),
            branch => branch.UseStatusCodePagesWithReExecute("/reader/status/{0}"));
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapReaderActions();
        app.MapServiceWorker();
        app.MapTagActions();
        return app;
    }

    private static bool IsReaderPath(PathString path) =>
        path.StartsWithSegments("/reader") || path.StartsWithSegments("/signin") || path.StartsWithSegments("/signout");

    /// <summary>
    /// Defence in depth behind the ingest sanitizer: no script runs on reader pages except our own module,
    /// and the pages cannot be framed.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers[HeaderNames.ContentSecurityPolicy] =
                    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; media-src *; " +
                    "frame-src https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
                headers[HeaderNames.XFrameOptions] = "DENY";
            }
            return Task.CompletedTask;
        });
        return next();
    }
}
