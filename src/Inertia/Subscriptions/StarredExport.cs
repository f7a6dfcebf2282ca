using Inertia.Storage;

namespace Inertia.Subscriptions;

/// <summary>A user's starred entries as a <see cref="StarredFile"/> (the JSON half of <c>inertia export</c>).</summary>
public sealed class StarredExport(EntryStore entries)
{
    public async Task<StarredFile> BuildAsync(long userId, string username, CancellationToken ct = default)
    {
        var starred = await entries.ListStarredForExportAsync(userId, ct);
        return new StarredFile(StarredFile.FormatName, StarredFile.CurrentVersion, DateTimeOffset.UtcNow, username,
            starred.Select(s => new StarredFileEntry(
                s.FeedUrl, s.FeedTitle, s.Entry.Key, s.Entry.Guid, s.Entry.Url, s.Entry.Title, s.Entry.Author,
                s.Entry.Summary, s.Entry.Content, s.Entry.Published, s.Entry.Updated, s.SortAt,
                s.Entry.Categories, s.Entry.Enclosures, s.Entry.CommentsUrl, s.Entry.ImageUrl,
                s.StarredAt, s.IsRead, s.ReadAt)).ToList());
    }
}
