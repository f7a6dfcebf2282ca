namespace Inertia.Feeds.Model;

/// <summary>A feed document as Inertia reads it: format-neutral, already decoded and URL-resolved.</summary>
public sealed class ParsedFeed
{
    // Collections are created on first use: most entries leave most of them empty, and a parse creates thousands of entries.

    /// <summary>Detected format: rss0.90, rss0.91, rss0.92, rss0.93, rss0.94, rss1.0, rss2.0, atom0.3, atom1.0, json1.0, json1.1, cdf (Microsoft's Channel Definition Format), or "unknown".</summary>
    public string Format { get; set; } = "unknown";

    /// <summary>The charset the bytes were decoded with, lower-case web name (utf-8, gb18030, big5, …).</summary>
    public string? Encoding { get; set; }

    public string? Title { get; set; }
    public string? SiteUrl { get; set; }
    /// <summary>The feed's own URL: atom:link rel=self if given, else the document URL.</summary>
    public string? FeedUrl { get; set; }
    public string? Description { get; set; }
    public string? Language { get; set; }
    public string? ImageUrl { get; set; }
    public string? IconUrl { get; set; }
    public string? Rights { get; set; }
    public string? Generator { get; set; }
    public DateTimeOffset? Updated { get; set; }
    public List<Person> Authors => field ??= [];
    public List<FeedLink> Links => field ??= [];
    public List<string> Categories => field ??= [];

    /// <summary>WebSub hub (atom:link rel=hub), if any.</summary>
    public string? HubUrl { get; set; }

    /// <summary>RSS &lt;ttl&gt; in minutes.</summary>
    public int? TtlMinutes { get; set; }

    /// <summary>sy:updatePeriod / sy:updateFrequency folded into one interval.</summary>
    public TimeSpan? UpdateInterval { get; set; }

    /// <summary>Every repair the parser had to make (feedparser's "bozo"); empty for a well-formed document.</summary>
    public List<string> Warnings { get; } = [];

    public List<ParsedEntry> Entries { get; } = [];

    public bool Bozo => Warnings.Count > 0;

    // ---- Detail beyond what the app needs (conformance, future features). Additive to the original contract. ----

    /// <summary>The feed's own id (atom:id), if any.</summary>
    public string? Id { get; set; }
    public DateTimeOffset? Published { get; set; }
    /// <summary>Text constructs as the document typed them, keyed title, subtitle, rights, info: value + MIME type + xml:lang + xml:base.</summary>
    public Dictionary<string, TextDetail> Texts => field ??= new(StringComparer.Ordinal);
    public List<Person> Contributors => field ??= [];
    public Person? Publisher { get; set; }
    /// <summary>Categories with scheme and label (Categories holds just the terms).</summary>
    public List<Category> Tags => field ??= [];
    public string? GeneratorUri { get; set; }
    public string? GeneratorVersion { get; set; }
    /// <summary>RSS &lt;docs&gt; URL.</summary>
    public string? DocsUrl { get; set; }
    /// <summary>
    /// Values without a dedicated member, keyed like feedparser: namespaced simple elements as prefix_name (itunes_block,
    /// wfw_comment, …), unknown simple elements by name, rssCloud as cloud_*, the RSS image as image_*, and the date
    /// elements' original text (updated, published, created, …).
    /// </summary>
    public Dictionary<string, string> Extras => field ??= new(StringComparer.Ordinal);

    /// <summary>Podcasting 2.0 namespace of the channel (guid, locked, medium, funding, persons, …), if any.</summary>
    public PodcastInfo? Podcast { get; set; }
}

public sealed class ParsedEntry
{
    /// <summary>The entry's own guid/id as the feed gives it; null when absent.</summary>
    public string? Id { get; set; }

    /// <summary>Inertia's stable identity: guid/id, else link, else a hash of title + date + content.</summary>
    public string Key { get; set; } = "";

    public string? Url { get; set; }
    public string? Title { get; set; }
    /// <summary>First author's display name (name, else email).</summary>
    public string? Author { get; set; }
    public List<Person> Authors => field ??= [];
    /// <summary>
    /// Publication date (RSS pubDate, Atom published/issued, dcterms:issued, JSON date_published), UTC. Many feeds give
    /// only an update date (dc:date, atom:updated): that is <see cref="Updated"/>; display Published ?? Updated.
    /// </summary>
    public DateTimeOffset? Published { get; set; }
    public DateTimeOffset? Updated { get; set; }
    /// <summary>Summary as HTML (plain text is HTML-escaped), URLs resolved; not sanitized.</summary>
    public string? Summary { get; set; }
    /// <summary>Full content as HTML, URLs resolved; not sanitized.</summary>
    public string? Content { get; set; }
    public List<string> Categories => field ??= [];
    public List<Enclosure> Enclosures => field ??= [];
    public List<FeedLink> Links => field ??= [];
    public string? CommentsUrl { get; set; }
    public int? CommentCount { get; set; }
    public string? ImageUrl { get; set; }
    public string? Language { get; set; }

    // ---- Detail beyond what the app needs (conformance, future features). Additive to the original contract. ----

    /// <summary>Text constructs as the document typed them, keyed title, summary, content, rights: value + MIME type + xml:lang + xml:base.</summary>
    public Dictionary<string, TextDetail> Texts => field ??= new(StringComparer.Ordinal);
    public List<Person> Contributors => field ??= [];
    public List<Category> Tags => field ??= [];
    public DateTimeOffset? Created { get; set; }
    /// <summary>RSS guid isPermaLink (true when absent and the guid is present).</summary>
    public bool? GuidIsLink { get; set; }
    /// <summary>atom:source / rss source: the feed this entry was copied from.</summary>
    public ParsedFeed? Source { get; set; }
    public Dictionary<string, string> Extras => field ??= new(StringComparer.Ordinal);

    /// <summary>Media RSS: every media:content, media:thumbnail, credit, … (media:group flattened), if any.</summary>
    public MediaInfo? Media { get; set; }

    /// <summary>GeoRSS / W3C geo location, if any.</summary>
    public GeoShape? Where { get; set; }

    /// <summary>Latitude of a WGS84 point location (<see cref="Where"/>), else null.</summary>
    public double? Latitude => Where is { Type: "Point", IsGeographic: true, Coordinates: [[var lat, _, ..], ..] } ? lat : null;

    /// <summary>Longitude of a WGS84 point location, else null.</summary>
    public double? Longitude => Where is { Type: "Point", IsGeographic: true, Coordinates: [[_, var lon, ..], ..] } ? lon : null;

    /// <summary>Podlove Simple Chapters, if any.</summary>
    public ChapterList? Chapters { get; set; }

    /// <summary>Podcasting 2.0 namespace of the item (transcripts, chapters, persons, season, episode, …), if any.</summary>
    public PodcastInfo? Podcast { get; set; }
}

/// <summary>A text construct with the type it was given: text/plain, text/html or application/xhtml+xml.</summary>
public sealed record TextDetail(string Value, string Type = "text/plain", string? Language = null, string? Base = null)
{
    /// <summary>Atom out-of-line content (content src=…): where the content lives; Value is then empty.</summary>
    public string? Src { get; init; }
}

public sealed record Category(string Term, string? Scheme = null, string? Label = null);

public sealed record Person(string? Name, string? Email = null, string? Uri = null);

public sealed record FeedLink(string Href, string Rel = "alternate", string? Type = null, string? Title = null, long? Length = null)
{
    /// <summary>Atom hreflang: the language of the linked resource.</summary>
    public string? HrefLang { get; init; }
}

public sealed record Enclosure(string Url, string? Type = null, long? Length = null);
