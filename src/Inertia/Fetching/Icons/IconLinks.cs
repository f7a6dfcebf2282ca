using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Inertia.Fetching.Icons;

/// <summary>An icon a page or manifest names, with the size it declares (0 when unknown).</summary>
public sealed record IconCandidate(string Url, int Size);

/// <summary>Icons a site page advertises: &lt;link rel="icon" / "apple-touch-icon"&gt; and its web app manifest.</summary>
public static class IconLinks
{
    /// <summary>Best first: raster icons by declared size (the largest up to 256 px, then larger ones), never SVG.</summary>
    public static (IReadOnlyList<IconCandidate> Icons, string? ManifestUrl) FromHtml(byte[] html, string pageUrl)
    {
        using var stream = new MemoryStream(html, writable: false);
        var document = new HtmlParser().ParseDocument(stream);
        var baseUri = new Uri(pageUrl);
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } baseHref && Uri.TryCreate(baseUri, baseHref.Trim(), out var declared))
            baseUri = declared;

        var icons = new List<IconCandidate>();
        string? manifest = null;
        foreach (var link in document.QuerySelectorAll("link[href][rel]"))
        {
            var rels = link.GetAttribute("rel")!.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!Uri.TryCreate(baseUri, link.GetAttribute("href")!.Trim(), out var url) || !IsWeb(url)) continue;
            if (rels.Contains("manifest")) manifest ??= url.AbsoluteUri;
            var touch = rels.Any(r => r.StartsWith("apple-touch-icon", StringComparison.Ordinal));
            if (!touch && !rels.Contains("icon")) continue;
            if (IsSvg(link.GetAttribute("type"), url.AbsolutePath)) continue;
            // Apple touch icons are 180 px unless they say otherwise; a plain favicon link is usually 16 or 32.
            var size = Size(link.GetAttribute("sizes")) is > 0 and var s ? s : touch ? 180 : 32;
            icons.Add(new IconCandidate(url.AbsoluteUri, size));
        }
        return (Rank(icons), manifest);
    }

    /// <summary>The "icons" of a web app manifest, resolved against its URL.</summary>
    public static IReadOnlyList<IconCandidate> FromManifest(byte[] json, string manifestUrl)
    {
        var icons = new List<IconCandidate>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("icons", out var list) || list.ValueKind != JsonValueKind.Array)
                return [];
            foreach (var icon in list.EnumerateArray())
            {
                if (icon.ValueKind != JsonValueKind.Object || !icon.TryGetProperty("src", out var src) || src.ValueKind != JsonValueKind.String) continue;
                if (!Uri.TryCreate(new Uri(manifestUrl), src.GetString()!.Trim(), out var url) || !IsWeb(url)) continue;
                var type = icon.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (IsSvg(type, url.AbsolutePath)) continue;
                var sizes = icon.TryGetProperty("sizes", out var z) && z.ValueKind == JsonValueKind.String ? z.GetString() : null;
                icons.Add(new IconCandidate(url.AbsoluteUri, Size(sizes)));
            }
        }
        catch (JsonException)
        {
            return [];
        }
        return Rank(icons);
    }

    static List<IconCandidate> Rank(List<IconCandidate> icons) =>
        icons.DistinctBy(i => i.Url)
            .OrderBy(i => i.Size > 256 ? 1 : 0)             // up to 256 px first: enough for any avatar, small to store
            .ThenByDescending(i => i.Size <= 256 ? i.Size : -i.Size) // the largest of those; of bigger ones, the smallest
            .ToList();

    /// <summary>The largest square size in "16x16 32x32" (0 for "any" or nothing).</summary>
    static int Size(string? sizes)
    {
        var best = 0;
        foreach (var size in (sizes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var x = size.IndexOf('x', StringComparison.OrdinalIgnoreCase);
            if (x > 0 && int.TryParse(size[..x], out var width) && width > best) best = width;
        }
        return best;
    }

    static bool IsSvg(string? type, string path) =>
        type?.Contains("svg", StringComparison.OrdinalIgnoreCase) == true || path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);

    static bool IsWeb(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;
}
