using Inertia.Feeds.Model;
using Inertia.Html;

namespace Inertia.Conformance;

/// <summary>
/// Inertia's parse result re-shaped with Python feedparser's field names (feed.title_detail.type, entries[0].links[1].href,
/// …) so feedparser's own expectations can be evaluated. Only fields Inertia really produced appear: a field Inertia lacks
/// is absent, never filled with a guess. HTML values are shown as a reader of Inertia sees them: through the app's own
/// sanitizer (<see cref="HtmlCleaner"/>, as the refresh runs it at ingest), as feedparser sanitizes its HTML values.
/// </summary>
public static class FeedparserView
{
    // The reader's display attributes (link target, lazy images, …) are left out: they are not content, and
    // feedparser has no equivalent. Everything the sanitizer keeps, drops or rewrites is exactly the app's.
    private static readonly HtmlCleaner Cleaner = new() { ReaderAttributes = false };

    /// <param name="f">The parse.</param>
    /// <param name="documentUrl">The URL the document was fetched from: the app sanitizes against it (FeedRefresher).</param>
    public static Dictionary<string, object?> Build(ParsedFeed f, string? documentUrl = null)
    {
        var root = new Dictionary<string, object?>
        {
            ["bozo"] = f.Bozo,
            ["encoding"] = f.Encoding,
            ["version"] = f.Format == "rss2.0" && f.Extras.TryGetValue("rss_version", out var v) && v.Length == 0 ? "rss"
                : f.Extras.ContainsKey("rss091_variant") ? "rss091n" : Version(f.Format),
            ["feed"] = Feed(f, documentUrl),
            ["entries"] = f.Entries.Select(e => (object?)Entry(e, documentUrl)).ToList(),
        };
        if (f.Bozo) root["bozo_exception"] = ExceptionName(f.Warnings);
        return root;
    }

    private static string ExceptionName(List<string> warnings) =>
        warnings.Any(w => w.StartsWith("document is not valid", StringComparison.Ordinal) || w.StartsWith("decoded as", StringComparison.Ordinal))
            ? "CharacterEncodingOverride"
            : "SAXParseException";

    public static string Version(string format) => format switch
    {
        "rss0.90" => "rss090",
        "rss0.91" => "rss091u",
        "rss0.92" => "rss092",
        "rss0.93" => "rss093",
        "rss0.94" => "rss094",
        "rss1.0" => "rss10",
        "rss2.0" => "rss20",
        "atom0.3" => "atom03",
        "atom1.0" => "atom10",
        "json1.0" => "json1",
        "json1.1" => "json11",
        "cdf" => "cdf",
        _ => "",
    };

    private static Dictionary<string, object?> Feed(ParsedFeed f, string? documentUrl)
    {
        var d = new Dictionary<string, object?>();
        Texts(d, f.Texts, documentUrl, ("title", "title"), ("subtitle", "subtitle"), ("rights", "rights"), ("info", "info"));
        Links(d, f.Links);
        if (f.Id is not null) d["id"] = f.Id;
        Date(d, "updated", f.Updated ?? f.Published);
        if (!f.Extras.ContainsKey("updated") && f.Updated is null && f.Extras.TryGetValue("published", out var fp)) d["updated"] = fp;
        Date(d, "published", f.Published);
        People(d, "author", f.Authors);
        if (f.Contributors.Count > 0) d["contributors"] = f.Contributors.Select(PersonDict).Cast<object?>().ToList();
        if (f.Publisher is not null) { d["publisher_detail"] = PersonDict(f.Publisher); d["publisher"] = PersonString(f.Publisher); }
        Tags(d, f.Tags);
        if (f.Generator is not null || f.GeneratorUri is not null)
        {
            d["generator"] = f.Generator ?? "";
            var g = new Dictionary<string, object?> { ["name"] = f.Generator ?? "" };
            if (f.GeneratorUri is not null) g["href"] = f.GeneratorUri;
            if (f.GeneratorVersion is not null) g["version"] = f.GeneratorVersion;
            d["generator_detail"] = g;
        }
        if (f.ImageUrl is not null) { d["image"] = new Dictionary<string, object?> { ["href"] = f.ImageUrl }; }
        if (f.IconUrl is not null) d["icon"] = f.IconUrl;
        if (f.Language is not null) d["language"] = f.Language;
        if (f.DocsUrl is not null) d["docs"] = f.DocsUrl;
        if (f.TtlMinutes is not null) d["ttl"] = f.TtlMinutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Extras(d, f.Extras);
        return d;
    }

    private static Dictionary<string, object?> Entry(ParsedEntry e, string? documentUrl)
    {
        var d = new Dictionary<string, object?>();
        Texts(d, e.Texts, documentUrl, ("title", "title"), ("summary", "summary"), ("rights", "rights"), ("subtitle", "subtitle"));
        if (!d.ContainsKey("summary") && (e.Texts.TryGetValue("content", out var asSummary) || e.Texts.TryGetValue("media_description", out asSummary)))
        {
            d["summary"] = Shown(asSummary, documentUrl);
            d["summary_detail"] = Detail(asSummary, documentUrl);
        }
        if (e.Texts.TryGetValue("content", out var content)) d["content"] = new List<object?> { Detail(content, documentUrl) };
        Links(d, e.Links);
        if (e.Id is not null) d["id"] = e.Id;
        if (e.GuidIsLink is not null) d["guidislink"] = e.GuidIsLink.Value && d.ContainsKey("link") && (string?)d["link"] == e.Id;
        Date(d, "updated", e.Updated ?? e.Published);
        if (!e.Extras.ContainsKey("updated") && e.Updated is null && e.Extras.TryGetValue("published", out var ep)) d["updated"] = ep;
        Date(d, "published", e.Published);
        Date(d, "created", e.Created);
        People(d, "author", e.Authors);
        if (e.Contributors.Count > 0) d["contributors"] = e.Contributors.Select(PersonDict).Cast<object?>().ToList();
        Tags(d, e.Tags);
        if (e.CommentsUrl is not null) d["comments"] = e.CommentsUrl;
        if (e.ImageUrl is not null) d["image"] = new Dictionary<string, object?> { ["href"] = e.ImageUrl };
        if (e.Language is not null) d["language"] = e.Language;
        if (e.CommentCount is not null) d["slash_comments"] = e.CommentCount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (e.Media is not null) Media(d, e.Media);
        if (e.Where is not null) d["where"] = Where(e.Where);
        if (e.Chapters is not null)
            d["psc_chapters"] = new Dictionary<string, object?>
            {
                ["version"] = e.Chapters.Version,
                ["chapters"] = e.Chapters.Chapters.Select(c => (object?)new Dictionary<string, object?>
                {
                    ["start"] = c.StartText, ["start_parsed"] = c.Start.TotalSeconds, ["title"] = c.Title, ["href"] = c.Href, ["image"] = c.Image,
                }).ToList(),
            };
        if (e.Source is not null)
        {
            var source = Feed(e.Source, documentUrl);
            if (e.Source.FeedUrl is not null) source["href"] = e.Source.FeedUrl;
            d["source"] = source;
        }
        Extras(d, e.Extras);
        return d;
    }

    /// <summary>feedparser's media_* keys: lists of attribute dicts (media_content, media_thumbnail, media_credit) and single dicts.</summary>
    private static void Media(Dictionary<string, object?> d, Inertia.Feeds.Model.MediaInfo m)
    {
        static string? N(object? v) => v?.ToString();
        if (m.Contents.Count > 0)
            d["media_content"] = m.Contents.Select(c => (object?)new Dictionary<string, object?>
            {
                ["url"] = c.Url, ["type"] = c.Type, ["medium"] = c.Medium, ["filesize"] = N(c.FileSize), ["duration"] = N(c.Duration),
                ["width"] = N(c.Width), ["height"] = N(c.Height),
            }).ToList();
        if (m.Thumbnails.Count > 0)
            d["media_thumbnail"] = m.Thumbnails.Select(t => (object?)new Dictionary<string, object?>
            {
                ["url"] = t.Url, ["width"] = N(t.Width), ["height"] = N(t.Height), ["time"] = t.Time,
            }).ToList();
        if (m.Credits.Count > 0)
            d["media_credit"] = m.Credits.Select(c => (object?)new Dictionary<string, object?> { ["content"] = c.Name, ["role"] = c.Role, ["scheme"] = c.Scheme }).ToList();
        if (m.Player is not null) d["media_player"] = new Dictionary<string, object?> { ["url"] = m.Player.Url, ["width"] = N(m.Player.Width), ["height"] = N(m.Player.Height) };
        if (m.License is not null) d["media_license"] = new Dictionary<string, object?> { ["content"] = m.License.Text, ["type"] = m.License.Type, ["href"] = m.License.Href };
        if (m.Restriction is not null)
            d["media_restriction"] = new Dictionary<string, object?>
            {
                ["relationship"] = m.Restriction.Relationship, ["type"] = m.Restriction.Type, ["content"] = m.Restriction.Values.Cast<object?>().ToList(),
            };
        if (m.Rating is not null) d["media_rating"] = new Dictionary<string, object?> { ["content"] = m.Rating.Value, ["scheme"] = m.Rating.Scheme };
        if (m.Keywords.Count > 0) d["media_keywords"] = string.Join(", ", m.Keywords);
    }

    /// <summary>feedparser's GeoJSON-like "where": coordinates (longitude, latitude) for geographic systems, else as written.</summary>
    private static Dictionary<string, object?> Where(Inertia.Feeds.Model.GeoShape g)
    {
        object? Position(IReadOnlyList<double> p)
        {
            var list = p.Select(v => (object?)v).ToList();
            if (g.IsGeographic && list.Count >= 2) (list[0], list[1]) = (list[1], list[0]);
            return list;
        }
        var positions = g.Coordinates.Select(Position).ToList();
        object? coordinates = g.Type switch
        {
            "Point" => positions[0],
            "Polygon" => new List<object?> { positions },
            _ => positions,
        };
        return new Dictionary<string, object?> { ["type"] = g.Type, ["coordinates"] = coordinates };
    }

    private static readonly string[] DateKeys = ["updated", "published", "created", "expired", "validity_start", "validity_end"];

    private static void Extras(Dictionary<string, object?> d, Dictionary<string, string> extras)
    {
        foreach (var (k, v) in extras)
        {
            if (k is "rss_version" or "rss091_variant") continue;
            if (k.IndexOf('.') is var dot and > 0)
            {
                // "thr_in-reply-to.href" → thr_in-reply-to: { href }
                var outer = k[..dot];
                if (d.GetValueOrDefault(outer) is not Dictionary<string, object?> nested) d[outer] = nested = new Dictionary<string, object?>();
                nested[k[(dot + 1)..]] = v;
                continue;
            }
            var u = k.IndexOf('_');
            var group = u > 0 ? k[..u] : "";
            if (group is "cloud" or "image" or "textinput")
            {
                if (d.GetValueOrDefault(group) is not Dictionary<string, object?> sub) d[group] = sub = new Dictionary<string, object?>();
                var field = k[(u + 1)..];
                sub[field] = field is "width" or "height" && int.TryParse(v, out var n) ? n : v;
                continue;
            }
            if (Array.IndexOf(DateKeys, k) >= 0)
            {
                // The date elements' own text, with feedparser's parsed tuple from Inertia's own date parser.
                d[k] = v;
                if (Inertia.Feeds.Dates.DateParser.Parse(v) is { } parsed) d[k + "_parsed"] = StructTime(parsed.UtcDateTime);
                continue;
            }
            d[k] = k switch
            {
                "itunes_block" => v == "1" ? 1 : 0,
                "itunes_explicit" => v == "true" ? true : v == "false" ? false : null,
                _ => v,
            };
        }
    }

    private static void Texts(Dictionary<string, object?> d, Dictionary<string, TextDetail> texts, string? documentUrl, params (string From, string To)[] keys)
    {
        foreach (var (from, to) in keys)
        {
            if (!texts.TryGetValue(from, out var t)) continue;
            d[to] = Shown(t, documentUrl);
            d[to + "_detail"] = Detail(t, documentUrl);
        }
    }

    /// <summary>An HTML-typed value sanitized as the app does it; plain text as it is (the app escapes it, never filters it).</summary>
    private static string Shown(TextDetail t, string? documentUrl) =>
        t.Type is "text/html" or "application/xhtml+xml" ? Cleaner.Clean(t.Value, documentUrl) ?? "" : t.Value;

    private static Dictionary<string, object?> Detail(TextDetail t, string? documentUrl)
    {
        var x = new Dictionary<string, object?> { ["value"] = Shown(t, documentUrl), ["type"] = t.Type, ["language"] = t.Language, ["base"] = t.Base ?? "" };
        if (t.Src is not null) x["src"] = t.Src;
        return x;
    }

    private static void Links(Dictionary<string, object?> d, List<FeedLink> links)
    {
        if (links.Count == 0) return;
        var list = new List<object?>();
        foreach (var l in links)
        {
            var ld = new Dictionary<string, object?> { ["href"] = l.Href, ["rel"] = l.Rel };
            if (l.Type is not null) ld["type"] = l.Type;
            if (l.Title is not null) ld["title"] = l.Title;
            if (l.HrefLang is not null) ld["hreflang"] = l.HrefLang;
            if (l.Length is not null) ld["length"] = l.Length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Add(ld);
        }
        d["links"] = list;
        var alt = links.FirstOrDefault(l => l.Rel == "alternate");
        if (alt is not null) d["link"] = alt.Href;
        var enclosures = links.Where(l => l.Rel == "enclosure").Select(l =>
        {
            var ed = new Dictionary<string, object?> { ["href"] = l.Href };
            if (l.Type is not null) ed["type"] = l.Type;
            if (l.Length is not null) ed["length"] = l.Length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (object?)ed;
        }).ToList();
        if (enclosures.Count > 0) d["enclosures"] = enclosures;
        var license = links.FirstOrDefault(l => l.Rel == "license");
        if (license is not null) d["license"] = license.Href;
    }

    private static void Date(Dictionary<string, object?> d, string key, DateTimeOffset? value)
    {
        if (value is null) return;
        var u = value.Value.UtcDateTime;
        d[key] = value.Value.ToString("R");
        d[key + "_parsed"] = StructTime(u);
    }

    /// <summary>Python's time.struct_time: year, month, day, hour, minute, second, weekday (Monday = 0), day of year, isdst = 0.</summary>
    public static List<object?> StructTime(DateTime u) =>
        [(long)u.Year, (long)u.Month, (long)u.Day, (long)u.Hour, (long)u.Minute, (long)u.Second, (long)(((int)u.DayOfWeek + 6) % 7), (long)u.DayOfYear, 0L];

    private static void People(Dictionary<string, object?> d, string key, List<Person> people)
    {
        if (people.Count == 0) return;
        d[key + "s"] = people.Select(PersonDict).Cast<object?>().ToList();
        d[key + "_detail"] = PersonDict(people[0]);
        d[key] = PersonString(people[0]);
    }

    private static string PersonString(Person p) =>
        p.Name is not null && p.Email is not null ? $"{p.Name} ({p.Email})" : p.Name ?? p.Email ?? "";

    private static Dictionary<string, object?> PersonDict(Person p)
    {
        var x = new Dictionary<string, object?>();
        if (p.Name is not null) x["name"] = p.Name;
        if (p.Email is not null) x["email"] = p.Email;
        if (p.Uri is not null) x["href"] = p.Uri;
        return x;
    }

    private static void Tags(Dictionary<string, object?> d, List<Category> tags)
    {
        if (tags.Count == 0) return;
        d["tags"] = tags.Select(t => (object?)new Dictionary<string, object?> { ["term"] = t.Term, ["scheme"] = t.Scheme, ["label"] = t.Label }).ToList();
        d["category"] = tags[0].Term;
    }
}
