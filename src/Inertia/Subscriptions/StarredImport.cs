using System.Text.Json;
using Inertia.Html;
using Inertia.Storage;

namespace Inertia.Subscriptions;

/// <summary>
/// Reads a <see cref="StarredFile"/> and stores its entries for a user. <see cref="Parse"/> checks the whole file
/// before anything is written, so a bad file is refused whole; the store then writes everything in one transaction.
/// </summary>
public sealed class StarredImport(EntryStore entries, HtmlCleaner cleaner)
{
    /// <summary>The file's entries, checked; throws <see cref="StarredFileException"/> saying what is wrong and where.</summary>
    public static IReadOnlyList<StarredFileEntry> Parse(ReadOnlySpan<byte> json)
    {
        StarredFile? file;
        try
        {
            file = JsonSerializer.Deserialize<StarredFile>(json, StarredFile.Json);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new StarredFileException($"not valid starred-entries JSON{where}: {e.Message}", e);
        }
        if (file is null || file.Format != StarredFile.FormatName)
            throw new StarredFileException($"not an Inertia starred-entries file (expected \"format\": \"{StarredFile.FormatName}\")");
        if (file.Version != StarredFile.CurrentVersion)
            throw new StarredFileException($"unsupported version {file.Version} (this Inertia reads version {StarredFile.CurrentVersion})");
        if (file.Entries is null)
            throw new StarredFileException("\"entries\" is missing");

        var problems = new List<string>();
        for (var i = 0; i < file.Entries.Count; i++)
        {
            var e = file.Entries[i];
            if (e is null) problems.Add($"entry {i + 1}: null");
            else if (FeedSubscriber.NormalizeUrl(e.FeedUrl) is null || !e.FeedUrl.Contains("://", StringComparison.Ordinal))
                problems.Add($"entry {i + 1}: feedUrl \"{e.FeedUrl}\" is not an http(s) URL");
            else if (string.IsNullOrWhiteSpace(e.Key)) problems.Add($"entry {i + 1}: key is missing");
        }
        if (problems.Count > 0)
            throw new StarredFileException($"{problems.Count} bad entr{(problems.Count == 1 ? "y" : "ies")}, nothing imported: " +
                                           string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? "; …" : ""));
        return file.Entries;
    }

    /// <summary>Stores the entries for the user (see <see cref="EntryStore.ImportStarredAsync"/>). Their HTML is
    /// sanitized again: a file is input like any feed, whoever wrote it.</summary>
    public Task<StarredImportResult> ImportAsync(long userId, IReadOnlyList<StarredFileEntry> file, CancellationToken ct = default) =>
        entries.ImportStarredAsync(userId, file.Select(e => new StarredEntry(
            FeedSubscriber.NormalizeUrl(e.FeedUrl)!, e.FeedTitle,
            new EntryData(e.Key, e.Guid, e.Url, e.Title, e.Author, cleaner.Clean(e.Summary, e.Url), cleaner.Clean(e.Content, e.Url),
                e.Published, e.Updated, e.Categories ?? [], e.Enclosures ?? [], e.CommentsUrl, e.ImageUrl),
            e.SortAt, e.StarredAt, e.Read, e.ReadAt)).ToList(), DateTimeOffset.UtcNow, ct);
}
