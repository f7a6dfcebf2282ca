using System.Net;
using Inertia.Fetching;
using Inertia.Fetching.WebSub;
using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Tests.Fetching.WebSub;

/// <summary>WebSub against a loopback hub that verifies intent and pushes signed content, on both databases.</summary>
public sealed class WebSubTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Hub_verifies_the_callback_then_a_signed_push_stores_entries_without_a_poll(DatabaseProvider provider)
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var site = await TestSite.StartAsync(provider);
        var user = await site.CreateUserAsync("reader");
        var feedId = await site.FollowAsync(user, hub.FeedUrl);

        // The first poll finds the hub; the worker subscribes; the hub verifies by calling back with a challenge.
        Assert.Equal(3, (await site.Get<FeedRefresher>().RefreshAsync(feedId)).Inserted);
        var pending = (await site.Get<WebSubStore>().GetAsync(feedId))!;
        Assert.Equal((hub.HubUrl, hub.FeedUrl, WebSubState.Pending), (pending.HubUrl, pending.TopicUrl, pending.State));
        Assert.Equal(1, await site.Get<WebSubSubscriber>().RunDueAsync());
        var request = Assert.Single(hub.Requests);
        Assert.Equal("subscribe", request.Mode);
        Assert.Equal($"{site.BaseUri}websub/{feedId}/{pending.Token}", request.Callback);
        Assert.Equal(((long)TimeSpan.FromDays(10).TotalSeconds).ToString(), request.LeaseSeconds);
        Assert.Equal(pending.Secret, request.Secret);
        var verification = await hub.NextVerificationAsync();
        Assert.True(verification.Echoed);
        var active = (await site.Get<WebSubStore>().GetAsync(feedId))!;
        Assert.Equal(WebSubState.Active, active.State);
        Assert.True(active.IsLive(site.Clock.GetUtcNow()));

        // With pushes live the feed is still polled, but only every Fetching:MaxInterval.
        var before = site.Clock.GetUtcNow();
        Assert.True((await site.Get<FeedRefresher>().RefreshAsync(feedId)).Success);
        var maxInterval = site.Get<IOptions<FetchingOptions>>().Value.MaxInterval;
        Assert.True((await site.Get<FeedStore>().GetAsync(feedId))!.NextCheckAt >= before + maxInterval);

        // A signed push is stored at once, through the same parse → sanitize → store path as a poll.
        Assert.Equal([200], await hub.PushAsync(hub.Document(4).Replace("&lt;p&gt;Body 4", "&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Body 4")));
        Assert.Equal(["Post 4", "Post 3", "Post 2", "Post 1"], await site.TitlesAsync(user, feedId));
        var pushed = (await site.Get<EntryStore>().ListAsync(user, new EntryQuery(FeedId: feedId, Limit: 1)))[0];
        Assert.DoesNotContain("script", (await site.Get<EntryStore>().GetAsync(user, pushed.Id))!.Content);
        Assert.NotNull((await site.Get<WebSubStore>().GetAsync(feedId))!.LastPushAt);

        // Every HMAC the spec allows is accepted.
        Assert.Equal([200], await hub.PushAsync(hub.Document(5), "sha1"));
        Assert.Equal([200], await hub.PushAsync(hub.Document(6), "sha512"));
        Assert.Equal([200], await hub.PushAsync(hub.Document(7), "sha384"));
        Assert.Equal(7, (await site.TitlesAsync(user, feedId)).Count);

        // A wrong signature is answered 2xx (the spec) and its content dropped.
        var forged = await hub.PushAsync(hub.Document(8), forgedSecret: "not-the-secret");
        Assert.InRange(Assert.Single(forged), 200, 299);
        Assert.DoesNotContain("Post 8", await site.TitlesAsync(user, feedId));
    }

    [Fact]
    public async Task Unknown_token_or_unexpected_verification_is_404_and_an_unsigned_push_is_ignored()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var site = await TestSite.StartAsync();
        var user = await site.CreateUserAsync("reader");
        var feedId = await site.FollowAsync(user, hub.FeedUrl);
        await site.Get<FeedRefresher>().RefreshAsync(feedId);
        await site.Get<WebSubSubscriber>().RunDueAsync();
        Assert.True((await hub.NextVerificationAsync()).Echoed);
        var token = (await site.Get<WebSubStore>().GetAsync(feedId))!.Token;

        using var http = new HttpClient { BaseAddress = site.BaseUri };
        var topic = Uri.EscapeDataString(hub.FeedUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/websub/{feedId}/wrong-token?hub.mode=subscribe&hub.topic={topic}&hub.challenge=x&hub.lease_seconds=60")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/websub/{feedId + 1}/{token}?hub.mode=subscribe&hub.topic={topic}&hub.challenge=x")).StatusCode);
        // Right token, but another topic, or a mode we did not ask for.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/websub/{feedId}/{token}?hub.mode=subscribe&hub.topic=https%3A%2F%2Fother.example%2F&hub.challenge=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/websub/{feedId}/{token}?hub.mode=unsubscribe&hub.topic={topic}&hub.challenge=x")).StatusCode);
        Assert.Equal(WebSubState.Active, (await site.Get<WebSubStore>().GetAsync(feedId))!.State);

        using var wrongToken = new StringContent(hub.Document(4), System.Text.Encoding.UTF8, "application/atom+xml");
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/websub/{feedId}/wrong-token", wrongToken)).StatusCode);
        using var unsigned = new StringContent(hub.Document(4), System.Text.Encoding.UTF8, "application/atom+xml");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/websub/{feedId}/{token}", unsigned)).StatusCode);
        Assert.Equal(3, (await site.TitlesAsync(user, feedId)).Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Lease_is_renewed_before_it_runs_out_then_the_feed_is_unsubscribed_when_nobody_follows_it(DatabaseProvider provider)
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.GrantedLeaseSeconds = 3600;
        await using var site = await TestSite.StartAsync(provider);
        var user = await site.CreateUserAsync("reader");
        var feedId = await site.FollowAsync(user, hub.FeedUrl);
        var subscriber = site.Get<WebSubSubscriber>();
        var store = site.Get<WebSubStore>();
        await site.Get<FeedRefresher>().RefreshAsync(feedId);
        await subscriber.RunDueAsync();
        Assert.True((await hub.NextVerificationAsync()).Echoed);
        var first = (await store.GetAsync(feedId))!;
        // The granted lease (not the one asked) counts; renewal is due at four fifths of it.
        Assert.Equal(TimeSpan.FromMinutes(48), first.DueAt - (first.ExpiresAt!.Value - TimeSpan.FromHours(1)));

        // Nothing is due yet.
        Assert.Equal(0, await subscriber.RunDueAsync());
        site.Clock.Advance(TimeSpan.FromMinutes(49));
        Assert.Equal(1, await subscriber.RunDueAsync());
        var renewal = await hub.NextVerificationAsync();
        Assert.True(renewal.Echoed);
        Assert.Equal(("subscribe", first.Token), (renewal.Request.Mode, renewal.Request.Callback.Split('/')[^1]));
        var renewed = (await store.GetAsync(feedId))!;
        Assert.Equal(WebSubState.Active, renewed.State);
        Assert.True(renewed.ExpiresAt > first.ExpiresAt);

        // The last follower leaves: the next run unsubscribes at once, the hub verifies, and the subscription is gone.
        await site.Get<SubscriptionStore>().UnsubscribeAsync(user, feedId);
        Assert.Equal(1, await subscriber.RunDueAsync());
        var unsubscribe = await hub.NextVerificationAsync();
        Assert.Equal("unsubscribe", unsubscribe.Request.Mode);
        Assert.True(unsubscribe.Echoed);
        Assert.Null(await store.GetAsync(feedId));
        Assert.Empty(hub.ActiveSubscriptions);
        Assert.Equal(["subscribe", "subscribe", "unsubscribe"], hub.Requests.Select(r => r.Mode));
    }

    [Fact]
    public async Task A_push_larger_than_the_body_limit_is_refused_and_stores_nothing()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var site = await TestSite.StartAsync(settings: "--Fetching:MaxBodyBytes=4096");
        var user = await site.CreateUserAsync("reader");
        var feedId = await site.FollowAsync(user, hub.FeedUrl);
        await site.Get<FeedRefresher>().RefreshAsync(feedId);
        await site.Get<WebSubSubscriber>().RunDueAsync();
        Assert.True((await hub.NextVerificationAsync()).Echoed);

        var large = hub.Document(40);
        Assert.True(large.Length > 4096);
        Assert.Equal([413], await hub.PushAsync(large));
        Assert.Equal(3, (await site.TitlesAsync(user, feedId)).Count);
        Assert.Equal([200], await hub.PushAsync(hub.Document(4)));
        Assert.Equal(4, (await site.TitlesAsync(user, feedId)).Count);
    }

    [Fact]
    public async Task Hub_in_the_link_header_is_found()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.HubInLinkHeaderOnly = true;
        hub.Publish(3);
        await using var site = await TestSite.StartAsync();
        var feedId = await site.FollowAsync(await site.CreateUserAsync("reader"), hub.FeedUrl);
        await site.Get<FeedRefresher>().RefreshAsync(feedId);
        var found = (await site.Get<WebSubStore>().GetAsync(feedId))!;
        Assert.Equal((hub.HubUrl, hub.FeedUrl), (found.HubUrl, found.TopicUrl));
    }

    [Fact]
    public async Task Without_a_public_url_push_stays_off()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var site = await TestSite.StartAsync(publicUrl: false);
        var feedId = await site.FollowAsync(await site.CreateUserAsync("reader"), hub.FeedUrl);
        Assert.Equal(3, (await site.Get<FeedRefresher>().RefreshAsync(feedId)).Inserted);
        Assert.Null(await site.Get<WebSubStore>().GetAsync(feedId));
        Assert.Equal(0, await site.Get<WebSubSubscriber>().RunDueAsync());
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public async Task A_hub_that_refuses_is_retried_later()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var site = await TestSite.StartAsync();
        var feedId = await site.FollowAsync(await site.CreateUserAsync("reader"), hub.FeedUrl);
        await site.Get<FeedRefresher>().RefreshAsync(feedId);
        // The hub answers 400 to a topic it does not know.
        await site.Get<WebSubStore>().ResetAsync(feedId, hub.HubUrl, "https://unknown.example/feed", "token", "secret", site.Clock.GetUtcNow());
        Assert.Equal(1, await site.Get<WebSubSubscriber>().RunDueAsync());
        var failed = (await site.Get<WebSubStore>().GetAsync(feedId))!;
        Assert.Equal((WebSubState.Pending, 1), (failed.State, failed.Attempts));
        Assert.StartsWith("hub answered HTTP 400", failed.LastError);
        Assert.True(failed.DueAt > site.Clock.GetUtcNow());
        Assert.Equal(0, await site.Get<WebSubSubscriber>().RunDueAsync());
    }
}
