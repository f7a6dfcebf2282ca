using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inertia.Feeds.Model;

namespace Inertia.Cli;

/// <summary>The documented shape of `inertia parse --json`: one camelCase object, ISO 8601 UTC dates.</summary>
public static class FeedJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Feeds are full of CJK text and HTML: keep them readable in the output.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(ParsedFeed feed) => JsonSerializer.Serialize(ToDocument(feed), Options);

    private static FeedDocument ToDocument(ParsedFeed feed) => new(
        feed.Format, feed.Encoding, feed.Title, feed.SiteUrl, feed.FeedUrl, feed.Language, feed.Warnings,
        feed.Entries.Select(e => new EntryDocument(
            e.Id, e.Key, e.Url, e.Title, e.Author, Iso(e.Published), Iso(e.Updated), e.Summary, e.Content,
            e.Categories, e.Enclosures.Select(x => new EnclosureDocument(x.Url, x.Type, x.Length)).ToList(),
            e.Media, e.Where, e.Latitude, e.Longitude, e.Chapters, e.Podcast)).ToList(),
        feed.Podcast);

    private static string? Iso(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private sealed record FeedDocument(
        string Format, string? Encoding, string? Title, string? SiteUrl, string? FeedUrl, string? Language,
        IReadOnlyList<string> Warnings, IReadOnlyList<EntryDocument> Entries, PodcastInfo? Podcast);

    private sealed record EntryDocument(
        string? Id, string Key, string? Url, string? Title, string? Author, string? Published, string? Updated,
        string? Summary, string? Content, IReadOnlyList<string> Categories, IReadOnlyList<EnclosureDocument> Enclosures,
        MediaInfo? Media, GeoShape? Where, double? Latitude, double? Longitude, ChapterList? Chapters, PodcastInfo? Podcast);

    private sealed record EnclosureDocument(string Url, string? Type, long? Length);
}
