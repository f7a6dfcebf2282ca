using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>
/// Microsoft's Channel Definition Format (1997): &lt;CHANNEL HREF LASTMOD&gt; with TITLE, ABSTRACT and ITEM children
/// (items may sit in nested channels). Upper-case element and attribute names, no namespace.
/// </summary>
internal static class Cdf
{
    public static bool IsRoot(Node root) => root.Name == "CHANNEL" && root.Ns.Length == 0;

    public static void MapChannel(Node channel, ParsedFeed f, string? docBase)
    {
        var href = Href(channel, docBase);
        if (href is not null)
        {
            f.SiteUrl ??= href;
            f.Links.Add(new FeedLink(href, "alternate", "text/html"));
        }
        if (channel.AttrAny("lastmod") is { } lastmod) f.Updated = Date(lastmod, f.Extras) ?? f.Updated;
        foreach (var c in channel.Elements())
        {
            switch (c.Name.ToUpperInvariant())
            {
                case "TITLE": f.Texts.TryAdd("title", TextConstructs.Rss(c, TextConstructs.Plain, docBase)); break;
                case "ABSTRACT": f.Texts.TryAdd("subtitle", TextConstructs.Rss(c, TextConstructs.Plain, docBase)); break;
                case "LOGO": if (f.ImageUrl is null && Href(c, docBase) is { } logo) f.ImageUrl = logo; break;
            }
        }
    }

    public static ParsedEntry MapItem(Node item, string? fallbackBase)
    {
        var e = new ParsedEntry { Language = item.Lang };
        if (Href(item, fallbackBase) is { } href) e.Links.Add(new FeedLink(href, "alternate", "text/html"));
        if (item.AttrAny("lastmod") is { } lastmod) e.Updated = Date(lastmod, e.Extras) ?? e.Updated;
        foreach (var c in item.Elements())
        {
            switch (c.Name.ToUpperInvariant())
            {
                case "TITLE": e.Texts.TryAdd("title", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase)); break;
                case "ABSTRACT": e.Texts.TryAdd("summary", TextConstructs.Rss(c, TextConstructs.Plain, fallbackBase)); break;
            }
        }
        return e;
    }

    private static string? Href(Node n, string? baseUrl) =>
        n.AttrAny("href") is { } h && !string.IsNullOrWhiteSpace(h) ? Urls.Resolve(n.Base ?? baseUrl, h.Trim()) : null;

    private static DateTimeOffset? Date(string raw, Dictionary<string, string> extras)
    {
        raw = raw.Trim();
        var parsed = Dates.DateParser.Parse(raw);
        if (raw.Length > 0) extras["updated"] = raw;
        return parsed;
    }
}
