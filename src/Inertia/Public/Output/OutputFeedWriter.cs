using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Inertia.Html;
using Inertia.Public.Display;
using Inertia.Storage;

namespace Inertia.Public.Output;

/// <summary>
/// Writes an <see cref="OutputFeed"/> as RSS 2.0, Atom 1.0 (RFC 4287) or JSON Feed 1.1, written with XmlWriter and
/// Utf8JsonWriter. Entry HTML is the stored, already sanitized content (else the summary).
/// </summary>
public static class OutputFeedWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string Generator = "Inertia";

    public static async Task WriteAsync(Stream output, OutputFeed feed, OutputFormat format, CancellationToken ct)
    {
        switch (format)
        {
            case OutputFormat.Json:
                await WriteJsonAsync(output, feed, ct);
                break;
            default:
                // XmlWriter writes synchronously, which Kestrel refuses on the response: build the document in memory
                // (at most MaxEntries entries) and copy it out asynchronously.
                using (var buffer = new MemoryStream())
                {
                    var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
                    using (var writer = XmlWriter.Create(buffer, settings))
                    {
                        if (format == OutputFormat.Rss) WriteRss(writer, feed);
                        else WriteAtom(writer, feed);
                    }
                    buffer.Position = 0;
                    await buffer.CopyToAsync(output, ct);
                }
                break;
        }
    }

    private static void WriteRss(XmlWriter w, OutputFeed feed)
    {
        w.WriteStartDocument();
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNs);
        w.WriteAttributeString("xmlns", "dc", null, DcNs);
        w.WriteAttributeString("xmlns", "content", null, ContentNs);
        w.WriteStartElement("channel");
        w.WriteElementString("title", Clean(feed.Title));
        w.WriteElementString("link", feed.HomeUrl);
        w.WriteElementString("description", Clean(feed.Title));
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("href", feed.SelfUrl);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteEndElement();
        w.WriteElementString("lastBuildDate", Rfc822(feed.Updated));
        w.WriteElementString("generator", Generator);
        foreach (var entry in feed.Entries)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", Clean(entry.Title ?? ""));
            w.WriteElementString("link", Link(feed, entry));
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "false");
            w.WriteString(EntryId(feed, entry));
            w.WriteEndElement();
            w.WriteElementString("pubDate", Rfc822(entry.Published ?? entry.SortAt));
            w.WriteElementString("dc", "creator", DcNs, Clean(entry.Author ?? entry.FeedTitle));
            if (entry.Summary is { Length: > 0 } summary) w.WriteElementString("description", Clean(summary));
            else if (entry.Content is { Length: > 0 } onlyContent) w.WriteElementString("description", Clean(onlyContent));
            if (entry.Content is { Length: > 0 } content) w.WriteElementString("content", "encoded", ContentNs, Clean(content));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteAtom(XmlWriter w, OutputFeed feed)
    {
        w.WriteStartDocument();
        w.WriteStartElement("feed", AtomNs);
        w.WriteElementString("id", AtomNs, feed.SelfUrl);
        w.WriteElementString("title", AtomNs, Clean(feed.Title));
        w.WriteElementString("updated", AtomNs, Rfc3339(feed.Updated));
        WriteAtomLink(w, feed.SelfUrl, "self", "application/atom+xml");
        WriteAtomLink(w, feed.HomeUrl, "alternate", "text/html");
        // RFC 4287 wants an author on the feed or on every entry.
        w.WriteStartElement("author", AtomNs);
        w.WriteElementString("name", AtomNs, Generator);
        w.WriteEndElement();
        w.WriteElementString("generator", AtomNs, Generator);
        foreach (var entry in feed.Entries)
        {
            w.WriteStartElement("entry", AtomNs);
            w.WriteElementString("id", AtomNs, EntryId(feed, entry));
            w.WriteElementString("title", AtomNs, Clean(entry.Title ?? ""));
            w.WriteElementString("updated", AtomNs, Rfc3339(entry.Updated ?? entry.Published ?? entry.SortAt));
            if (entry.Published is { } published) w.WriteElementString("published", AtomNs, Rfc3339(published));
            WriteAtomLink(w, Link(feed, entry), "alternate", "text/html");
            w.WriteStartElement("author", AtomNs);
            w.WriteElementString("name", AtomNs, Clean(entry.Author ?? entry.FeedTitle));
            w.WriteEndElement();
            if (entry.Content is { Length: > 0 } content) WriteHtml(w, "content", content);
            if (entry.Summary is { Length: > 0 } summary) WriteHtml(w, "summary", summary);
            // Where the entry came from: the source feed's title and site.
            w.WriteStartElement("source", AtomNs);
            w.WriteElementString("title", AtomNs, Clean(entry.FeedTitle));
            if (PublicUrls.Http(entry.FeedSiteUrl) is { } site) WriteAtomLink(w, site, "alternate", "text/html");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteAtomLink(XmlWriter w, string href, string rel, string type)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static void WriteHtml(XmlWriter w, string element, string html)
    {
        w.WriteStartElement(element, AtomNs);
        w.WriteAttributeString("type", "html");
        w.WriteString(Clean(html));
        w.WriteEndElement();
    }

    private static async Task WriteJsonAsync(Stream output, OutputFeed feed, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("version", "https://jsonfeed.org/version/1.1");
        w.WriteString("title", feed.Title);
        w.WriteString("home_page_url", feed.HomeUrl);
        w.WriteString("feed_url", feed.SelfUrl);
        w.WriteStartArray("authors");
        w.WriteStartObject();
        w.WriteString("name", Generator);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("items");
        foreach (var entry in feed.Entries)
        {
            w.WriteStartObject();
            w.WriteString("id", EntryId(feed, entry));
            w.WriteString("url", Link(feed, entry));
            if (entry.Title is { Length: > 0 } title) w.WriteString("title", title);
            // Every item needs content_html or content_text.
            w.WriteString("content_html", Clean(entry.Content is { Length: > 0 } content ? content : entry.Summary ?? ""));
            if (entry.Content is { Length: > 0 } && entry.Summary is { Length: > 0 } summaryHtml)
                w.WriteString("summary", HtmlCleaner.Snippet(summaryHtml, 500));
            w.WriteString("date_published", Rfc3339(entry.Published ?? entry.SortAt));
            if (entry.Updated is { } updated) w.WriteString("date_modified", Rfc3339(updated));
            w.WriteStartArray("authors");
            w.WriteStartObject();
            w.WriteString("name", entry.Author ?? entry.FeedTitle);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            if (w.BytesPending > 64 * 1024) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    private static string Link(OutputFeed feed, OutputEntry entry) => PublicUrls.Http(entry.Url) ?? feed.EntryUrl(entry.Id);

    private static string EntryId(OutputFeed feed, OutputEntry entry) => feed.EntryUrl(entry.Id);

    private static string Rfc822(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// XML 1.0 forbids most control characters, and feeds in the wild contain them; JSON could carry them, but the
    /// same entry should read the same in every format.
    /// </summary>
    private static string Clean(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlChar(text, i)) { firstBad = i; break; }
            if (char.IsHighSurrogate(text[i])) i++;
        }
        if (firstBad < 0) return text;
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else if (IsXmlChar(text, i)) builder.Append(text[i]);
        }
        return builder.ToString();
    }

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c)) return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c)) return false;
        return XmlConvert.IsXmlChar(c);
    }
}
