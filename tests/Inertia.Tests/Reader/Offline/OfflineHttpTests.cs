using System.Net;
using System.Text.RegularExpressions;

namespace Inertia.Tests.Reader.Offline;

/// <summary>The service worker, the offline page and compressed assets, over plain HTTP.</summary>
public sealed partial class OfflineHttpTests
{
    [Fact]
    public async Task The_service_worker_is_served_at_the_root_uncached_with_the_versioned_assets_of_the_pages()
    {
        await using var app = await ReaderApp.StartAsync();
        using var client = app.Client();

        using var response = await client.GetAsync("/sw.js");
        var script = await response.Content.ReadAsStringAsync();
        var page = await client.GetHtmlAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("/", response.Headers.GetValues("Service-Worker-Allowed").Single());
        Assert.DoesNotContain("__VERSION__", script);
        Assert.DoesNotContain("__ASSETS__", script);
        Assert.Matches("const VERSION = \"[0-9a-f]{12}\";", script);
        // The worker installs exactly the URLs the pages ask for, so its cache-first answers are the current files.
        var css = StylesheetHref().Match(page).Groups[1].Value;
        var js = ScriptSrc().Match(page).Groups[1].Value;
        Assert.StartsWith("/css/reader.css?v=", css);
        Assert.Contains($"\"{css}\"", script);
        Assert.Contains($"\"{js}\"", script);
    }

    [Theory]
    [InlineData("en", "You are offline", "en")]
    [InlineData("zh-CN", "你已离线", "zh-CN")]
    public async Task The_offline_page_needs_no_sign_in_and_speaks_the_readers_language(string acceptLanguage, string heading, string contentLanguage)
    {
        await using var app = await ReaderApp.StartAsync();
        using var client = app.Client(acceptLanguage);

        using var response = await client.GetAsync("/reader/offline");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"offline-page\"", html);
        Assert.Contains(heading, html);
        Assert.Equal(contentLanguage, response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task Stylesheets_and_scripts_are_compressed_pages_are_not()
    {
        await using var app = await ReaderApp.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.BaseUri };

        foreach (var (path, encoding) in new[] { ("/css/reader.css", "br"), ("/js/reader.js", "gzip"), ("/public/public.css", "br") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
        }
        // Pages hold antiforgery tokens beside feed text: no compression, no BREACH.
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/signin");
        pageRequest.Headers.AcceptEncoding.ParseAdd("br");
        using var page = await http.SendAsync(pageRequest);
        Assert.Empty(page.Content.Headers.ContentEncoding);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetHref();

    [GeneratedRegex("<script type=\"module\" src=\"([^\"]+)\"")]
    private static partial Regex ScriptSrc();
}
