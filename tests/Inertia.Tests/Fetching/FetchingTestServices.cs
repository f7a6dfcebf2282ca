using Inertia.Fetching;
using Inertia.Fetching.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inertia.Tests.Fetching;

/// <summary>The real fetching services, configured the way tests need them (loopback opted in explicitly).</summary>
public static class FetchingTestServices
{
    public static ServiceProvider Create(IDictionary<string, string?>? settings = null, bool allowLoopback = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["Fetching:RequestTimeout"] = "00:00:20",
            ["Fetching:SchedulerEnabled"] = "false",
        };
        if (allowLoopback) values["Fetching:AllowedNetworks:0"] = "127.0.0.0/8";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddFetching(configuration).BuildServiceProvider();
    }

    public static HttpFetcher Fetcher(this ServiceProvider services) => services.GetRequiredService<HttpFetcher>();
}
