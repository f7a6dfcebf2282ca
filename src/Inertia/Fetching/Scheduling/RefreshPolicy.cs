using Inertia.Storage;

namespace Inertia.Fetching.Scheduling;

/// <summary>What a fetch taught us about how often the feed should be checked.</summary>
public sealed record ScheduleHints
{
    /// <summary>Publish times of the entries in the document (newest first or any order).</summary>
    public IReadOnlyList<DateTimeOffset> EntryDates { get; init; } = [];
    /// <summary>RSS &lt;ttl&gt;.</summary>
    public TimeSpan? Ttl { get; init; }
    /// <summary>sy:updatePeriod / sy:updateFrequency.</summary>
    public TimeSpan? UpdateInterval { get; init; }
    /// <summary>Cache-Control max-age.</summary>
    public TimeSpan? MaxAge { get; init; }
    /// <summary>Expires header.</summary>
    public DateTimeOffset? Expires { get; init; }
}

/// <summary>
/// When to check a feed next. Pure: the same inputs always give the same time, so it is tested without a clock.
/// The interval follows how often the feed publishes, never shorter than what the publisher asks for (ttl,
/// sy:update*, max-age, Expires, Retry-After), and always within [MinInterval, MaxInterval]; errors back off
/// exponentially.
/// </summary>
public sealed class RefreshPolicy(FetchingOptions options)
{
    /// <summary>Entries considered when estimating the publishing rate.</summary>
    const int RecentEntries = 20;

    /// <summary>Each unchanged (304) check stretches the interval by this factor.</summary>
    const double NotModifiedGrowth = 1.25;

    TimeSpan Min => options.MinInterval;
    TimeSpan Ceiling => options.MaxInterval < options.MinInterval ? options.MinInterval : options.MaxInterval;

    /// <summary>After a 200 with a parsed feed.</summary>
    public DateTimeOffset AfterSuccess(long feedId, DateTimeOffset now, ScheduleHints hints) =>
        now + Spread(feedId, Clamp(Max(PublishingInterval(now, hints.EntryDates), PublisherFloor(now, hints))));

    /// <summary>
    /// After a 304. Nothing new arrived, so the previous interval (the time since the last check) grows a little,
    /// still honouring the publisher's cache hints; the next 200 recomputes it from the entries.
    /// </summary>
    public DateTimeOffset AfterNotModified(long feedId, DateTimeOffset now, DateTimeOffset? lastCheckedAt, ScheduleHints hints)
    {
        var previous = lastCheckedAt is { } last && last < now ? now - last : options.DefaultInterval;
        var grown = TimeSpan.FromTicks((long)(previous.Ticks * NotModifiedGrowth));
        return now + Spread(feedId, Clamp(Max(grown, PublisherFloor(now, hints))));
    }

    /// <summary>
    /// After a failure; <paramref name="errorCount"/> counts this failure too. MinInterval doubled per consecutive
    /// error up to MaxInterval; a server's Retry-After is honoured up to MaxRetryAfter.
    /// </summary>
    public DateTimeOffset AfterFailure(long feedId, DateTimeOffset now, int errorCount, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Clamp(errorCount - 1, 0, 30);
        var backoff = Clamp(TimeSpan.FromTicks((long)Math.Min(Min.Ticks * Math.Pow(2, exponent), Ceiling.Ticks)));
        if (retryAfter is { } wait && wait > backoff)
            backoff = wait < options.MaxRetryAfter ? wait : options.MaxRetryAfter;
        return now + Spread(feedId, backoff);
    }

    // Per feed: a fixed interval set on the feed (FeedSettings.FixedInterval) replaces the adaptive one exactly (no
    // spread, no ceiling, publisher hints ignored: the user asked for it), never below MinInterval, the admin's floor
    // that protects servers. Failures still back off: the longer of the backoff and the fixed interval.

    /// <summary>After a 200 with a parsed feed, honouring the feed's fixed interval.</summary>
    public DateTimeOffset AfterSuccess(FeedRecord feed, DateTimeOffset now, ScheduleHints hints) =>
        Fixed(feed) is { } interval ? now + interval : AfterSuccess(feed.Id, now, hints);

    /// <summary>After a 304, honouring the feed's fixed interval.</summary>
    public DateTimeOffset AfterNotModified(FeedRecord feed, DateTimeOffset now, DateTimeOffset? lastCheckedAt, ScheduleHints hints) =>
        Fixed(feed) is { } interval ? now + interval : AfterNotModified(feed.Id, now, lastCheckedAt, hints);

    /// <summary>After a failure: the backoff, or the feed's fixed interval when that is longer.</summary>
    public DateTimeOffset AfterFailure(FeedRecord feed, DateTimeOffset now, int errorCount, TimeSpan? retryAfter = null)
    {
        var next = AfterFailure(feed.Id, now, errorCount, retryAfter);
        return Fixed(feed) is { } interval && now + interval > next ? now + interval : next;
    }

    TimeSpan? Fixed(FeedRecord feed) =>
        feed.Settings.FixedInterval is { } interval ? (interval < Min ? Min : interval) : null;

    /// <summary>
    /// Average time between posts over the recent entries, counted up to now so a feed that fell silent slows
    /// down; checked twice per expected post.
    /// </summary>
    internal TimeSpan PublishingInterval(DateTimeOffset now, IReadOnlyList<DateTimeOffset> dates)
    {
        var recent = dates.Where(d => d <= now).OrderDescending().Take(RecentEntries).ToList();
        if (recent.Count == 0) return options.DefaultInterval;
        var span = now - recent[^1];
        return span / recent.Count / 2;
    }

    /// <summary>The longest wait any publisher hint asks for (zero when none).</summary>
    static TimeSpan PublisherFloor(DateTimeOffset now, ScheduleHints hints)
    {
        var floor = TimeSpan.Zero;
        if (hints.Ttl is { } ttl) floor = Max(floor, ttl);
        if (hints.UpdateInterval is { } update) floor = Max(floor, update);
        if (hints.MaxAge is { } maxAge) floor = Max(floor, maxAge);
        if (hints.Expires is { } expires) floor = Max(floor, expires - now);
        return floor;
    }

    TimeSpan Clamp(TimeSpan interval) => interval < Min ? Min : interval > Ceiling ? Ceiling : interval;

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Adds 0–10 % derived from the feed id, so feeds imported together drift apart instead of all falling due in
    /// the same second (deterministic, hence testable).
    /// </summary>
    static TimeSpan Spread(long feedId, TimeSpan interval)
    {
        var fraction = (ulong)feedId * 11400714819323198485UL >> 54; // 0..1023
        return interval + interval * (fraction / 1023.0 * 0.10);
    }
}
