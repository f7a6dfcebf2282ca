using System.Globalization;
using Inertia.Feeds.Dates;
using Inertia.Feeds.Mapping;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Rss;

/// <summary>RSS 0.9x, 1.0 (RDF) and 2.0: their element names overlap, so one mapper serves all of them.</summary>
internal static class RssMapper
{
    public static void MapChannel(Node channel, ParsedFeed f, string? docBase)
    {
        foreach (var c in channel.Elements())
        {
            var key = Namespaces.Key(c.Ns);
            if (key == "")
            {
                // Element names are matched case-insensitively: <TITLE> and <pubdate> are common.
                switch (c.Name.ToLowerInvariant())
                {
                    case "title": f.Texts.TryAdd("title", TextConstructs.Rss(c, TextConstructs.Plain, docBase)); break;
                    case "link":
                        var link = Urls.Resolve(c.Base ?? docBase, c.Text.Trim());
                        if (!string.IsNullOrEmpty(link)) { f.SiteUrl ??= link; f.Links.Add(new FeedLink(link, "alternate", "text/html")); }
                        break;
                    case "description": f.Texts.TryAdd("subtitle", TextConstructs.Rss(c, TextConstructs.Html, docBase)); break;
                    case "language": f.Language ??= c.Text.Trim(); break;
                    case "copyright": f.Texts.TryAdd("rights", TextConstructs.Rss(c, TextConstructs.Plain, docBase)); break;
                    case "managingeditor" or "author": Modules.AddAuthor(f.Authors, c.Text); break;
                    case "webmaster": f.Publisher ??= People.FromText(c.Text); break;
                    case "pubdate": f.Published = Modules.Date(c, "published", f.Extras) ?? f.Published; break;
                    case "lastbuilddate": f.Updated = Modules.Date(c, "updated", f.Extras) ?? f.Updated; break;
                    case "cloud":
                        foreach (var a in c.Attributes) f.Extras["cloud_" + a.Name.ToLowerInvariant()] = a.Value;
                        break;
                    case "textinput":
                        foreach (var t in c.Elements()) if (!t.HasElements) f.Extras["textinput_" + t.Name.ToLowerInvariant()] = t.Text.Trim();
                        break;
                    case "category": Modules.AddCategory(f.Categories, f.Tags, c.Text, c.Attr("domain")); break;
                    case "generator": f.Generator ??= c.Text.Trim(); break;
                    case "docs": f.DocsUrl ??= Urls.Resolve(c.Base ?? docBase, c.Text.Trim()); break;
                    case "ttl":
                        if (int.TryParse(c.Text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl) && ttl >= 0) f.TtlMinutes = ttl;
                        break;
                    case "image": MapImage(c, f, docBase); break;
                    case "info": f.Texts.TryAdd("info", TextConstructs.Rss(c, TextConstructs.Html, docBase)); break;
                    case "item" or "items" or "entry": break;
                    default: Modules.KeepUnknown(c, key, f.Extras); break;
                }
                continue;
            }
            if (key == "atom") { AtomLinkInRss(c, f, docBase); continue; }
            if (key == "rdf" || key == "image") continue;
            if (!Modules.ApplyToFeed(c, key, f, docBase)) Modules.KeepUnknown(c, key, f.Extras);
        }
    }

    private static void MapImage(Node image, ParsedFeed f, string? docBase)
    {
        foreach (var c in image.Elements())
        {
            if (Namespaces.Key(c.Ns) != "" || c.HasElements) continue;
            var name = c.Name.ToLowerInvariant();
            if (name == "url") f.ImageUrl ??= Urls.Resolve(c.Base ?? docBase, c.Text.Trim());
            else if (name == "link") f.Extras.TryAdd("image_link", Urls.Resolve(c.Base ?? docBase, c.Text.Trim()) ?? "");
            else f.Extras.TryAdd("image_" + name, c.Text.Trim());
        }
        if (f.ImageUrl is null && image.Attr("resource", Namespaces.Rdf) is { } res) f.ImageUrl = Urls.Resolve(image.Base ?? docBase, res);
    }

    private static void AtomLinkInRss(Node c, ParsedFeed f, string? docBase)
    {
        switch (c.Name)
        {
            case "link":
                var href = Urls.Resolve(c.Base ?? docBase, c.Attr("href")?.Trim());
                if (string.IsNullOrEmpty(href)) return;
                var rel = c.Attr("rel") ?? "alternate";
                f.Links.Add(new FeedLink(href, rel, c.Attr("type"), c.Attr("title")));
                if (rel == "self") f.FeedUrl ??= href;
                else if (rel == "hub") f.HubUrl ??= href;
                else if (rel == "alternate") f.SiteUrl ??= href;
                break;
            case "icon": f.IconUrl ??= Urls.Resolve(c.Base ?? docBase, c.Text.Trim()); break;
            case "logo": f.ImageUrl ??= Urls.Resolve(c.Base ?? docBase, c.Text.Trim()); break;
            case "id": f.Id ??= c.Text.Trim(); break;
            case "updated": f.Updated = Modules.Date(c, "updated", f.Extras) ?? f.Updated; break;
            case "subtitle": f.Texts.TryAdd("subtitle", TextConstructs.Atom(c, docBase)); break;
            case "title": f.Texts.TryAdd("title", TextConstructs.Atom(c, docBase)); break;
            case "author": if (People.FromAtom(c, docBase) is { } p) f.Authors.Add(p); break;
        }
    }

    public static ParsedEntry MapItem(Node item, string? fallbackBase)
    {
        var e = new ParsedEntry { Language = item.Lang };
        var baseUrl = item.Base ?? fallbackBase;
        foreach (var c in item.Elements())
        {
            var key = Namespaces.Key(c.Ns);
            if (key == "")
            {
                switch (c.Name.ToLowerInvariant())
                {
                    case "title": e.Texts["title"] = TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase); break;
                    case "link":
                        var link = c.Text.Trim();
                        if (link.Length > 0) e.Links.Add(new FeedLink(Urls.Resolve(c.Base ?? fallbackBase, link)!, "alternate", "text/html"));
                        break;
                    case "description":
                        // A summary seen first makes the description the full content (feedparser's rule, and usually right).
                        if (e.Texts.ContainsKey("summary") && !e.Texts.ContainsKey("content")) e.Texts["content"] = e.Texts["summary"];
                        e.Texts["summary"] = TextConstructs.Rss(c, TextConstructs.Html, fallbackBase);
                        break;
                    case "summary":
                        if (e.Texts.ContainsKey("summary")) e.Texts.TryAdd("content", TextConstructs.Rss(c, TextConstructs.Html, fallbackBase));
                        else e.Texts["summary"] = TextConstructs.Rss(c, TextConstructs.Html, fallbackBase);
                        break;
                    case "fullitem" or "body":
                        e.Texts.TryAdd("content", TextConstructs.Rss(c, TextConstructs.Html, fallbackBase));
                        break;
                    case "tags":
                        foreach (var tag in c.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                            Modules.AddCategory(e.Categories, e.Tags, tag, null);
                        break;
                    case "author": Modules.AddAuthor(e.Authors, c.Text); break;
                    case "category": Modules.AddCategory(e.Categories, e.Tags, c.Text, c.Attr("domain")); break;
                    case "comments": e.CommentsUrl ??= Urls.Resolve(c.Base ?? fallbackBase, c.Text.Trim()); break;
                    case "enclosure":
                        var url = Urls.Resolve(c.Base ?? fallbackBase, c.Attr("url")?.Trim());
                        if (!string.IsNullOrEmpty(url))
                        {
                            var enc = new Enclosure(url, c.Attr("type"), Modules.ParseLong(c.Attr("length")));
                            e.Enclosures.RemoveAll(x => x.Url == url);
                            e.Enclosures.Insert(0, enc);
                        }
                        break;
                    case "guid":
                        var guid = c.Text.Trim();
                        if (guid.Length == 0) break;
                        e.Id = guid;
                        var permalink = (c.Attr("isPermaLink") ?? c.AttrAny("ispermalink"))?.Trim().ToLowerInvariant();
                        e.GuidIsLink = permalink is null or "true";
                        break;
                    case "pubdate": e.Published = Modules.Date(c, "published", e.Extras) ?? e.Published; break;
                    case "source":
                        var src = new ParsedFeed();
                        src.Texts["title"] = TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase);
                        if (c.Attr("url") is { } su) src.FeedUrl = Urls.Resolve(c.Base ?? fallbackBase, su);
                        e.Source = src;
                        break;
                    case "expirationdate": Modules.Date(c, "expired", e.Extras); break;
                    default: Modules.KeepUnknown(c, key, e.Extras); break;
                }
                continue;
            }
            if (key == "atom") { AtomInRssItem(c, e, fallbackBase); continue; }
            if (key == "rdf") continue;
            if (!Modules.ApplyToEntry(c, key, e, fallbackBase)) Modules.KeepUnknown(c, key, e.Extras);
        }
        if (e.Id is null && item.Attr("about", Namespaces.Rdf) is { Length: > 0 } about) e.Id = about;
        if (e.GuidIsLink == true && e.Links.Count == 0 && e.Id is not null && LooksLikeUrl(e.Id))
            e.Links.Add(new FeedLink(Urls.Resolve(baseUrl, e.Id)!, "alternate", "text/html"));
        foreach (var enc in e.Enclosures)
            e.Links.Add(new FeedLink(enc.Url, "enclosure", enc.Type, null, enc.Length));
        return e;
    }

    private static bool LooksLikeUrl(string s) => s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static void AtomInRssItem(Node c, ParsedEntry e, string? fallbackBase)
    {
        switch (c.Name)
        {
            case "link":
                var href = Urls.Resolve(c.Base ?? fallbackBase, c.Attr("href")?.Trim());
                if (!string.IsNullOrEmpty(href)) e.Links.Add(new FeedLink(href, c.Attr("rel") ?? "alternate", c.Attr("type"), c.Attr("title")));
                break;
            case "updated": e.Updated = Modules.Date(c, "updated", e.Extras) ?? e.Updated; break;
            case "published": e.Published = Modules.Date(c, "published", e.Extras) ?? e.Published; break;
            case "id": e.Id ??= c.Text.Trim(); break;
            case "author": if (People.FromAtom(c, fallbackBase) is { } p) e.Authors.Add(p); break;
            case "summary": e.Texts.TryAdd("summary", TextConstructs.Atom(c, fallbackBase)); break;
            case "content": e.Texts.TryAdd("content", TextConstructs.Atom(c, fallbackBase)); break;
        }
    }
}
