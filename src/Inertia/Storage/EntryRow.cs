using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Inertia.Storage;

/// <summary>An <see cref="EntryData"/> as stored: identity key bounded, lists as JSON, times as µs, a content hash
/// for change detection and a plain-text snippet for lists.</summary>
internal sealed class EntryRow
{
    /// <summary>Keys longer than this are stored as their hash: a btree index entry must stay small.</summary>
    private const int MaxKeyLength = 512;
    private const int SnippetLength = 300;

    public long Id { get; set; }
    public string Key { get; init; } = "";
    public string? Guid { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Author { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    /// <summary>Computed only when written: most rows of a refetch are unchanged and never need it.</summary>
    public string? Snippet
    {
        get
        {
            if (!_snippetDone) (_snippet, _snippetDone) = (MakeSnippet(Summary) ?? MakeSnippet(Content), true);
            return _snippet;
        }
    }
    public long? Published { get; init; }
    public long? Updated { get; init; }
    public long SortAt { get; init; }
    public string Categories { get; init; } = "[]";
    public string Enclosures { get; init; } = "[]";
    public string? CommentsUrl { get; init; }
    public string? ImageUrl { get; init; }
    public string ContentHash { get; init; } = "";
    /// <summary>See <see cref="EntryData.SourceHash"/>; null when the caller gave none.</summary>
    public string? SourceHash { get; init; }

    private string? _snippet;
    private bool _snippetDone;

    /// <summary>The rows as one JSON array for <see cref="SqlDialect.EntryRows"/>.</summary>
    public static string ToJson(IEnumerable<EntryRow> rows) => JsonSerializer.Serialize(rows.Select(r => new JsonRow(
        r.Id, r.Key, r.Guid, r.Url, r.Title, r.Author, r.Summary, r.Content, r.Snippet, r.Published, r.Updated, r.SortAt,
        r.Categories, r.Enclosures, r.CommentsUrl, r.ImageUrl, r.ContentHash, r.SourceHash)), JsonRowOptions);

    // Relaxed escaping: this JSON never meets a browser, and CJK text escaped as \uXXXX would be six times larger.
    private static readonly JsonSerializerOptions JsonRowOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record JsonRow(
        long Id, string Key, string? Guid, string? Url, string? Title, string? Author, string? Summary, string? Content,
        string? Snippet, long? Published, long? Updated, long SortAt, string Categories, string Enclosures,
        string? CommentsUrl, string? ImageUrl, string ContentHash, string? SourceHash);

    public static EntryRow From(EntryData data, DateTimeOffset now)
    {
        var e = Clean(data);
        var categories = JsonSerializer.Serialize(e.Categories ?? [], EntryStore.Json);
        var enclosures = JsonSerializer.Serialize(e.Enclosures ?? [], EntryStore.Json);
        var published = Micros.From(e.Published);
        var updated = Micros.From(e.Updated);
        var nowMicros = Micros.From(now);
        return new EntryRow
        {
            Key = NormalizeKey(e),
            Guid = e.Guid, Url = e.Url, Title = e.Title, Author = e.Author, Summary = e.Summary, Content = e.Content,
            Published = published, Updated = updated,
            // Published, else updated (Atom feeds often give only that), else first seen; a date in the future would
            // pin the entry on top and escape mark-all-read.
            SortAt = (published ?? updated) is { } p && p <= nowMicros ? p : nowMicros,
            Categories = categories, Enclosures = enclosures, CommentsUrl = e.CommentsUrl, ImageUrl = e.ImageUrl,
            SourceHash = e.SourceHash,
            // The UTF-8 JSON hashed as it is written: the same bytes as encoding the serialized string (the default
            // encoder escapes all non-ASCII), without that string and its copy (a CJK entry's is six times its text).
            ContentHash = HashJson(
            [
                e.Guid, e.Url, e.Title, e.Author, e.Summary, e.Content, published, updated, categories, enclosures, e.CommentsUrl, e.ImageUrl,
            ]),
        };
    }

    private static EntryData Clean(EntryData e)
    {
        if (!new[] { e.Key, e.Guid, e.Url, e.Title, e.Author, e.Summary, e.Content, e.CommentsUrl, e.ImageUrl }
                .Concat(e.Categories ?? []).Any(StoredText.NeedsCleaning))
            return e;
        return e with
        {
            Key = StoredText.Clean(e.Key) ?? "", Guid = StoredText.Clean(e.Guid), Url = StoredText.Clean(e.Url),
            Title = StoredText.Clean(e.Title), Author = StoredText.Clean(e.Author), Summary = StoredText.Clean(e.Summary),
            Content = StoredText.Clean(e.Content), CommentsUrl = StoredText.Clean(e.CommentsUrl), ImageUrl = StoredText.Clean(e.ImageUrl),
            Categories = (e.Categories ?? []).Select(c => StoredText.Clean(c)!).ToList(),
        };
    }

    /// <summary>The key an entry with this (non-empty) key is stored under.</summary>
    public static string StoredKey(string key)
    {
        key = StoredText.Clean(key) ?? "";
        return key.Length <= MaxKeyLength ? key : "sha256:" + Hash(key);
    }

    private static string NormalizeKey(EntryData e)
    {
        var key = e.Key;
        if (string.IsNullOrEmpty(key))
            key = "h:" + Hash($"{e.Url}\n{e.Title}\n{e.Published?.ToUnixTimeSeconds()}\n{e.Content ?? e.Summary}");
        return key.Length <= MaxKeyLength ? key : "sha256:" + Hash(key);
    }

    private static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    private static string Hash(ReadOnlySpan<byte> utf8)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        return Convert.ToHexStringLower(hash);
    }

    // Per thread, reused: the JSON is only hashed, and a new array per entry was a tenth of what a cold refresh
    // allocated in its workers. A buffer grown past the cap by a huge entry is dropped rather than kept.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static Utf8JsonWriter? t_jsonWriter;
    private const int KeptJsonBuffer = 1 << 20;

    /// <summary>The hash of <paramref name="values"/> serialized as <see cref="JsonSerializer.SerializeToUtf8Bytes{T}(T, JsonSerializerOptions?)"/> would.</summary>
    private static string HashJson(object?[] values)
    {
        var buffer = t_json ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_jsonWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, values);
        writer.Flush();
        var hash = Hash(buffer.WrittenSpan);
        if (buffer.Capacity > KeptJsonBuffer) (t_json, t_jsonWriter) = (null, null);
        return hash;
    }

    /// <summary>Plain text for list views: tags dropped, entities decoded, whitespace collapsed, cut at a word.</summary>
    internal static string? MakeSnippet(string? html)
    {
        var text = PlainText.Snippet(html, SnippetLength);
        return text.Length == 0 ? null : text;
    }
}
