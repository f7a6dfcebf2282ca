using System.Collections.Concurrent;
using System.Text;
using Inertia.Fetching;
using Inertia.Fetching.Http;
using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Inertia.Tests.Fetching;

/// <summary>
/// Per-feed overrides reach the wire: a loopback server records the headers of every request it gets, and the real
/// refresher fetches feeds whose settings were stored through the real stores.
/// </summary>
public sealed class OverridesTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Members only</title><link>http://example.org/</link>
          <item><title>One</title><link>http://example.org/1</link><guid>1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>
          <item><title>Two</title><link>http://example.org/2</link><guid>2</guid><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    private sealed record Seen(string? Cookie, string? Authorization, string? UserAgent, string? IfNoneMatch, string? IfModifiedSince, string RawTarget);

    private static async Task<(LoopbackServer Server, ConcurrentQueue<Seen> Seen)> StartSiteAsync(Func<HttpContext, IResult>? respond = null)
    {
        var seen = new ConcurrentQueue<Seen>();
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", (HttpContext context) =>
        {
            var h = context.Request.Headers;
            seen.Enqueue(new Seen(Header(h.Cookie), Header(h.Authorization), Header(h.UserAgent), Header(h.IfNoneMatch), Header(h.IfModifiedSince),
                context.Features.Get<IHttpRequestFeature>()!.RawTarget));
            if (respond is not null) return respond(context);
            if (h.IfNoneMatch == "\"v1\"") return Results.StatusCode(304);
            context.Response.Headers.ETag = "\"v1\"";
            context.Response.Headers.LastModified = "Mon, 02 Nov 2026 10:00:00 GMT";
            return Results.Content(Rss, "application/rss+xml");
        }));
        return (server, seen);
    }

    private static string? Header(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    [Fact]
    public async Task Cookie_basic_auth_and_user_agent_of_a_private_feed_are_sent_and_the_shared_feed_sends_none()
    {
        var (server, seen) = await StartSiteAsync();
        await using var _ = server;
        await using var env = await RefreshEnvironment.CreateAsync();
        var shared = await env.SubscribeAsync(server.Url("/feed.xml"));
        var privateId = (await env.Services.GetRequiredService<SubscriptionStore>().MoveToPrivateFeedAsync(env.UserId, shared))!.Value;
        Assert.True(await env.Feeds.UpdateSettingsAsync(env.UserId, privateId, new FeedSettings
        {
            Cookie = "session=abc; theme=dark", Username = "ada", Password = "pä ss:word", UserAgent = "Custom Reader/2.0",
        }));

        var outcome = await env.Refresher.RefreshAsync(privateId);
        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(2, outcome.Inserted);
        Assert.True(seen.TryDequeue(out var request));
        Assert.Equal("session=abc; theme=dark", request.Cookie);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:pä ss:word")), request.Authorization);
        Assert.Equal("Custom Reader/2.0", request.UserAgent);

        // The shared row (other followers keep it) is fetched with none of them.
        Assert.True((await env.Refresher.RefreshAsync(shared)).Success);
        Assert.True(seen.TryDequeue(out var plain));
        Assert.Equal((null, null), (plain.Cookie, plain.Authorization));
        Assert.StartsWith("Inertia", plain.UserAgent);

        // The refresh path logged the fetch.
        var log = await env.Services.GetRequiredService<FetchLogStore>().ListAsync(env.UserId, privateId);
        var entry = Assert.Single(log);
        Assert.Equal((200, 2, 0, (string?)null), (entry.Status, entry.Inserted, entry.Updated, entry.Error));
        Assert.Equal(Encoding.UTF8.GetByteCount(Rss), entry.Bytes);
    }

    [Fact]
    public async Task Ignoring_the_HTTP_cache_sends_no_validators_and_gets_the_whole_feed()
    {
        var (server, seen) = await StartSiteAsync();
        await using var site = server;
        await using var env = await RefreshEnvironment.CreateAsync();
        var feed = await env.SubscribeAsync(server.Url("/feed.xml"));

        Assert.True((await env.Refresher.RefreshAsync(feed)).Success);
        var second = await env.Refresher.RefreshAsync(feed);
        Assert.True(second.NotModified);
        seen.TryDequeue(out _);
        Assert.True(seen.TryDequeue(out var conditional));
        Assert.Equal("\"v1\"", conditional.IfNoneMatch);
        Assert.NotNull(conditional.IfModifiedSince);

        Assert.True(await env.Feeds.UpdateSettingsAsync(env.UserId, feed, new FeedSettings { IgnoreHttpCache = true }));
        var third = await env.Refresher.RefreshAsync(feed);
        Assert.True(third.Success);
        Assert.False(third.NotModified);
        Assert.True(seen.TryDequeue(out var unconditional));
        Assert.Equal((null, null), (unconditional.IfNoneMatch, unconditional.IfModifiedSince));

        var log = await env.Services.GetRequiredService<FetchLogStore>().ListAsync(env.UserId, feed);
        Assert.Equal([200, 304, 200], log.Reverse().Select(e => e.Status));
    }

    [Fact]
    public async Task A_fixed_interval_sets_the_next_check_after_success_and_bounds_the_backoff_after_failure()
    {
        var fail = false;
        var (server, _) = await StartSiteAsync(context => fail ? Results.StatusCode(500) : Results.Content(Rss, "application/rss+xml"));
        await using var __ = server;
        await using var env = await RefreshEnvironment.CreateAsync();
        var feed = await env.SubscribeAsync(server.Url("/feed.xml"));
        Assert.True(await env.Feeds.UpdateSettingsAsync(env.UserId, feed, new FeedSettings { FixedInterval = TimeSpan.FromMinutes(90) }));

        var before = DateTimeOffset.UtcNow;
        Assert.True((await env.Refresher.RefreshAsync(feed)).Success);
        var next = (await env.FeedAsync(feed)).NextCheckAt;
        // Exactly the fixed interval after the check (the adaptive policy would spread it and follow the entries).
        Assert.InRange(next, before.AddMinutes(90).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(90).AddSeconds(1));

        fail = true;
        before = DateTimeOffset.UtcNow;
        var failed = await env.Refresher.RefreshAsync(feed);
        Assert.False(failed.Success);
        // The first backoff step is Fetching:MinInterval (5 min); the fixed interval is longer and wins.
        Assert.InRange((await env.FeedAsync(feed)).NextCheckAt, before.AddMinutes(90).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(90).AddSeconds(1));

        var log = await env.Services.GetRequiredService<FetchLogStore>().ListAsync(env.UserId, feed);
        Assert.Equal(500, log[0].Status);
        Assert.Contains("HTTP 500", log[0].Error);
        Assert.Equal(200, log[1].Status);
    }

    [Fact]
    public async Task A_proxy_override_fetches_through_the_proxy_and_the_guard_checks_the_proxy_address()
    {
        // A loopback server standing in for an HTTP proxy: it answers the absolute-form request itself.
        var (proxy, seen) = await StartSiteAsync();
        await using var site = proxy;
        const string target = "http://feeds.example.invalid/feed.xml";

        using (var services = FetchingTestServices.Create())
        {
            var result = await services.Fetcher().FetchAsync(new FetchRequest(target) { ProxyUrl = proxy.BaseUrl, Cookie = "c=1" });
            Assert.Equal(200, result.StatusCode);
            Assert.Contains("Members only", Encoding.UTF8.GetString(result.Body));
            Assert.True(seen.TryDequeue(out var request));
            Assert.Equal(target, request.RawTarget);
            Assert.Equal("c=1", request.Cookie);

            var invalid = await Assert.ThrowsAsync<FetchException>(() =>
                services.Fetcher().FetchAsync(new FetchRequest(target) { ProxyUrl = "ftp://proxy.example" }));
            Assert.Contains("proxy", invalid.Message);
            Assert.True(ProxyClients.IsValid("socks5://127.0.0.1:1080", out _));
            Assert.True(ProxyClients.IsValid("http://user:p%40ss@proxy.example:3128/", out _));
            Assert.False(ProxyClients.IsValid("http://proxy.example:3128/path", out var pathError));
            Assert.Contains("no path", pathError);
            Assert.False(ProxyClients.IsValid("proxy.example:3128", out _));
        }

        // Without loopback allowed, a proxy on 127.0.0.1 is refused like any private address.
        using (var services = FetchingTestServices.Create(allowLoopback: false))
        {
            var refused = await Assert.ThrowsAsync<FetchException>(() =>
                services.Fetcher().FetchAsync(new FetchRequest(target) { ProxyUrl = proxy.BaseUrl }));
            Assert.Contains("refused to connect", refused.Message);
            Assert.Empty(seen);
        }
    }

    [Fact]
    public void The_policy_uses_a_fixed_interval_exactly_but_never_below_the_minimum_and_still_backs_off()
    {
        var policy = new Inertia.Fetching.Scheduling.RefreshPolicy(new FetchingOptions { MinInterval = TimeSpan.FromMinutes(5), MaxInterval = TimeSpan.FromHours(24) });
        var now = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        FeedRecord Feed(TimeSpan? interval) => new(7, "https://example.org/f", null, null, null, null, null, null, null, null, now, null, null, 0, null, now)
        {
            Settings = new FeedSettings { FixedInterval = interval },
        };
        var hints = new Inertia.Fetching.Scheduling.ScheduleHints { Ttl = TimeSpan.FromHours(6), EntryDates = [now.AddMinutes(-1), now.AddMinutes(-2)] };

        // Two days: beyond MaxInterval and ignoring the ttl, because the user asked for it.
        Assert.Equal(now.AddDays(2), policy.AfterSuccess(Feed(TimeSpan.FromDays(2)), now, hints));
        Assert.Equal(now.AddMinutes(20), policy.AfterNotModified(Feed(TimeSpan.FromMinutes(20)), now, now.AddHours(-5), hints));
        Assert.Equal(now.AddMinutes(5), policy.AfterSuccess(Feed(TimeSpan.FromMinutes(1)), now, hints));
        // Backoff after ten failures (MaxInterval) is longer than a 20-minute fixed interval; the first failure is not.
        Assert.Equal(policy.AfterFailure(7, now, 10), policy.AfterFailure(Feed(TimeSpan.FromMinutes(20)), now, 10));
        Assert.Equal(now.AddMinutes(20), policy.AfterFailure(Feed(TimeSpan.FromMinutes(20)), now, 1));
        // Without a fixed interval nothing changes.
        Assert.Equal(policy.AfterSuccess(7, now, hints), policy.AfterSuccess(Feed(null), now, hints));
    }

    [Fact]
    public void Requests_and_settings_never_print_their_secrets()
    {
        var request = new FetchRequest("https://example.org/feed") { Cookie = "sid=s3cret", Username = "ada", Password = "hunter2", ProxyUrl = "http://u:pw@p:1" };
        var text = request.ToString();
        Assert.Contains("ada", text);
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("pw@", text);
    }
}
