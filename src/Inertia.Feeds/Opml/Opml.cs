using System.Text;
using System.Xml;
using Inertia.Feeds.Charsets;
using Inertia.Feeds.Dates;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Opml;

/// <summary>OPML 1.0/2.0 reading (tolerant: any charset, broken XML, missing attributes) and OPML 2.0 writing.</summary>
public static class Opml
{
    private sealed class KeepAll : ITreeSink
    {
        public void OnRoot(Node root) { }
        public bool IsEntry(Node node, int depth) => false;
        public void OnEntry(Node entry, Node parent) { }
    }

    public static OpmlDocument Read(ReadOnlySpan<byte> document)
    {
        var warnings = new List<string>();
        var text = CharsetDecoder.Decode(document, null, warnings).Text;
        Node? root;
        try
        {
            root = SafeTreeReader.Read(XmlRepair.ExpandDeclaredEntities(text) ?? text, new KeepAll(), null, warnings);
        }
        catch (XmlException)
        {
            root = LenientTreeReader.Read(XmlRepair.Repair(text, warnings), new KeepAll(), null, warnings);
        }
        if (root is null || !root.Name.Equals("opml", StringComparison.OrdinalIgnoreCase))
            throw new OpmlException(root is null ? "The document is empty or not XML." : $"The root element is <{root.Name}>, not <opml>.");

        var doc = new OpmlDocument();
        foreach (var section in root.Elements())
        {
            if (section.Name.Equals("head", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var h in section.Elements())
                {
                    switch (h.Name)
                    {
                        case "title": doc.Title = NullIfEmpty(h.Text); break;
                        case "dateCreated": doc.DateCreated = DateParser.Parse(h.Text); break;
                        case "ownerName": doc.OwnerName = NullIfEmpty(h.Text); break;
                    }
                }
            }
            else if (section.Name.Equals("body", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var o in section.Elements()) if (IsOutline(o)) doc.Outlines.Add(ReadOutline(o, []));
            }
        }
        return doc;
    }

    private static bool IsOutline(Node n) => n.Name.Equals("outline", StringComparison.OrdinalIgnoreCase);

    private static OpmlOutline ReadOutline(Node n, List<string> path)
    {
        var o = new OpmlOutline
        {
            Text = NullIfEmpty(n.AttrAny("text")),
            Title = NullIfEmpty(n.AttrAny("title")),
            XmlUrl = NullIfEmpty(n.AttrAny("xmlUrl") ?? (IsFeedish(n) ? n.AttrAny("url") : null)),
            HtmlUrl = NullIfEmpty(n.AttrAny("htmlUrl")),
            Type = NullIfEmpty(n.AttrAny("type")),
            Language = NullIfEmpty(n.AttrAny("language")),
            Description = NullIfEmpty(n.AttrAny("description")),
        };
        o.CategoryPath.AddRange(path);
        // OPML 2.0 category="/Tech/News" on a feed outline not nested in folders.
        if (path.Count == 0 && n.AttrAny("category") is { Length: > 0 } cat)
        {
            var first = cat.Split(',')[0];
            o.CategoryPath.AddRange(first.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        var childPath = new List<string>(path);
        if (o.XmlUrl is null && o.DisplayName is { } folder) childPath.Add(folder);
        foreach (var c in n.Elements()) if (IsOutline(c)) o.Children.Add(ReadOutline(c, childPath));
        return o;
    }

    private static bool IsFeedish(Node n) => (n.AttrAny("type") ?? "").Contains("rss", StringComparison.OrdinalIgnoreCase)
        || (n.AttrAny("type") ?? "").Contains("atom", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Writes OPML 2.0 (UTF-8, no BOM). Folders are written as nested outlines.</summary>
    public static byte[] Write(OpmlDocument doc)
    {
        using var ms = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using (var w = XmlWriter.Create(ms, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("opml");
            w.WriteAttributeString("version", "2.0");
            w.WriteStartElement("head");
            w.WriteElementString("title", doc.Title ?? "Subscriptions");
            w.WriteElementString("dateCreated", (doc.DateCreated ?? DateTimeOffset.UtcNow).ToString("r"));
            if (doc.OwnerName is not null) w.WriteElementString("ownerName", doc.OwnerName);
            w.WriteEndElement();
            w.WriteStartElement("body");
            foreach (var o in doc.Outlines) WriteOutline(w, o);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return ms.ToArray();
    }

    private static void WriteOutline(XmlWriter w, OpmlOutline o)
    {
        w.WriteStartElement("outline");
        var text = o.Text ?? o.Title ?? o.XmlUrl ?? "";
        w.WriteAttributeString("text", Clean(text));
        if (o.Title is not null) w.WriteAttributeString("title", Clean(o.Title));
        if (o.XmlUrl is not null)
        {
            w.WriteAttributeString("type", o.Type ?? "rss");
            w.WriteAttributeString("xmlUrl", Clean(o.XmlUrl));
        }
        if (o.HtmlUrl is not null) w.WriteAttributeString("htmlUrl", Clean(o.HtmlUrl));
        if (o.Language is not null) w.WriteAttributeString("language", Clean(o.Language));
        if (o.Description is not null) w.WriteAttributeString("description", Clean(o.Description));
        foreach (var c in o.Children) WriteOutline(w, c);
        w.WriteEndElement();
    }

    /// <summary>Drops characters XML 1.0 cannot carry, so a stray control character in a title cannot break the export.</summary>
    private static string Clean(string s) => new(s.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r').Where(c => c is not '\uFFFE' and not '\uFFFF').ToArray());
}
