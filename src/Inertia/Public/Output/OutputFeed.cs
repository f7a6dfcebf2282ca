using Inertia.Storage;

namespace Inertia.Public.Output;

public enum OutputFormat { Rss, Atom, Json }

/// <summary>A list of a user's entries ready to be written in any format.</summary>
/// <param name="SelfUrl">This document's own URL (for rel=self / feed_url).</param>
/// <param name="EntryUrl">The reader URL of an entry: the link when the entry has none, and the base of its id.</param>
public sealed record OutputFeed(
    string Title, string HomeUrl, string SelfUrl, DateTimeOffset Updated,
    IReadOnlyList<OutputEntry> Entries, Func<long, string> EntryUrl)
{
    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Rss => "application/rss+xml; charset=utf-8",
        OutputFormat.Atom => "application/atom+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    };

    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Rss => "rss",
        OutputFormat.Atom => "atom",
        _ => "json",
    };

    public static OutputFormat? Parse(string extension) => extension.ToLowerInvariant() switch
    {
        "rss" => OutputFormat.Rss,
        "atom" => OutputFormat.Atom,
        "json" => OutputFormat.Json,
        _ => null,
    };
}
