using System.Globalization;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>The Podcasting 2.0 namespace (podcastindex.org/namespace/1.0), on a channel or an item.</summary>
internal static class PodcastNamespace
{
    public static void Apply(Node c, Func<PodcastInfo> info, string? baseUrl)
    {
        var text = c.Text.Trim();
        switch (c.Name)
        {
            case "guid": if (text.Length > 0) info().Guid ??= text; break;
            case "locked":
                var locked = text.ToLowerInvariant() switch { "yes" or "true" => true, "no" or "false" => false, _ => (bool?)null };
                if (locked is null) break;
                info().Locked ??= locked;
                info().LockedOwner ??= c.Attr("owner");
                break;
            case "medium": if (text.Length > 0) info().Medium ??= text; break;
            case "season":
                if (text.Length == 0) break;
                info().Season ??= text;
                info().SeasonName ??= c.Attr("name");
                break;
            case "episode":
                if (text.Length == 0) break;
                info().Episode ??= text;
                info().EpisodeDisplay ??= c.Attr("display");
                break;
            case "chapters":
                if (Url(c, baseUrl) is { } chapters) info().Chapters ??= new PodcastLink(chapters, c.Attr("type"));
                break;
            case "license":
                if (text.Length > 0 || c.Attr("url") is not null) info().License ??= new PodcastLink(Url(c, baseUrl), null, Empty(text));
                break;
            case "location":
                if (text.Length > 0) info().Location ??= new PodcastLocation(text, c.Attr("geo"), c.Attr("osm"));
                break;
            case "transcript":
                if (Url(c, baseUrl) is { } transcript)
                    info().Transcripts.Add(new PodcastLink(transcript, c.Attr("type")) { Language = c.Attr("language"), Rel = c.Attr("rel") });
                break;
            case "funding":
                if (Url(c, baseUrl) is { } funding) info().Funding.Add(new PodcastLink(funding, null, Empty(text)));
                break;
            case "person":
                if (text.Length > 0)
                    info().Persons.Add(new PodcastPerson(text, c.Attr("role"), c.Attr("group"), Resolve(baseUrl, c.Attr("img")), Resolve(baseUrl, c.Attr("href"))));
                break;
            case "soundbite":
                if (Seconds(c.Attr("startTime")) is { } start && Seconds(c.Attr("duration")) is { } duration)
                    info().Soundbites.Add(new PodcastSoundbite(start, duration, Empty(text)));
                break;
        }
    }

    private static string? Url(Node c, string? baseUrl) => Resolve(baseUrl, c.Attr("url"));

    private static string? Resolve(string? baseUrl, string? url) => string.IsNullOrWhiteSpace(url) ? null : Urls.Resolve(baseUrl, url);

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    private static double? Seconds(string? s) =>
        double.TryParse(s?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v) ? v : null;
}
