using Inertia.Feeds.Dates;
using Inertia.Feeds.Mapping;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Atom;

/// <summary>Atom 1.0 (RFC 4287) and Atom 0.3: 0.3's names (tagline, copyright, modified, issued, url) map to 1.0's.</summary>
internal static class AtomMapper
{
    public static void MapFeed(Node feed, ParsedFeed f, string? docBase)
    {
        foreach (var c in feed.Elements())
        {
            var key = c.Ns == feed.Ns ? "atom" : Namespaces.Key(c.Ns);
            if (key != "atom" && key != "")
            {
                if (!Modules.ApplyToFeed(c, key, f, docBase)) Modules.KeepUnknown(c, key, f.Extras);
                continue;
            }
            var baseUrl = c.Base ?? docBase;
            switch (c.Name)
            {
                case "title": f.Texts.TryAdd("title", TextConstructs.Atom(c, docBase)); break;
                case "subtitle" or "tagline": f.Texts.TryAdd("subtitle", TextConstructs.Atom(c, docBase)); break;
                case "rights" or "copyright": f.Texts.TryAdd("rights", TextConstructs.Atom(c, docBase)); break;
                case "info": f.Texts.TryAdd("info", TextConstructs.Atom(c, docBase)); break;
                case "id": f.Id ??= Urls.Resolve(baseUrl, c.Text.Trim()); break;
                case "updated" or "modified": f.Updated = Modules.Date(c, "updated", f.Extras) ?? f.Updated; break;
                case "published" or "issued": f.Published = Modules.Date(c, "published", f.Extras) ?? f.Published; break;
                case "author": if (People.FromAtom(c, docBase) is { } a) f.Authors.Add(a); break;
                case "contributor": if (People.FromAtom(c, docBase) is { } p) f.Contributors.Add(p); break;
                case "category": AddCategory(c, f.Categories, f.Tags); break;
                case "generator":
                    f.Generator ??= c.Text.Trim();
                    f.GeneratorUri ??= Urls.Resolve(baseUrl, (c.Attr("uri") ?? c.Attr("url"))?.Trim());
                    f.GeneratorVersion ??= c.Attr("version");
                    break;
                case "icon": f.IconUrl ??= Urls.Resolve(baseUrl, c.Text.Trim()); break;
                case "logo":
                    var logo = Urls.Resolve(baseUrl, c.Text.Trim());
                    if (string.IsNullOrEmpty(logo)) break;
                    f.ImageUrl ??= logo;
                    f.Extras.TryAdd("logo", logo);
                    break;
                case "link":
                    var link = ReadLink(c, docBase);
                    if (link is null) break;
                    f.Links.Add(link);
                    switch (link.Rel)
                    {
                        case "alternate": f.SiteUrl ??= link.Href; break;
                        case "self": f.FeedUrl ??= link.Href; break;
                        case "hub": f.HubUrl ??= link.Href; break;
                    }
                    break;
                default:
                    Modules.KeepUnknown(c, "", f.Extras);
                    break;
            }
        }
    }

    public static FeedLink? ReadLink(Node c, string? docBase)
    {
        // One pass over the attributes (the first of each name counts, as with Attr): every entry has a few links.
        string? href = null, url = null, rel = null, type = null, title = null, length = null, hrefLang = null;
        foreach (var a in c.Attributes)
        {
            if (a.Ns.Length != 0) continue;
            switch (a.Name)
            {
                case "href": href ??= a.Value; break;
                case "url": url ??= a.Value; break;
                case "rel": rel ??= a.Value; break;
                case "type": type ??= a.Value; break;
                case "title": title ??= a.Value; break;
                case "length": length ??= a.Value; break;
                case "hreflang": hrefLang ??= a.Value; break;
            }
        }
        // Atom 0.3-era feeds sometimes put the URL in the element text instead of href.
        href ??= url ?? (c.HasElements ? null : c.Text.Trim());
        if (string.IsNullOrEmpty(href)) return null;
        rel = rel?.Trim();
        if (string.IsNullOrEmpty(rel)) rel = "alternate";
        return new FeedLink(Urls.Resolve(c.Base ?? docBase, href.Trim()) ?? href, rel, type, title, Modules.ParseLong(length))
            { HrefLang = hrefLang };
    }

    private static void AddCategory(Node c, List<string> terms, List<Category> tags)
    {
        var term = c.Attr("term") ?? c.Text;
        Modules.AddCategory(terms, tags, term, c.Attr("scheme"), c.Attr("label"));
    }

    public static ParsedEntry MapEntry(Node entry, string? fallbackBase)
    {
        var e = new ParsedEntry { Language = entry.Lang };
        foreach (var c in entry.Elements())
        {
            var key = c.Ns == entry.Ns ? "atom" : Namespaces.Key(c.Ns);
            if (key != "atom" && key != "")
            {
                if (!Modules.ApplyToEntry(c, key, e, fallbackBase)) Modules.KeepUnknown(c, key, e.Extras);
                continue;
            }
            var baseUrl = c.Base ?? fallbackBase;
            switch (c.Name)
            {
                case "title": e.Texts["title"] = TextConstructs.Atom(c, fallbackBase); break;
                case "summary": e.Texts.TryAdd("summary", TextConstructs.Atom(c, fallbackBase)); break;
                case "content":
                    if (c.Attr("src") is { } src && !c.HasElements && string.IsNullOrWhiteSpace(c.Text))
                    {
                        var url = Urls.Resolve(baseUrl, src.Trim())!;
                        e.Texts.TryAdd("content", new TextDetail("", c.Attr("type") ?? TextConstructs.Plain, c.Lang, baseUrl) { Src = url });
                        break;
                    }
                    e.Texts.TryAdd("content", TextConstructs.Atom(c, fallbackBase));
                    break;
                case "rights" or "copyright": e.Texts.TryAdd("rights", TextConstructs.Atom(c, fallbackBase)); break;
                case "id": e.Id ??= Urls.Resolve(baseUrl, c.Text.Trim()); break;
                case "updated" or "modified": e.Updated = Modules.Date(c, "updated", e.Extras) ?? e.Updated; break;
                case "published" or "issued": e.Published = Modules.Date(c, "published", e.Extras) ?? e.Published; break;
                case "created": e.Created = Modules.Date(c, "created", e.Extras) ?? e.Created; break;
                case "author": if (People.FromAtom(c, fallbackBase) is { } a) e.Authors.Add(a); break;
                case "contributor": if (People.FromAtom(c, fallbackBase) is { } p) e.Contributors.Add(p); break;
                case "category": AddCategory(c, e.Categories, e.Tags); break;
                case "link":
                    var link = ReadLink(c, fallbackBase);
                    if (link is null) break;
                    e.Links.Add(link);
                    if (link.Rel == "enclosure") e.Enclosures.Add(new Enclosure(link.Href, link.Type, link.Length));
                    else if (link.Rel == "replies" && e.CommentsUrl is null && link.Type is null or "text/html") e.CommentsUrl = link.Href;
                    break;
                case "source":
                    var source = new ParsedFeed();
                    MapFeed(c, source, fallbackBase);
                    FeedAssembler.FinishFeed(source);
                    e.Source = source;
                    break;
                default:
                    Modules.KeepUnknown(c, "", e.Extras);
                    break;
            }
        }
        return e;
    }
}
