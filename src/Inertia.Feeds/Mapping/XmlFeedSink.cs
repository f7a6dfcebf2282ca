using Inertia.Feeds.Atom;
using Inertia.Feeds.Model;
using Inertia.Feeds.Rss;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>Detects the format from the root element and maps entries as the reader hands them over.</summary>
internal sealed class XmlFeedSink(ParsedFeed feed, string? documentBase, int maxEntries) : ITreeSink
{
    private enum Family { Unknown, Rss, Atom, AtomEntryDocument, Cdf }

    private Family _family;
    private string _rootNs = Namespaces.Atom10;
    private bool _dropWarned;

    public void OnRoot(Node root)
    {
        if (Cdf.IsRoot(root))
        {
            _family = Family.Cdf;
            feed.Format = "cdf";
            return;
        }
        switch (root.Name.ToLowerInvariant())
        {
            case "rss":
                _family = Family.Rss;
                feed.Format = RssVersion(root.Attr("version"));
                feed.Extras["rss_version"] = root.Attr("version")?.Trim() ?? "";
                break;
            case "rdf" when root.Ns == Namespaces.Rdf || root.Prefix is not null:
                _family = Family.Rss;
                feed.Format = "rss1.0";
                break;
            case "channel":
                _family = Family.Rss;
                feed.Format = "rss1.0";
                break;
            case "feed":
                _family = Family.Atom;
                feed.Format = root.Ns == Namespaces.Atom10 ? "atom1.0"
                    : root.Ns == Namespaces.Atom03 || root.Attr("version") == "0.3" ? "atom0.3" : "atom1.0";
                _rootNs = root.Ns;
                break;
            case "entry" when Namespaces.Key(root.Ns) == "atom":
                // An Atom Entry Document (RFC 4287 §4.1.2): one entry, no feed around it.
                _family = Family.AtomEntryDocument;
                feed.Format = root.Ns == Namespaces.Atom10 ? "atom1.0" : "atom0.3";
                break;
            default:
                feed.Format = "unknown";
                break;
        }
    }

    /// <summary>Called once the root is read, for the formats whose version hides in the children (RSS 0.90 vs 1.0).</summary>
    public void RefineFormat(Node root)
    {
        if (feed.Format == "rss1.0" && root.Elements().Any(e => e.Ns == Namespaces.Rss090)) feed.Format = "rss0.90";
        else if (feed.Format == "rss1.0" && root.Ns == Namespaces.Rss090) feed.Format = "rss0.90";
    }

    private static string RssVersion(string? v) => v?.Trim() switch
    {
        "0.90" or "0.9" => "rss0.90",
        "0.91" => "rss0.91",
        "0.92" => "rss0.92",
        "0.93" => "rss0.93",
        "0.94" => "rss0.94",
        "1.0" => "rss1.0",
        _ => "rss2.0", // 2.0, 2.0.1, 2.00 and the many feeds that omit it
    };

    public bool IsEntry(Node node, int depth) => _family switch
    {
        Family.Rss => depth <= 2 && node.Name == "item" && Namespaces.Key(node.Ns) == "",
        Family.Atom => depth == 1 && node.Name is "entry" or "item" && (node.Ns == _rootNs || Namespaces.Key(node.Ns) is "atom" or ""),
        Family.Cdf => node.Name == "ITEM" && node.Ns.Length == 0,
        _ => false,
    };

    private string? _containerLink;
    private bool _containerLinkRead;

    public void OnEntry(Node node, Node parent)
    {
        if (feed.Entries.Count >= maxEntries)
        {
            if (!_dropWarned) feed.Warnings.Add($"more than {maxEntries} entries: the rest were dropped");
            _dropWarned = true;
            return;
        }
        // Entries without xml:base of their own resolve against the document, else the site link seen so far.
        if (!_containerLinkRead)
        {
            _containerLinkRead = true;
            _containerLink = ContainerLink(parent);
        }
        var fallback = documentBase ?? _containerLink;
        var e = _family switch
        {
            Family.Atom => AtomMapper.MapEntry(node, fallback),
            Family.Cdf => Cdf.MapItem(node, fallback),
            _ => RssMapper.MapItem(node, fallback),
        };
        FeedAssembler.FinishEntry(e);
        feed.Entries.Add(e);
    }

    /// <summary>The site link of the channel/feed holding the entries, when it precedes them.</summary>
    private string? ContainerLink(Node parent)
    {
        foreach (var c in parent.Elements())
        {
            if (c.Name != "link") continue;
            var key = Namespaces.Key(c.Ns);
            if (key == "" && _family == Family.Rss && !string.IsNullOrWhiteSpace(c.Text)) return c.Text.Trim();
            if (key is "atom" && (c.Attr("rel") ?? "alternate") == "alternate" && c.Attr("href") is { } h) return Urls.Resolve(c.Base, h);
        }
        return null;
    }

    private static Node Wrap(Node child)
    {
        var wrapper = new Node("", "x");
        wrapper.AddChild(child);
        return wrapper;
    }

    public void MapFeedLevel(Node root)
    {
        RefineFormat(root);
        if (_family == Family.AtomEntryDocument)
        {
            var entry = AtomMapper.MapEntry(root, documentBase);
            FeedAssembler.FinishEntry(entry);
            feed.Entries.Add(entry);
        }
        else if (_family == Family.Atom) AtomMapper.MapFeed(root, feed, documentBase ?? ContainerLink(root));
        else if (_family == Family.Cdf) Cdf.MapChannel(root, feed, documentBase);
        else if (_family == Family.Rss)
        {
            var channel = root.Name == "channel" ? root : root.Elements().FirstOrDefault(e => e.Name == "channel");
            if (channel is not null) RssMapper.MapChannel(channel, feed, documentBase ?? ContainerLink(channel));
            // <redirect><newLocation> beside the channel: the feed moved.
            var moved = root.Elements().FirstOrDefault(e => e.Name.Equals("redirect", StringComparison.OrdinalIgnoreCase))?
                .Elements().FirstOrDefault(e => e.Name.Equals("newLocation", StringComparison.OrdinalIgnoreCase))?.Text.Trim();
            if (!string.IsNullOrEmpty(moved)) feed.Extras["newlocation"] = moved;
            // RSS 1.0 keeps image/textinput beside the channel.
            foreach (var e in root.Elements())
                if (e.Name == "image" && e != channel && Namespaces.Key(e.Ns) == "") RssMapper.MapChannel(Wrap(e), feed, documentBase ?? feed.SiteUrl);
        }
        feed.Language ??= (_family == Family.Rss ? root.Elements().FirstOrDefault(e => e.Name == "channel") ?? root : root).Lang;
        feed.FeedUrl ??= documentBase;
        FeedAssembler.FinishFeed(feed);
    }
}
