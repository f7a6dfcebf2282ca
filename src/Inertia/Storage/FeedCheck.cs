namespace Inertia.Storage;

/// <summary>
/// What a check changes on the feed row: a 304 (check times move, the error count clears), a failure (the error is
/// counted and kept) or a 200 whose entries are stored (<see cref="Fetched"/>: the feed's metadata and validators too).
/// </summary>
public sealed record CheckState(bool Failed, DateTimeOffset CheckedAt, DateTimeOffset NextCheckAt, string? Error = null)
{
    /// <summary>Set after a 200: what the document said about the feed, and the response's validators.</summary>
    public FetchedFeed? Fetched { get; init; }

    public static CheckState NotModified(DateTimeOffset checkedAt, DateTimeOffset nextCheckAt) => new(false, checkedAt, nextCheckAt);
    public static CheckState Failure(string error, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt) => new(true, checkedAt, nextCheckAt, error);
    public static CheckState Success(FeedMetadata metadata, string? etag, string? lastModified, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt) =>
        new(false, checkedAt, nextCheckAt) { Fetched = new FetchedFeed(metadata, etag, lastModified) };
}

/// <summary>A 200's news about the feed row: metadata (a field the document no longer sends keeps its last value) and
/// the validators for the next conditional GET.</summary>
public sealed record FetchedFeed(FeedMetadata Metadata, string? Etag, string? LastModified);

/// <summary>One feed's bookkeeping after a check: its row's new state and/or a fetch log row (kept to the newest
/// <paramref name="Keep"/> of that feed).</summary>
internal sealed record FeedCheck(long FeedId, CheckState? State, FetchLogEntry? Log, int Keep);
