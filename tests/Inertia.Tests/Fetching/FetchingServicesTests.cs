using Inertia.Html;
using Inertia.Fetching;
using Inertia.Fetching.Http;
using Inertia.Fetching.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Inertia.Tests.Fetching;

public sealed class FetchingServicesTests
{
    [Fact]
    public async Task Everything_resolves_and_the_scheduler_is_a_hosted_service()
    {
        await using var env = await RefreshEnvironment.CreateAsync(new Dictionary<string, string?>
        {
            ["Fetching:MaxBodyBytes"] = "1048576",
            ["Fetching:PerHostLimit"] = "3",
            ["Fetching:MinInterval"] = "00:10:00",
            ["Fetching:PublicUrl"] = "https://reader.example.org",
        });
        var services = env.Services;
        Assert.NotNull(services.GetRequiredService<HttpFetcher>());
        Assert.NotNull(services.GetRequiredService<FeedRefresher>());
        Assert.NotNull(services.GetRequiredService<FeedDiscovery>());
        Assert.Same(services.GetRequiredService<HtmlCleaner>(), services.GetRequiredService<HtmlCleaner>());
        Assert.Contains(services.GetServices<IHostedService>(), s => ReferenceEquals(s, services.GetRequiredService<RefreshScheduler>()));

        var options = services.GetRequiredService<IOptions<FetchingOptions>>().Value;
        Assert.Equal(1048576, options.MaxBodyBytes);
        Assert.Equal(3, options.PerHostLimit);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MinInterval);
        Assert.Equal("https://reader.example.org", options.PublicUrl);
        Assert.Equal(["127.0.0.0/8"], options.AllowedNetworks);
    }

    [Theory]
    [InlineData("Fetching:AllowedNetworks:0", "10.0.0.0/33")]
    [InlineData("Fetching:MaxBodyBytes", "0")]
    [InlineData("Fetching:MaxInterval", "00:01:00")]
    public void Bad_settings_are_refused(string key, string value)
    {
        using var services = FetchingTestServices.Create(new Dictionary<string, string?> { [key] = value });
        var error = Record.Exception(() => services.GetRequiredService<IOptions<FetchingOptions>>().Value);
        Assert.True(error is OptionsValidationException or FormatException, error?.GetType().Name);
        Assert.Contains("Fetching", error!.Message);
    }
}
