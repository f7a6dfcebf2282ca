using Inertia.Public.Access;
using Inertia.Public.Catalog;
using Inertia.Public.Localization;
using Inertia.Public.Output;
using Inertia.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inertia.Public;

// Razor Pages convention: RootDirectory is "/" so pages live beside their concern — Reader/Pages/… (signed-in
// reader, at "/reader…") and Public/Pages/… (this folder: visitor home at "/", /discover, /feeds/{id}/{slug},
// /articles/{id}/{slug}). Every page declares an ABSOLUTE route in its @page directive.
public static class PublicServices
{
    /// <summary>Catalog, public pages, output feeds.</summary>
    public static IServiceCollection AddPublic(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<PublicStore>();
        services.AddSingleton<CatalogSnapshot>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PublicAccess>();
        services.AddSingleton<PublicText>();
        services.AddSingleton<Subscriber>();
        services.AddHostedService<CatalogSeeder>();
        // The reader registers Razor Pages with its conventions; this only makes sure they exist. Public pages say
        // [AllowAnonymous] themselves, so a folder-wide "sign in first" convention does not reach them.
        services.AddRazorPages();
        return services;
    }

    /// <summary>Endpoints of the public side (output feeds, catalog actions) not served by Razor Pages.</summary>
    public static WebApplication UsePublic(this WebApplication app)
    {
        app.Use(PublicHeaders.Apply);
        app.MapOutputFeeds();
        app.MapCatalogPreview();
        app.MapLanguageSwitch();
        return app;
    }
}
