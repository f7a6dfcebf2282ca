using System.Globalization;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>Podlove Simple Chapters (psc:chapters, http://podlove.org/simple-chapters); only the first list counts.</summary>
internal static class Podlove
{
    public static void Apply(Node c, ParsedEntry e, string? baseUrl)
    {
        if (c.Name != "chapters" || e.Chapters is not null) return;
        var chapters = new List<Chapter>();
        foreach (var ch in c.Elements())
        {
            if (ch.Name != "chapter" || Namespaces.Key(ch.Ns) != "psc") continue;
            var startText = ch.Attr("start")?.Trim();
            if (Start(startText) is not { } start) continue;
            var href = ch.Attr("href");
            var image = ch.Attr("image");
            chapters.Add(new Chapter(start, ch.Attr("title"), href is null ? null : Urls.Resolve(baseUrl, href),
                image is null ? null : Urls.Resolve(baseUrl, image)) { StartText = startText });
        }
        e.Chapters = new ChapterList(c.Attr("version"), chapters);
    }

    /// <summary>Normal play time as Podlove writes it: [[HH:]MM:]SS[.mmm].</summary>
    public static TimeSpan? Start(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split(':');
        if (parts.Length > 3) return null;
        double seconds = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (parts[i].Length == 0 || !double.TryParse(parts[i], last ? NumberStyles.AllowDecimalPoint : NumberStyles.None,
                    CultureInfo.InvariantCulture, out var v))
                return null;
            seconds = seconds * 60 + v;
        }
        return seconds <= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
