namespace Inertia.Storage;

/// <summary>
/// What a check without new content changes on the feed row: a 304 (check times move, the error count clears) or a
/// failure (the error is counted and kept). A 200's row write goes with its entries instead
/// (<see cref="FeedStore.RecordSuccessAsync"/>).
/// </summary>
public sealed record CheckState(bool Failed, DateTimeOffset CheckedAt, DateTimeOffset NextCheckAt, string? Error = null)
{
    public static CheckState NotModified(DateTimeOffset checkedAt, DateTimeOffset nextCheckAt) => new(false, checkedAt, nextCheckAt);
    public static CheckState Failure(string error, DateTimeOffset checkedAt, DateTimeOffset nextCheckAt) => new(true, checkedAt, nextCheckAt, error);
}

/// <summary>One feed's bookkeeping after a check: its row's new state and/or a fetch log row (kept to the newest
/// <paramref name="Keep"/> of that feed).</summary>
internal sealed record FeedCheck(long FeedId, CheckState? State, FetchLogEntry? Log, int Keep);
