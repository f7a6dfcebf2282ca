namespace Inertia.Storage;

/// <summary>
/// A starred entry as it travels between databases (<c>inertia export</c> / <c>import</c>): the entry's own fields,
/// its identity within its feed (<see cref="EntryData.Key"/>), the feed's URL (feed ids differ between databases),
/// its sort time, and the user's state.
/// </summary>
public sealed record StarredEntry(
    string FeedUrl, string? FeedTitle, EntryData Entry, DateTimeOffset SortAt, DateTimeOffset? StarredAt, bool IsRead, DateTimeOffset? ReadAt);

/// <param name="Inserted">Entries the database did not have (added to their feed, indexed for search).</param>
/// <param name="Merged">Entries it had already: only the user's state was merged (starred, read if either side read it).</param>
public sealed record StarredImportResult(int Inserted, int Merged);
