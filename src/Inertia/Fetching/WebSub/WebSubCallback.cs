using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.WebSub;

/// <summary>
/// The callback a hub calls: GET /websub/{feedId}/{token} to verify a (un)subscription, POST to deliver content.
/// The random token in the path and, for content, the HMAC signature with the subscription's secret are the only
/// credentials; an unknown feed or token answers 404 (the spec's "no such subscription").
/// </summary>
public static class WebSubCallback
{
    public const string Path = "/websub/{feedId:long}/{token}";

    public static void MapWebSubCallback(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, VerifyAsync).AllowAnonymous();
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
    }

    static async Task<IResult> VerifyAsync(
        long feedId, string token, HttpRequest request, WebSubStore store, IOptions<WebSubOptions> options, TimeProvider time,
        ILoggerFactory logs, CancellationToken ct)
    {
        var subscription = await FindAsync(store, feedId, token, ct);
        var query = request.Query;
        string? mode = query["hub.mode"], topic = query["hub.topic"], challenge = query["hub.challenge"];
        if (subscription is null || topic != subscription.TopicUrl) return Results.NotFound();
        var log = logs.CreateLogger(typeof(WebSubCallback));
        var now = time.GetUtcNow();

        switch (mode)
        {
            case "subscribe" when !string.IsNullOrEmpty(challenge) && subscription.HasSubscribers
                                  && subscription.State != WebSubState.Unsubscribing:
                var lease = long.TryParse(query["hub.lease_seconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(365).TotalSeconds))
                    : options.Value.Lease;
                // Renew when four fifths of the lease have passed, so a slow or failing renewal has time to be retried.
                var renew = TimeSpan.FromTicks(Math.Max(lease.Ticks * 4 / 5, TimeSpan.FromMinutes(1).Ticks));
                await store.ActivateAsync(feedId, subscription.Token, now + lease, now + renew, ct);
                log.LogInformation("WebSub subscription of feed {FeedId} verified, lease {Lease}", feedId, lease);
                return Results.Text(challenge, "text/plain");
            case "unsubscribe" when !string.IsNullOrEmpty(challenge) && subscription.State == WebSubState.Unsubscribing:
                await store.DeleteAsync(feedId, subscription.Token, ct);
                log.LogInformation("WebSub subscription of feed {FeedId} ended", feedId);
                return Results.Text(challenge, "text/plain");
            case "denied":
                var reason = (string?)query["hub.reason"] ?? "no reason given";
                await store.DeniedAsync(feedId, subscription.Token, $"hub denied the subscription: {reason}", now + TimeSpan.FromDays(1), ct);
                log.LogInformation("WebSub hub denied feed {FeedId}: {Reason}", feedId, reason);
                return Results.Ok();
            default:
                return Results.NotFound();
        }
    }

    static async Task<IResult> ReceiveAsync(
        long feedId, string token, HttpRequest request, WebSubStore store, FeedStore feeds, FeedRefresher refresher,
        IOptions<FetchingOptions> fetching, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        var subscription = await FindAsync(store, feedId, token, ct);
        if (subscription is null || await feeds.GetAsync(feedId, ct) is not { } feed) return Results.NotFound();
        var log = logs.CreateLogger(typeof(WebSubCallback));

        var body = await ReadBodyAsync(request, fetching.Value.MaxBodyBytes, ct);
        if (body is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var signature = request.Headers["X-Hub-Signature"].FirstOrDefault() ?? request.Headers["X-Hub-Signature-256"].FirstOrDefault();
        if (!HubSignature.IsValid(signature, subscription.Secret, body))
        {
            // The spec: a 2xx all the same (the hub must not learn whether it guessed right), and the content is dropped.
            log.LogWarning("WebSub push for feed {FeedId} ignored: {Problem}", feedId, signature is null ? "no signature" : "signature mismatch");
            return Results.Accepted();
        }

        var outcome = await refresher.IngestPushedAsync(feed, body, request.ContentType);
        await store.PushedAsync(feedId, time.GetUtcNow(), CancellationToken.None);
        log.LogInformation("WebSub push for feed {FeedId}: {Inserted} new, {Updated} updated{Error}", feedId, outcome.Inserted, outcome.Updated,
            outcome.Error is null ? "" : "; " + outcome.Error);
        return Results.Ok();
    }

    static async Task<WebSubRecord?> FindAsync(WebSubStore store, long feedId, string token, CancellationToken ct) =>
        await store.GetAsync(feedId, ct) is { } found
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(found.Token), Encoding.UTF8.GetBytes(token))
            ? found
            : null;

    /// <summary>The request body, or null when it is larger than <paramref name="limit"/>.</summary>
    static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
