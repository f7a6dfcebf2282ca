using System.Net;

namespace Inertia.Tests.Reader;

public sealed class AssetsTests
{
    [Theory]
    [InlineData("/css/reader.css", "text/css")]
    [InlineData("/js/reader.js", "text/javascript")]
    [InlineData("/icons/icon.svg", "image/svg+xml")]
    [InlineData("/manifest.webmanifest", "application/manifest+json")]
    public async Task Static_assets_are_served_without_sign_in(string path, string contentType)
    {
        await using var app = await ReaderApp.StartAsync();
        using var client = app.Client();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_and_versioned_assets()
    {
        await using var app = await ReaderApp.StartAsync();
        using var client = app.Client();

        using var response = await client.GetAsync("/signin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Matches("/css/reader\\.css\\?v=[\\w-]+", html);
        Assert.Matches("<script type=\"module\" src=\"/js/reader\\.js\\?v=[\\w-]+\"></script>", html);
    }
}
