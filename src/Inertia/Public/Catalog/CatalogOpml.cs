using Inertia.Feeds.Opml;
using Inertia.Storage;

namespace Inertia.Public.Catalog;

/// <summary>
/// An OPML file as catalog entries, read with Inertia.Feeds' tolerant OPML reader: each feed outline becomes an entry
/// whose category is its innermost folder, with the "language" and "description" attributes the shipped catalog uses.
/// </summary>
public static class CatalogOpml
{
    /// <summary>The catalog shipped with Inertia (../shared/catalog/recommended-feeds.opml, embedded).</summary>
    public const string ShippedResource = "Inertia.Public.Catalog.recommended-feeds.opml";

    /// <summary>One-line descriptions of the shipped feeds (URL, tab, text), kept apart so the OPML stays an exact copy.</summary>
    public const string ShippedDescriptionsResource = "Inertia.Public.Catalog.recommended-feeds.descriptions.tsv";

    public static IReadOnlyList<CatalogFeedData> ReadShipped()
    {
        var descriptions = ShippedDescriptions();
        return Read(Resource(ShippedResource))
            .Select(f => f.Description is null && descriptions.TryGetValue(f.Url, out var d) ? f with { Description = d } : f)
            .ToList();
    }

    public static IReadOnlyDictionary<string, string> ShippedDescriptions()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(new MemoryStream(Resource(ShippedDescriptionsResource)));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            if (tab > 0) result[line[..tab]] = line[(tab + 1)..].Trim();
        }
        return result;
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(CatalogOpml).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Entries in document order; outlines without an http(s) xmlUrl are skipped, as are repeated URLs.
    /// Throws <see cref="OpmlException"/> for a document that is not OPML.
    /// </summary>
    public static IReadOnlyList<CatalogFeedData> Read(ReadOnlySpan<byte> opml)
    {
        var result = new List<CatalogFeedData>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outline in Opml.Read(opml).Feeds())
        {
            var url = outline.XmlUrl!;
            if (!IsHttp(url) || !seen.Add(url)) continue;
            result.Add(new CatalogFeedData(
                Url: url,
                Title: outline.DisplayName ?? url,
                Description: outline.Description,
                Category: outline.CategoryPath.Count > 0 ? outline.CategoryPath[^1] : "",
                Language: outline.Language ?? "",
                SiteUrl: outline.HtmlUrl is { } site && IsHttp(site) ? site : null));
        }
        return result;
    }

    public static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
