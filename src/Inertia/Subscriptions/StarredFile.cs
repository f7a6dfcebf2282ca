using System.Text.Json;
using System.Text.Json.Serialization;
using Inertia.Feeds.Model;

namespace Inertia.Subscriptions;

/// <summary>
/// <c>starred.json</c>, written by <c>inertia export</c> beside <c>subscriptions.opml</c>: a user's starred entries
/// with everything needed to store them in another Inertia database. Versioned; camelCase; times ISO 8601 UTC.
/// </summary>
public sealed record StarredFile(string Format, int Version, DateTimeOffset ExportedAt, string? User, IReadOnlyList<StarredFileEntry> Entries)
{
    public const string FormatName = "inertia-starred";
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Readable CJK in the file; it is data, never embedded in a page.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <param name="Key">The entry's identity within its feed (guid, else link, else a content hash), as Inertia stored it.</param>
/// <param name="SortAt">Where the entry lists (published, else first seen).</param>
public sealed record StarredFileEntry(
    string FeedUrl, string? FeedTitle, string Key, string? Guid, string? Url, string? Title, string? Author,
    string? Summary, string? Content, DateTimeOffset? Published, DateTimeOffset? Updated, DateTimeOffset SortAt,
    IReadOnlyList<string>? Categories, IReadOnlyList<Enclosure>? Enclosures, string? CommentsUrl, string? ImageUrl,
    DateTimeOffset? StarredAt, bool Read, DateTimeOffset? ReadAt);

/// <summary>A starred.json that cannot be imported; the message says where and why.</summary>
public sealed class StarredFileException(string message, Exception? inner = null) : Exception(message, inner);
