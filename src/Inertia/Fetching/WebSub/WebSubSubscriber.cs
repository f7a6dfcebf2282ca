using System.Security.Cryptography;
using Inertia.Feeds.Model;
using Inertia.Fetching.Http;
using Inertia.Hosting;
using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.WebSub;

/// <summary>
/// The subscriber side of WebSub: notices hubs in fetched feeds, sends subscribe, renew and unsubscribe requests to
/// hubs (through the guarded <see cref="HttpFetcher"/>), and tells the refresher when a feed's pushes are live so it
/// polls that feed rarely. Off unless Fetching:PublicUrl is set.
/// </summary>
public sealed class WebSubSubscriber(
    WebSubStore store, HttpFetcher fetcher, IOptions<FetchingOptions> fetching, IOptions<WebSubOptions> options,
    TimeProvider time, ILogger<WebSubSubscriber> logger)
{
    public const int ClaimBatch = 50;
    static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);
    static readonly TimeSpan MaxRetry = TimeSpan.FromDays(1);

    readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The callback base, or null (push off) when no usable public URL is configured.</summary>
    public string? PublicUrl =>
        Uri.TryCreate(fetching.Value.PublicUrl?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri.TrimEnd('/')
            : null;

    public string CallbackUrl(long feedId, string token) => $"{PublicUrl}/websub/{feedId}/{token}";

    /// <summary>
    /// Called by the refresher after each successful fetch (<paramref name="parsed"/> null for a 304): records a new or
    /// changed hub, and returns the next check — pushed back to Fetching:MaxInterval while pushes are live, so the
    /// feed is still polled, but rarely. Never throws: push is a bonus on top of polling.
    /// </summary>
    public async Task<DateTimeOffset> AfterFetchAsync(
        FeedRecord feed, ParsedFeed? parsed, FetchResult response, DateTimeOffset now, DateTimeOffset next)
    {
        if (PublicUrl is null) return next;
        try
        {
            var current = await store.GetAsync(feed.Id).ConfigureAwait(false);
            if (parsed is not null && HubLinks.Find(parsed, response.Link, response.FinalUrl) is { } found
                && (current is null || current.HubUrl != found.Hub || current.TopicUrl != found.Topic))
            {
                await store.ResetAsync(feed.Id, found.Hub, found.Topic, RandomToken(24), RandomToken(32), now).ConfigureAwait(false);
                logger.LogInformation("Feed {FeedId} advertises WebSub hub {Hub} for {Topic}", feed.Id, found.Hub, found.Topic);
                Wake();
                return next;
            }
            if (current?.IsLive(now) != true) return next;
            var rare = now + fetching.Value.MaxInterval;
            return rare > next ? rare : next;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "WebSub bookkeeping failed for feed {FeedId}", feed.Id);
            return next;
        }
    }

    /// <summary>
    /// Sends what is due: first subscriptions, renewals before the lease ends, retries, and unsubscriptions of feeds
    /// nobody follows any more. Returns how many subscriptions it acted on.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var claimed = await store.ClaimDueAsync(now, now + ClaimLease, ClaimBatch, ct).ConfigureAwait(false);
        foreach (var subscription in claimed)
        {
            ct.ThrowIfCancellationRequested();
            if (!subscription.HasSubscribers || PublicUrl is null)
            {
                if (subscription.State == WebSubState.Unsubscribing)
                {
                    // Asked before and never verified: forget it; the hub drops it when the lease runs out anyway.
                    await store.DeleteAsync(subscription.FeedId, subscription.Token, ct).ConfigureAwait(false);
                    continue;
                }
                if (PublicUrl is null || subscription.State == WebSubState.Pending)
                {
                    // Never subscribed (or no callback address left to be verified at): nothing to undo at the hub.
                    await store.DeleteAsync(subscription.FeedId, subscription.Token, ct).ConfigureAwait(false);
                    continue;
                }
                await SendAsync(subscription, "unsubscribe", WebSubState.Unsubscribing, now, ct).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(subscription, "subscribe", WebSubState.Subscribing, now, ct).ConfigureAwait(false);
            }
        }
        return claimed.Count;
    }

    async Task SendAsync(WebSubRecord subscription, string mode, string state, DateTimeOffset now, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("hub.mode", mode),
            new("hub.topic", subscription.TopicUrl),
            new("hub.callback", CallbackUrl(subscription.FeedId, subscription.Token)),
        };
        if (mode == "unsubscribe")
            await store.BeginUnsubscribeAsync(subscription.FeedId, subscription.Token, ct).ConfigureAwait(false);
        else
        {
            form.Add(new("hub.lease_seconds", ((long)options.Value.Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            form.Add(new("hub.secret", subscription.Secret));
        }

        string? error;
        try
        {
            var answer = await fetcher.PostFormAsync(subscription.HubUrl, form, ct).ConfigureAwait(false);
            // 202 Accepted is what the spec asks for; some hubs say 200 or 204.
            error = answer.StatusCode is >= 200 and < 300 ? null : $"hub answered HTTP {answer.StatusCode}: {Shorten(answer.Body)}";
        }
        catch (FetchException e)
        {
            error = e.Message;
        }

        if (error is null)
        {
            await store.RequestSentAsync(subscription.FeedId, subscription.Token, state, subscription.DueAt, now + options.Value.VerifyWithin, ct).ConfigureAwait(false);
            logger.LogInformation("WebSub {Mode} request for feed {FeedId} accepted by {Hub}", mode, subscription.FeedId, subscription.HubUrl);
            return;
        }
        var wait = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, options.Value.VerifyWithin.Ticks << Math.Min(subscription.Attempts, 10)));
        await store.RequestFailedAsync(subscription.FeedId, subscription.Token, error, now + wait, ct).ConfigureAwait(false);
        logger.LogInformation("WebSub {Mode} request for feed {FeedId} to {Hub} failed: {Error}", mode, subscription.FeedId, subscription.HubUrl, error);
    }

    /// <summary>Waits for <paramref name="delay"/> or until a new hub was noticed.</summary>
    internal async Task WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await _wake.WaitAsync(delay, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
    }

    void Wake() => _wake.Wake();

    static string RandomToken(int bytes) => Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string Shorten(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";
}
