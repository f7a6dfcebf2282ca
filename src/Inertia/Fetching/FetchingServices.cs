using Inertia.Html;
using Inertia.Fetching.Http;
using Inertia.Fetching.Icons;
using Inertia.Fetching.Scheduling;
using Inertia.Fetching.WebSub;
using Inertia.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching;

public static class FetchingServices
{
    /// <summary>HTTP layer, SSRF guard, discovery, refresher, sanitizer and the background scheduler.</summary>
    public static IServiceCollection AddFetching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetchingOptions>()
            .Bind(configuration.GetSection(FetchingOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0 && o.RequestTimeout > TimeSpan.Zero && o.ConnectTimeout > TimeSpan.Zero,
                "Fetching: MaxBodyBytes, RequestTimeout and ConnectTimeout must be positive.")
            .Validate(o => o.MinInterval > TimeSpan.Zero && o.MaxInterval >= o.MinInterval && o.PollInterval > TimeSpan.Zero,
                "Fetching: MinInterval and PollInterval must be positive and MaxInterval at least MinInterval.")
            .Validate(o => { _ = new AddressGuard(o.AllowedNetworks); return true; })
            // A typo in the allowlist or a limit should stop the start, not the first fetch.
            .ValidateOnStart();
        services.AddSingleton(sp => new AddressGuard(sp.GetRequiredService<IOptions<FetchingOptions>>().Value.AllowedNetworks));

        services.AddHttpClient(HttpFetcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
                FetchHandler.Create(sp.GetRequiredService<IOptions<FetchingOptions>>().Value, sp.GetRequiredService<AddressGuard>()))
            .SetHandlerLifetime(TimeSpan.FromMinutes(15))
            // Ten thousand feeds make ten thousand log lines per cycle; the refresher logs outcomes instead.
            .RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProxyClients>();
        services.AddSingleton<HttpFetcher>();
        services.AddSingleton<HtmlCleaner>();
        services.AddSingleton(sp => new RefreshPolicy(sp.GetRequiredService<IOptions<FetchingOptions>>().Value));
        services.AddSingleton<FeedRefresher>();
        services.AddSingleton<FeedDiscovery>();
        services.AddSingleton<RefreshScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RefreshScheduler>());
        services.AddWebSubAndIcons(configuration);
        return services;
    }

    /// <summary>WebSub push (on when Fetching:PublicUrl is set) and feed icons, with their stores and background workers.</summary>
    static void AddWebSubAndIcons(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetchingOptions>()
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) ||
                           (Uri.TryCreate(o.PublicUrl.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)),
                "Fetching:PublicUrl must be an absolute http(s) URL, such as https://reader.example.org.");
        services.AddOptions<WebSubOptions>().Bind(configuration.GetSection(WebSubOptions.Section))
            .Validate(o => o.Lease > TimeSpan.Zero && o.VerifyWithin > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero,
                "Fetching:WebSub: Lease, VerifyWithin and PollInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<IconOptions>().Bind(configuration.GetSection(IconOptions.Section))
            .Validate(o => o.MaxBytes > 0 && o.MaxPageBytes > 0 && o.RefreshInterval > TimeSpan.Zero && o.RetryInterval > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero,
                "Fetching:Icons: sizes and intervals must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<WebSubStore>();
        services.TryAddSingleton<IconStore>();
        services.AddSingleton<WebSubSubscriber>();
        services.AddHostedService<WebSubMaintenance>();
        services.AddSingleton<IconFetcher>();
        services.AddSingleton<IconDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<IconDirectory>());
        services.AddSingleton<IconRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<IconRefresher>());
    }
}
