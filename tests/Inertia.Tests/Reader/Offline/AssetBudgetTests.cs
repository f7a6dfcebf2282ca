using System.Net;
using System.Text.RegularExpressions;
using Inertia.Storage;
using Inertia.Tests.Public;
using Inertia.Tests.Support;
using Xunit.Abstractions;

namespace Inertia.Tests.Reader.Offline;

/// <summary>
/// Page weight: every main page, reader and public, references at most 50 KB of stylesheets and scripts as sent
/// compressed (brotli, as browsers ask). The figures are printed for docs/benchmarks.md ("Web reader").
/// </summary>
public sealed partial class AssetBudgetTests(PublicSiteFixture site, ITestOutputHelper output) : IClassFixture<PublicSiteFixture>
{
    private const int BudgetBytes = 50 * 1024;

    [Fact]
    public async Task Each_main_page_references_at_most_50_KB_of_compressed_css_and_js()
    {
        using var admin = new SiteClient(site.Server.BaseUri);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(InertiaServer.AdminUser, InertiaServer.AdminPassword)).StatusCode);
        var entry = (await site.Server.Get<EntryStore>().ListAsync(site.AdminId, new EntryQuery(Limit: 1))).Single();
        var article = (await site.EntriesAsync(await site.PreviewAsync(site.CatalogEnglishId))).First();
        using var visitor = new SiteClient(site.Server.BaseUri);
        using var assets = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = site.Server.BaseUri };

        var pages = new (string Name, SiteClient Client, string Path)[]
        {
            ("unread list", admin, "/reader"),
            ("entry", admin, $"/reader/entries/{entry.Id}"),
            ("feeds", admin, "/reader/feeds"),
            ("settings", admin, "/reader/settings"),
            ("search", admin, "/reader/search?q=diary"),
            ("add feed", admin, "/reader/add"),
            ("public home", visitor, "/"),
            ("discover", visitor, "/discover"),
            ("public article", visitor, $"/articles/{article.Id}"),
        };
        foreach (var (name, client, path) in pages)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect)
                response = await client.GetAsync(response.Headers.Location!.OriginalString);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: GET {path} {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            var urls = AssetReference().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
            Assert.NotEmpty(urls);

            long total = 0, raw = 0;
            foreach (var url in urls)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.AcceptEncoding.ParseAdd("br, gzip");
                using var asset = await assets.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
                Assert.Equal("br", asset.Content.Headers.ContentEncoding.Single());
                total += (await asset.Content.ReadAsByteArrayAsync()).Length;
                using var plain = await assets.GetAsync(url);
                raw += (await plain.Content.ReadAsByteArrayAsync()).Length;
            }
            output.WriteLine($"| {name} | `{path}` | {urls.Count} | {raw / 1024.0:0.0} KB | {total / 1024.0:0.0} KB |");
            Assert.True(total <= BudgetBytes, $"{name}: {total} compressed bytes of CSS and JS ({string.Join(", ", urls)})");
        }
    }

    /// <summary>Stylesheets and scripts of our own origin (the only ones the pages' CSP allows).</summary>
    [GeneratedRegex("<(?:link rel=\"stylesheet\" href|script[^>]* src)=\"(/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
