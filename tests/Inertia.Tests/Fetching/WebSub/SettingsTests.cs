using Inertia.Fetching;
using Inertia.Fetching.Icons;
using Inertia.Fetching.WebSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inertia.Tests.Fetching.WebSub;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("Fetching:PublicUrl", "reader.example.org")]
    [InlineData("Fetching:PublicUrl", "ftp://reader.example.org")]
    public void A_public_url_that_is_not_an_absolute_web_address_is_refused(string key, string value)
    {
        using var services = FetchingTestServices.Create(new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FetchingOptions>>().Value);
        Assert.Contains("Fetching:PublicUrl", error.Message);
    }

    [Theory]
    [InlineData("Fetching:WebSub:Lease", "00:00:00")]
    [InlineData("Fetching:Icons:MaxBytes", "0")]
    [InlineData("Fetching:Icons:RefreshInterval", "-1.00:00:00")]
    public void Bad_push_and_icon_settings_are_refused(string key, string value)
    {
        using var services = FetchingTestServices.Create(new Dictionary<string, string?> { [key] = value });
        var error = Record.Exception(() =>
        {
            _ = services.GetRequiredService<IOptions<WebSubOptions>>().Value;
            _ = services.GetRequiredService<IOptions<IconOptions>>().Value;
        });
        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Fetching:", error.Message);
    }

    [Fact]
    public void Settings_are_read_from_their_sections()
    {
        using var services = FetchingTestServices.Create(new Dictionary<string, string?>
        {
            ["Fetching:PublicUrl"] = "https://reader.example.org/",
            ["Fetching:WebSub:Lease"] = "2.00:00:00",
            ["Fetching:Icons:MaxBytes"] = "1000",
        });
        Assert.Equal(TimeSpan.FromDays(2), services.GetRequiredService<IOptions<WebSubOptions>>().Value.Lease);
        Assert.Equal(1000, services.GetRequiredService<IOptions<IconOptions>>().Value.MaxBytes);
    }
}
