using Inertia.Html;
using Inertia.Feeds;
using Inertia.Feeds.Model;
using Inertia.Fetching.Http;
using Inertia.Fetching.Scheduling;
using Inertia.Fetching.WebSub;
using Inertia.Storage;

namespace Inertia.Fetching;

public sealed record RefreshOutcome(long FeedId, bool Success, bool NotModified, int Inserted, int Updated, string? Error);

/// <summary>One feed's whole refresh: fetch (conditional GET) → parse → sanitize → store → reschedule.</summary>
public sealed class FeedRefresher(
    FeedStore feeds, EntryStore entries, HttpFetcher fetcher, HtmlCleaner cleaner, RefreshPolicy policy,
    TimeProvider time, ILogger<FeedRefresher> logger, WebSubSubscriber webSub, FetchLogStore? fetchLog = null)
{
    /// <summary>Never throws for feed problems: they are recorded on the feed and returned in the outcome.</summary>
    public async Task<RefreshOutcome> RefreshAsync(long feedId, CancellationToken ct = default)
    {
        var feed = await feeds.GetAsync(feedId, ct).ConfigureAwait(false);
        return feed is null
            ? new RefreshOutcome(feedId, false, false, 0, 0, $"feed {feedId} does not exist")
            : await RefreshAsync(feed, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Refreshes a feed already loaded (the scheduler's claimed records). <paramref name="ct"/> cancels only the
    /// network part: once a response is in hand its results are written to the end, so shutdown loses no work.
    /// </summary>
    public async Task<RefreshOutcome> RefreshAsync(FeedRecord feed, CancellationToken ct = default) =>
        await (await RefreshUntilRecordedAsync(feed, ct).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Runs the refresh up to the hand-over of its writes (fetch, parse, sanitize, entries queued for the group writer)
    /// and returns without waiting for them to be committed: the returned task completes with the outcome once the
    /// entries and then the check are committed (<see cref="RecordCheckAsync"/>). The scheduler frees the fetch worker
    /// meanwhile, so writes pile up into larger group commits instead of every worker waiting for its own. Until the
    /// check's commit the feed keeps its claim's lease.
    /// </summary>
    public async Task<Task<RefreshOutcome>> RefreshUntilRecordedAsync(FeedRecord feed, CancellationToken ct = default)
    {
        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        var (stored, bytes, status) = await RunAsync(feed, ct).ConfigureAwait(false);
        return RecordAsync(feed, stored, started, startedAt, bytes, status);
    }

    /// <summary>Waits for the entries' commit (<paramref name="stored"/> never fails), then records the check.</summary>
    async Task<RefreshOutcome> RecordAsync(
        FeedRecord feed, Task<(RefreshOutcome, CheckState?)> stored, long started, DateTimeOffset startedAt, long bytes, int? status)
    {
        var (outcome, state) = await stored.ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        FetchMetrics.Record(outcome, bytes, elapsed);
        var log = fetchLog is null ? null : new FetchLogEntry(startedAt, status, bytes, elapsed, outcome.Inserted, outcome.Updated, outcome.Error);
        return await RecordCheckAsync(feed, outcome, state, log).ConfigureAwait(false);
    }

    /// <summary>
    /// A document a WebSub hub pushed (signature already checked): stored exactly as a fetched one, keeping the
    /// feed's validators for the next poll.
    /// </summary>
    public async Task<RefreshOutcome> IngestPushedAsync(FeedRecord feed, byte[] body, string? contentType)
    {
        var stored = await StoreAsync(feed, new FetchResult
        {
            RequestedUrl = feed.Url, FinalUrl = feed.Url, StatusCode = 200, Body = body, ContentType = contentType,
            ETag = feed.Etag, LastModified = feed.LastModified,
        }).ConfigureAwait(false);
        var (outcome, state) = await stored.ConfigureAwait(false);
        return await RecordCheckAsync(feed, outcome, state, null).ConfigureAwait(false);
    }

    /// <summary>
    /// The check's bookkeeping (the row's state after a 304 or a failure, the fetch log row) in one write batched with
    /// other feeds' (<see cref="FeedStore.RecordCheckAsync"/>); the refresh is done only once it is committed. If it
    /// cannot be written the feed keeps its claim's lease and is checked again when that ends.
    /// </summary>
    async Task<RefreshOutcome> RecordCheckAsync(FeedRecord feed, RefreshOutcome outcome, CheckState? state, FetchLogEntry? log)
    {
        try
        {
            await feeds.RecordCheckAsync(feed.Id, state, log, fetchLog?.Size ?? 0).ConfigureAwait(false);
            return outcome;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the check of feed {FeedId}", feed.Id);
            // After a 200 the entries are stored already; the feed keeps its lease and old validators, so the next
            // check fetches the document again and finds those entries unchanged.
            return state is null ? outcome : outcome with { Success = false, Error = $"could not record the check: {e.Message}" };
        }
    }

    /// <summary>The fetch and what follows up to the hand-over of the entries; the task returned completes once
    /// they are committed (at once after a 304 or a failure), with the outcome and the row's state to record.</summary>
    async Task<(Task<(RefreshOutcome, CheckState?)> Stored, long Bytes, int? Status)> RunAsync(FeedRecord feed, CancellationToken ct)
    {
        FetchResult response;
        try
        {
            response = await fetcher.FetchAsync(FetchRequest.For(feed), ct).ConfigureAwait(false);
        }
        catch (FetchException e)
        {
            var retryAfter = e.StatusCode is 429 or 503 ? e.RetryAfter : null;
            return (Task.FromResult(Fail(feed, e.Message, retryAfter)), 0, e.StatusCode);
        }

        try
        {
            var stored = response.NotModified
                ? Task.FromResult(await NotModifiedAsync(feed, response).ConfigureAwait(false))
                : await StoreAsync(feed, response).ConfigureAwait(false);
            return (stored, response.Body.Length, response.StatusCode);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A feed whose entries the database refuses must not stop the others.
            return (Task.FromResult(CouldNotStore(feed, e)), response.Body.Length, response.StatusCode);
        }
    }

    (RefreshOutcome, CheckState?) CouldNotStore(FeedRecord feed, Exception e)
    {
        logger.LogWarning(e, "Refreshing feed {FeedId} ({Url}) failed after the fetch", feed.Id, feed.Url);
        return Fail(feed, $"could not store the feed: {e.Message}", null);
    }

    /// <summary>A 304: nothing is written here; the check times go with the fetch log row (<see cref="RecordCheckAsync"/>).</summary>
    async Task<(RefreshOutcome, CheckState?)> NotModifiedAsync(FeedRecord feed, FetchResult response)
    {
        var now = time.GetUtcNow();
        var next = policy.AfterNotModified(feed, now, feed.LastCheckedAt, CacheHints(response));
        next = await webSub.AfterFetchAsync(feed, null, response, now, next).ConfigureAwait(false);
        await MoveIfPermanentAsync(feed, response).ConfigureAwait(false);
        // Guarded: the arguments would be boxed into an array on every 304 even with debug logging off.
        if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("Feed {FeedId} not modified; next check {Next:u}", feed.Id, next);
        return (new RefreshOutcome(feed.Id, true, true, 0, 0, null), CheckState.NotModified(now, next));
    }

    /// <summary>
    /// A 200: the entries are handed to the ingest writer (<see cref="EntryStore.QueueUpsertAsync"/>) and the rest of
    /// the check is worked out while they wait for their group commit. The task returned completes once they are
    /// committed, with the outcome and the row's state (metadata, validators, next check, or a failure if they could
    /// not be stored) for <see cref="RecordCheckAsync"/>.
    /// </summary>
    async Task<Task<(RefreshOutcome, CheckState?)>> StoreAsync(FeedRecord feed, FetchResult response)
    {
        ParsedFeed parsed;
        try
        {
            parsed = FeedParser.Parse(response.Body, new FeedParseOptions { DocumentUrl = response.FinalUrl, ContentType = response.ContentType });
        }
        catch (Exception e)
        {
            // The parser promises not to throw on bad input; if it does anyway, this feed alone pays for it.
            logger.LogError(e, "Parser failed on feed {FeedId} ({Url})", feed.Id, feed.Url);
            return Task.FromResult(Fail(feed, $"could not parse the feed: {e.Message}", null));
        }
        if (parsed.Format == "unknown")
        {
            var reason = parsed.Warnings.FirstOrDefault() ?? "no RSS, Atom or JSON Feed document found";
            var type = string.IsNullOrEmpty(response.ContentType) ? "no Content-Type" : response.ContentType;
            return Task.FromResult(Fail(feed, $"not a feed ({type}): {reason}", null));
        }

        // Entries the feed sends exactly as last time are neither sanitized nor rewritten (most of a refetched feed).
        var known = await entries.SourceHashesAsync(feed.Id, parsed.Entries.Select(e => e.Key).ToList(), CancellationToken.None).ConfigureAwait(false);
        var (data, unchanged) = ToEntryData(parsed, response.FinalUrl, known);
        var now = time.GetUtcNow();
        var storing = await entries.QueueUpsertAsync(feed.Id, data, unchanged, now, CancellationToken.None).ConfigureAwait(false);
        try
        {
            var hints = CacheHints(response) with
            {
                EntryDates = parsed.Entries.Select(e => e.Published ?? e.Updated).OfType<DateTimeOffset>().ToList(),
                Ttl = parsed.TtlMinutes is > 0 and var ttl ? TimeSpan.FromMinutes(ttl) : null,
                UpdateInterval = parsed.UpdateInterval,
            };
            var next = policy.AfterSuccess(feed, now, hints);
            next = await webSub.AfterFetchAsync(feed, parsed, response, now, next).ConfigureAwait(false);
            var metadata = new FeedMetadata(
                Blank(parsed.Title), WebUrl(parsed.SiteUrl), Blank(HtmlCleaner.Snippet(parsed.Description, 1000)),
                Blank(parsed.Language), WebUrl(parsed.IconUrl) ?? WebUrl(parsed.ImageUrl), WebUrl(parsed.HubUrl));
            await MoveIfPermanentAsync(feed, response).ConfigureAwait(false);
            return StoredAsync(feed, storing, CheckState.Success(metadata, response.ETag, response.LastModified, now, next));
        }
        catch
        {
            // The check fails on this exception (RunAsync); the entries' own failure, if any, is then only logged.
            _ = storing.ContinueWith(t => logger.LogWarning(t.Exception, "Storing the entries of feed {FeedId} failed", feed.Id),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    async Task<(RefreshOutcome, CheckState?)> StoredAsync(FeedRecord feed, Task<EntryUpsertResult> storing, CheckState success)
    {
        try
        {
            var stored = await storing.ConfigureAwait(false);
            logger.LogDebug("Feed {FeedId}: {Inserted} new, {Updated} updated; next check {Next:u}", feed.Id, stored.Inserted, stored.Updated, success.NextCheckAt);
            return (new RefreshOutcome(feed.Id, true, false, stored.Inserted, stored.Updated, null), success);
        }
        catch (Exception e)
        {
            return CouldNotStore(feed, e);
        }
    }

    /// <summary>
    /// Sanitized entries, one per key (a document repeating a key keeps its first occurrence), and the keys of the
    /// entries whose source hash matches the stored one (<paramref name="known"/>), which are left as stored.
    /// </summary>
    (List<EntryData> Entries, List<string> Unchanged) ToEntryData(ParsedFeed parsed, string baseUrl, IReadOnlyDictionary<string, string> known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<EntryData>(parsed.Entries.Count);
        var unchanged = new List<string>();
        foreach (var e in parsed.Entries)
        {
            if (string.IsNullOrEmpty(e.Key) || !seen.Add(e.Key)) continue;
            var sourceHash = EntrySource.Hash(e, baseUrl);
            if (known.TryGetValue(e.Key, out var stored) && stored == sourceHash)
            {
                unchanged.Add(e.Key);
                continue;
            }
            var content = cleaner.Clean(e.Content, baseUrl);
            var summary = e.Summary == e.Content ? content : cleaner.Clean(e.Summary, baseUrl);
            var enclosures = e.Enclosures.All(x => WebUrl(x.Url) is not null) ? e.Enclosures : e.Enclosures.Where(x => WebUrl(x.Url) is not null).ToList();
            result.Add(new EntryData(
                e.Key, e.Id, WebUrl(e.Url), e.Title, e.Author, Blank(summary), Blank(content), e.Published, e.Updated,
                e.Categories, enclosures, WebUrl(e.CommentsUrl), WebUrl(e.ImageUrl)) { SourceHash = sourceHash });
        }
        return (result, unchanged);
    }

    /// <summary>
    /// A 301/308 is trusted once the new address has answered with the feed (a 200 that parses, or a 304),
    /// so a misconfigured redirect to an error page never loses the old URL.
    /// </summary>
    async Task MoveIfPermanentAsync(FeedRecord feed, FetchResult response)
    {
        if (response.PermanentUrl is not { } moved || moved == feed.Url) return;
        try
        {
            await feeds.SetUrlAsync(feed.Id, moved, CancellationToken.None).ConfigureAwait(false);
            logger.LogInformation("Feed {FeedId} moved permanently: {Old} → {New}", feed.Id, feed.Url, moved);
        }
        catch (DuplicateException)
        {
            // Another feed row already has the new URL; keep following the redirect rather than merge feeds here.
            logger.LogInformation("Feed {FeedId} redirects to {New}, which is already another feed", feed.Id, moved);
        }
    }

    /// <summary>The outcome and row state of a failed check (written by <see cref="RecordCheckAsync"/>).</summary>
    (RefreshOutcome, CheckState?) Fail(FeedRecord feed, string error, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow();
        var next = policy.AfterFailure(feed, now, feed.ErrorCount + 1, retryAfter);
        logger.LogInformation("Feed {FeedId} ({Url}) failed ({Count} in a row): {Error}", feed.Id, feed.Url, feed.ErrorCount + 1, error);
        return (new RefreshOutcome(feed.Id, false, false, 0, 0, error), CheckState.Failure(error, now, next));
    }

    static ScheduleHints CacheHints(FetchResult response) => new() { MaxAge = response.MaxAge, Expires = response.Expires };

    /// <summary>
    /// Links outside the HTML (entry link, comments, images, enclosures, site) end up in href/src attributes too:
    /// only absolute http(s) URLs are kept, so a "javascript:" link in a feed never reaches a page.
    /// </summary>
    static string? WebUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? value!.Trim()
            : null;

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
