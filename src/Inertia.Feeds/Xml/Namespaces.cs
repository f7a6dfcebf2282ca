namespace Inertia.Feeds.Xml;

/// <summary>Namespace URIs and the short keys mappers switch on; feeds use many spellings of the same namespace.</summary>
internal static class Namespaces
{
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rss10 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";

    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = "",
        [Rss10] = "",
        [Rss090] = "",
        ["http://backend.userland.com/rss"] = "",
        ["http://backend.userland.com/rss2"] = "",
        ["http://blogs.law.harvard.edu/tech/rss"] = "",
        ["http://purl.org/net/rss1.1#"] = "",
        [Atom10] = "atom",
        [Atom03] = "atom",
        ["http://purl.org/atom/ns#draft-ietf-atompub-format-08"] = "atom",
        [Rdf] = "rdf",
        ["http://purl.org/rss/1.0/modules/content/"] = "content",
        ["http://purl.org/dc/elements/1.1/"] = "dc",
        ["http://purl.org/dc/elements/1.0/"] = "dc",
        ["http://purl.org/dc/terms/"] = "dcterms",
        ["http://search.yahoo.com/mrss/"] = "media",
        ["http://search.yahoo.com/mrss"] = "media",
        ["http://video.search.yahoo.com/mrss"] = "media",
        ["http://video.search.yahoo.com/mrss/"] = "media",
        ["http://www.itunes.com/dtds/podcast-1.0.dtd"] = "itunes",
        ["http://example.com/dtds/podcast-1.0.dtd"] = "itunes",
        ["http://www.itunes.com/dtds/podcast-1.0.dtd/"] = "itunes",
        ["https://podcastindex.org/namespace/1.0"] = "podcast",
        ["https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"] = "podcast",
        ["http://purl.org/rss/1.0/modules/slash/"] = "slash",
        ["http://wellformedweb.org/CommentAPI/"] = "wfw",
        ["http://purl.org/rss/1.0/modules/syndication/"] = "sy",
        ["http://webns.net/mvcb/"] = "admin",
        ["http://purl.org/rss/1.0/modules/image/"] = "image",
        ["http://www.google.com/schemas/reader/atom/"] = "gr",
        ["http://purl.org/syndication/thread/1.0"] = "thr",
        ["http://www.w3.org/2003/01/geo/wgs84_pos#"] = "geo",
        ["http://www.georss.org/georss"] = "georss",
        ["http://www.georss.org/georss/10"] = "georss",
        ["http://www.opengis.net/gml"] = "gml",
        ["http://feedburner.google.com/"] = "feedburner",
        ["http://rssnamespace.org/feedburner/ext/1.0"] = "feedburner",
        ["http://www.w3.org/2005/Atom/"] = "atom",
        [Xhtml] = "xhtml",
        ["http://podlove.org/simple-chapters"] = "psc",
        ["http://purl.org/rss/1.0/modules/rss091#"] = "",
        ["http://www.bloglines.com/about/specs/fac-1.0"] = "access",
        ["http://madskills.com/public/xml/rss/module/trackback/"] = "trackback",
        ["http://www.w3.org/1999/xlink"] = "xlink",
        ["http://purl.org/rss/1.0/modules/taxonomy/"] = "taxo",
        ["http://purl.org/rss/1.0/modules/annotate/"] = "annotate",
        ["http://www.microsoft.com/schemas/rss/core/2005"] = "cf",
        ["http://postneo.com/icbm/"] = "icbm",
        ["http://web.resource.org/cc/"] = "cc",
        ["http://creativecommons.org/ns#"] = "cc",
        ["http://backend.userland.com/creativeCommonsRssModule"] = "creativecommons",
    };

    /// <summary>Short key for a namespace URI: "" for RSS itself, "atom", "dc", …; the URI itself when unknown.</summary>
    public static string Key(string ns) => Keys.TryGetValue(ns, out var k) ? k : ns;
}
