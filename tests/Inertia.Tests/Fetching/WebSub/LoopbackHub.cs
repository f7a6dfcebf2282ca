using System.Collections.Concurrent;
using System.Text;
using Inertia.Fetching.WebSub;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inertia.Tests.Fetching.WebSub;

/// <summary>
/// A publisher and its WebSub hub on one loopback server, behaving as a real hub does: it answers a subscription
/// request with 202, then verifies the intent on its own by calling the callback with a random challenge (the
/// subscription counts only if the callback echoes it), and pushes signed content to verified callbacks.
/// </summary>
public sealed class LoopbackHub : IAsyncDisposable
{
    readonly LoopbackServer _server;
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    readonly ConcurrentQueue<HubRequest> _requests = new();
    readonly ConcurrentDictionary<string, HubRequest> _active = new();
    readonly SemaphoreSlim _verified = new(0);
    volatile string _feed = "";

    public sealed record HubRequest(string Mode, string Topic, string Callback, string? Secret, string? LeaseSeconds);

    /// <summary>A verification the hub made: what it asked and whether the callback echoed the challenge.</summary>
    public sealed record Verification(HubRequest Request, int Status, bool Echoed);

    LoopbackHub(LoopbackServer server) => _server = server;

    public string FeedUrl => _server.Url("/feed.xml");
    public string HubUrl => _server.Url("/hub");
    public IReadOnlyCollection<HubRequest> Requests => _requests;
    public ConcurrentQueue<Verification> Verifications { get; } = new();
    /// <summary>Lease the hub grants (seconds), whatever was asked.</summary>
    public int GrantedLeaseSeconds { get; set; } = 3600;
    /// <summary>Set to advertise the hub in the HTTP Link header only, not in the document.</summary>
    public bool HubInLinkHeaderOnly { get; set; }

    public static async Task<LoopbackHub> StartAsync()
    {
        LoopbackHub? hub = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed.xml", (HttpContext context) => hub!.ServeFeed(context));
            app.MapPost("/hub", (HttpContext context) => hub!.AcceptAsync(context));
        });
        hub = new LoopbackHub(server);
        hub.Publish(3);
        return hub;
    }

    /// <summary>The feed document with <paramref name="count"/> entries (newest first).</summary>
    public string Document(int count, bool withHubLinks = true)
    {
        var links = withHubLinks && !HubInLinkHeaderOnly
            ? $"""<link rel="hub" href="{HubUrl}"/><link rel="self" href="{FeedUrl}"/>"""
            : "";
        var entries = string.Concat(Enumerable.Range(1, count).Reverse().Select(i => $"""
            <entry><id>urn:post:{i}</id><title>Post {i}</title><updated>2026-11-{i:00}T10:00:00Z</updated>
            <link href="https://publisher.example/{i}"/><content type="html">&lt;p&gt;Body {i}&lt;/p&gt;</content></entry>
            """));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Pushy</title><id>urn:pushy</id><updated>2026-11-20T10:00:00Z</updated>
            {links}{entries}</feed>
            """;
    }

    public void Publish(int count) => _feed = Document(count);

    Task ServeFeed(HttpContext context)
    {
        if (HubInLinkHeaderOnly)
            context.Response.Headers.Append("Link", $"<{HubUrl}>; rel=\"hub\", <{FeedUrl}>; rel=\"self\"");
        context.Response.ContentType = "application/atom+xml";
        return context.Response.WriteAsync(_feed);
    }

    async Task AcceptAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var request = new HubRequest(form["hub.mode"]!, form["hub.topic"]!, form["hub.callback"]!, form["hub.secret"], form["hub.lease_seconds"]);
        _requests.Enqueue(request);
        if (request.Topic != FeedUrl || !Uri.IsWellFormedUriString(request.Callback, UriKind.Absolute))
        {
            context.Response.StatusCode = 400;
            return;
        }
        context.Response.StatusCode = 202;
        // Verification of intent happens after the answer, as a real hub does it.
        _ = Task.Run(() => VerifyAsync(request));
    }

    async Task VerifyAsync(HubRequest request)
    {
        var challenge = Guid.NewGuid().ToString("N");
        var query = $"hub.mode={request.Mode}&hub.topic={Uri.EscapeDataString(request.Topic)}&hub.challenge={challenge}" +
                    (request.Mode == "subscribe" ? $"&hub.lease_seconds={GrantedLeaseSeconds}" : "");
        var separator = request.Callback.Contains('?') ? "&" : "?";
        try
        {
            using var response = await _http.GetAsync(request.Callback + separator + query);
            var body = await response.Content.ReadAsStringAsync();
            var echoed = response.IsSuccessStatusCode && body == challenge;
            if (echoed && request.Mode == "subscribe") _active[request.Callback] = request;
            if (echoed && request.Mode == "unsubscribe") _active.TryRemove(request.Callback, out _);
            Verifications.Enqueue(new Verification(request, (int)response.StatusCode, echoed));
        }
        finally
        {
            _verified.Release();
        }
    }

    /// <summary>Waits for the hub's next verification of intent.</summary>
    public async Task<Verification> NextVerificationAsync()
    {
        Assert.True(await _verified.WaitAsync(TimeSpan.FromSeconds(30)), "the hub made no verification request");
        Assert.True(Verifications.TryDequeue(out var verification));
        return verification;
    }

    public IReadOnlyCollection<HubRequest> ActiveSubscriptions => _active.Values.ToList();

    /// <summary>Content distribution: POSTs the document to every verified callback, signed with its secret.</summary>
    public async Task<IReadOnlyList<int>> PushAsync(string document, string method = "sha256", string? forgedSecret = null)
    {
        var statuses = new List<int>();
        foreach (var subscription in _active.Values)
        {
            var body = Encoding.UTF8.GetBytes(document);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/atom+xml");
            using var message = new HttpRequestMessage(HttpMethod.Post, subscription.Callback) { Content = content };
            message.Headers.Add("X-Hub-Signature", HubSignature.Sign(method, forgedSecret ?? subscription.Secret!, body));
            using var response = await _http.SendAsync(message);
            statuses.Add((int)response.StatusCode);
        }
        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
