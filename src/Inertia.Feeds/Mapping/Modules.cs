using System.Globalization;
using Inertia.Feeds.Dates;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>
/// Namespaced modules that appear in every XML format: Dublin Core, content, Media RSS, iTunes, podcast, slash, wfw,
/// syndication, and atom:link inside RSS. Returns false when the element is not one of them.
/// </summary>
internal static class Modules
{
    public static bool ApplyToEntry(Node c, string key, ParsedEntry e, string? fallbackBase)
    {
        var baseUrl = c.Base ?? fallbackBase;
        switch (key, c.Name)
        {
            case ("content", "encoded"):
                e.Texts["content"] = TextConstructs.Rss(c, TextConstructs.Html, fallbackBase);
                return true;
            case ("xhtml", "body") or ("xhtml", "div"):
                e.Texts.TryAdd("content", TextConstructs.InlineXhtml(c, fallbackBase));
                return true;
            case ("dc", "creator") or ("dc", "author"):
                AddAuthor(e.Authors, c.Text);
                return true;
            case ("dc", "contributor"):
                if (People.FromText(c.Text) is { } contributor) e.Contributors.Add(contributor);
                return true;
            // dc:date is the last-modified date (Dublin Core): it feeds Updated, not Published.
            case ("dc", "date") or ("dcterms", "modified"):
                e.Updated = Date(c, "updated", e.Extras) ?? e.Updated;
                return true;
            case ("dcterms", "issued"):
                e.Published = Date(c, "published", e.Extras) ?? e.Published;
                return true;
            case ("dcterms", "created"):
                e.Created = Date(c, "created", e.Extras) ?? e.Created;
                return true;
            case ("dc", "publisher"):
                e.Extras.TryAdd("publisher", c.Text.Trim());
                return true;
            case ("cc", "license") or ("creativecommons", "license"):
                var license = c.Attr("resource", Namespaces.Rdf) ?? c.Text.Trim();
                if (license.Length > 0) e.Links.Add(new FeedLink(Urls.Resolve(baseUrl, license)!, "license"));
                return true;
            case ("dc", "subject"):
                AddCategory(e.Categories, e.Tags, c.Text, null);
                return true;
            case ("dc", "title"):
                e.Texts.TryAdd("title", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                return true;
            case ("dc", "description"):
                e.Texts.TryAdd("summary", TextConstructs.Rss(c, TextConstructs.Html, fallbackBase));
                return true;
            case ("dc", "rights") or ("dcterms", "rights"):
                e.Texts.TryAdd("rights", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                return true;
            case ("dc", "language"):
                e.Language ??= c.Text.Trim();
                return true;
            case ("dc", "identifier"):
                e.Id ??= c.Text.Trim();
                return true;
            case ("slash", "comments"):
                if (int.TryParse(c.Text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) e.CommentCount = n;
                return true;
            case ("wfw", "commentrss") or ("wfw", "commentRss") or ("wfw", "commentRSS"):
                e.Extras["wfw_commentrss"] = Urls.Resolve(baseUrl, c.Text.Trim()) ?? "";
                return true;
            case ("wfw", "comment"):
                var comment = Urls.Resolve(baseUrl, c.Text.Trim());
                if (string.IsNullOrEmpty(comment)) return true;
                e.CommentsUrl ??= comment;
                e.Extras.TryAdd("wfw_comment", comment);
                return true;
            case ("thr", "in-reply-to"):
                InReplyTo(c, e.Extras, baseUrl);
                return true;
            case ("thr", "total"):
                if (int.TryParse(c.Text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total)) e.CommentCount ??= total;
                return true;
            case ("media", _):
                MediaRss.Apply(c, e, baseUrl);
                return true;
            case ("georss", _) or ("gml", _):
                GeoRss.Apply(c, key, e);
                return true;
            case ("psc", _):
                Podlove.Apply(c, e, baseUrl);
                return true;
            case ("itunes", _):
                Itunes(c, e.Extras, baseUrl, img => e.ImageUrl ??= img, a => AddAuthor(e.Authors, a, onlyIfEmpty: true));
                if (c.Name == "summary") e.Texts.TryAdd("summary", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                if (c.Name is "keywords")
                    foreach (var k in c.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        AddCategory(e.Categories, e.Tags, k, "http://www.itunes.com/");
                if (c.Name == "category" && c.Attr("text") is { Length: > 0 } itemCategory)
                    AddCategory(e.Categories, e.Tags, itemCategory, "http://www.itunes.com/");
                if (c.Name == "link" && c.Attr("rel") == "image" && c.Attr("href") is { Length: > 0 } imageHref)
                    e.ImageUrl ??= Urls.Resolve(baseUrl, imageHref);
                if (c.Name == "subtitle") e.Texts.TryAdd("subtitle", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                return true;
            case ("podcast", _):
                e.Extras["podcast_" + c.Name.ToLowerInvariant()] = c.Attr("url") ?? c.Attr("href") ?? c.Text.Trim();
                PodcastNamespace.Apply(c, () => e.Podcast ??= new PodcastInfo(), baseUrl);
                return true;
            case ("feedburner", "origLink"):
                e.Extras["feedburner_origlink"] = c.Text.Trim();
                return true;
        }
        return false;
    }

    public static bool ApplyToFeed(Node c, string key, ParsedFeed f, string? fallbackBase)
    {
        var baseUrl = c.Base ?? fallbackBase;
        switch (key, c.Name)
        {
            case ("dc", "creator") or ("dc", "author"):
                AddAuthor(f.Authors, c.Text);
                return true;
            case ("dc", "publisher"):
                f.Publisher ??= People.FromText(c.Text);
                return true;
            case ("dc", "contributor"):
                if (People.FromText(c.Text) is { } contributor) f.Contributors.Add(contributor);
                return true;
            case ("dc", "date") or ("dcterms", "modified"):
                f.Updated = Date(c, "updated", f.Extras) ?? f.Updated;
                return true;
            case ("dcterms", "issued"):
                f.Published = Date(c, "published", f.Extras) ?? f.Published;
                return true;
            case ("dcterms", "created"):
                Date(c, "created", f.Extras);
                return true;
            case ("dcterms", "valid"):
                // "start=…;end=…;scheme=W3C-DTF"
                foreach (var part in c.Text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = part.IndexOf('=');
                    if (eq <= 0) continue;
                    var name = part[..eq].Trim().ToLowerInvariant();
                    if (name is "start" or "end") f.Extras["validity_" + name] = part[(eq + 1)..].Trim();
                }
                return true;
            case ("thr", "in-reply-to"):
                InReplyTo(c, f.Extras, baseUrl);
                return true;
            case ("feedburner", "browserFriendly"):
                f.Texts.TryAdd("info", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                return true;
            case ("dc", "subject"):
                AddCategory(f.Categories, f.Tags, c.Text, null);
                return true;
            case ("dc", "title"):
                f.Texts.TryAdd("title", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                return true;
            case ("dc", "description"):
                f.Texts.TryAdd("subtitle", TextConstructs.Rss(c, TextConstructs.Html, fallbackBase));
                return true;
            case ("dc", "rights") or ("dcterms", "rights"):
                f.Texts.TryAdd("rights", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                return true;
            case ("dc", "language"):
                f.Language ??= c.Text.Trim();
                return true;
            case ("sy", "updatePeriod"):
                f.Extras["sy_updateperiod"] = c.Text.Trim();
                return true;
            case ("sy", "updateFrequency"):
                f.Extras["sy_updatefrequency"] = c.Text.Trim();
                return true;
            case ("admin", "generatorAgent"):
                f.Generator ??= c.Attr("resource", Namespaces.Rdf) ?? c.Text.Trim();
                return true;
            case ("itunes", _):
                Itunes(c, f.Extras, baseUrl, img => f.ImageUrl ??= img, a => AddAuthor(f.Authors, a, onlyIfEmpty: true));
                if (c.Name is "summary" or "subtitle") f.Texts.TryAdd("subtitle", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase));
                if (c.Name == "category") AddItunesCategory(c, f);
                if (c.Name == "owner")
                {
                    var name = c.Elements().FirstOrDefault(x => x.Name == "name")?.Text.Trim();
                    var email = c.Elements().FirstOrDefault(x => x.Name == "email")?.Text.Trim();
                    f.Publisher ??= new Person(name, email);
                }
                if (c.Name is "keywords")
                    foreach (var k in c.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        AddCategory(f.Categories, f.Tags, k, "http://www.itunes.com/");
                return true;
            case ("media", "thumbnail"):
                f.ImageUrl ??= Urls.Resolve(baseUrl, c.Attr("url"));
                return true;
            case ("media", _):
                return true;
            case ("podcast", _):
                f.Extras["podcast_" + c.Name.ToLowerInvariant()] = c.Attr("url") ?? c.Attr("href") ?? c.Text.Trim();
                PodcastNamespace.Apply(c, () => f.Podcast ??= new PodcastInfo(), baseUrl);
                return true;
        }
        return false;
    }

    private static void AddItunesCategory(Node c, ParsedFeed f)
    {
        var text = c.Attr("text");
        if (string.IsNullOrWhiteSpace(text)) return;
        AddCategory(f.Categories, f.Tags, text, "http://www.itunes.com/");
        foreach (var sub in c.Elements())
            if (sub.Name == "category" && sub.Attr("text") is { Length: > 0 } st) AddCategory(f.Categories, f.Tags, st, "http://www.itunes.com/");
    }

    private static void Itunes(Node c, Dictionary<string, string> extras, string? baseUrl, Action<string> image, Action<string> author)
    {
        var name = c.Name.ToLowerInvariant();
        switch (name)
        {
            case "image":
                var href = c.Attr("href") ?? c.Attr("url") ?? c.Text.Trim();
                if (href.Length > 0) image(Urls.Resolve(baseUrl, href)!);
                extras["itunes_image"] = href;
                break;
            case "author":
                author(c.Text.Trim());
                extras["itunes_author"] = c.Text.Trim();
                break;
            case "block":
                extras["itunes_block"] = c.Text.Trim().ToLowerInvariant() is "yes" or "true" or "1" ? "1" : "0";
                break;
            case "explicit":
                var v = c.Text.Trim().ToLowerInvariant();
                extras["itunes_explicit"] = v is "yes" or "explicit" or "true" ? "true" : v is "clean" or "no" or "false" ? "false" : "";
                break;
            case "category" or "owner":
                break;
            default:
                if (!c.HasElements) extras["itunes_" + name] = c.Text.Trim();
                break;
        }
    }

    /// <summary>Atom threading (RFC 4685): what this entry replies to, kept as thr_in-reply-to.{ref,href,type,source}.</summary>
    private static void InReplyTo(Node c, Dictionary<string, string> extras, string? baseUrl)
    {
        foreach (var a in c.Attributes)
            if (a.Ns.Length == 0 && a.Name is "ref" or "href" or "type" or "source")
                extras["thr_in-reply-to." + a.Name] = a.Name is "href" or "source" ? Urls.Resolve(baseUrl, a.Value) ?? a.Value : a.Value;
    }

    /// <summary>Parses a date element, keeping its original text under <paramref name="key"/> (the last one wins).</summary>
    public static DateTimeOffset? Date(Node c, string key, Dictionary<string, string> extras)
    {
        var raw = c.Text.Trim();
        var parsed = DateParser.Parse(raw);
        if (raw.Length > 0 && (parsed is not null || !extras.ContainsKey(key))) extras[key] = raw;
        return parsed;
    }

    /// <summary>
    /// Keeps the text of an element no mapper knows (feedparser exposes these too): prefix_name for namespaced ones,
    /// the bare name otherwise. Only leaf elements with text; the first occurrence wins.
    /// </summary>
    public static void KeepUnknown(Node c, string key, Dictionary<string, string> extras)
    {
        if (c.HasElements || extras.Count >= 256) return;
        var text = c.Text.Trim();
        if (text.Length == 0 || text.Length > 4096) return;
        var prefix = key.Length == 0 || key.Contains(':') || key.Contains('/') ? c.Prefix?.ToLowerInvariant() : key;
        var name = string.IsNullOrEmpty(prefix) ? c.Name.ToLowerInvariant() : prefix + "_" + c.Name.ToLowerInvariant();
        extras.TryAdd(name, text);
    }

    public static long? ParseLong(string? s) =>
        long.TryParse(s?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : null;

    public static void AddAuthor(List<Person> authors, string text, bool onlyIfEmpty = false)
    {
        if (onlyIfEmpty && authors.Count > 0) return;
        var p = People.FromText(text);
        if (p is not null && !authors.Contains(p)) authors.Add(p);
    }

    public static void AddCategory(List<string> terms, List<Category> tags, string term, string? scheme, string? label = null)
    {
        term = term.Trim();
        if (term.Length == 0) return;
        scheme = string.IsNullOrWhiteSpace(scheme) ? null : scheme;
        if (tags.Any(t => t.Term == term && t.Scheme == scheme)) return;
        tags.Add(new Category(term, string.IsNullOrWhiteSpace(scheme) ? null : scheme, label));
        if (!terms.Contains(term)) terms.Add(term);
    }
}
