using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Inertia.Accounts;
using Inertia.Fetching;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;
using Inertia.Tests.Support;

namespace Inertia.Tests.Public;

/// <summary>
/// One real Inertia server (fresh SQLite, or a fresh database on the test PostgreSQL server) and one loopback feed
/// server for a test class: an English and a Chinese catalog feed added by the admin, a private feed the admin
/// follows (not in the catalog), and a second, plain user.
/// </summary>
public class PublicSiteFixture : IAsyncLifetime
{
    private string? postgres;

    /// <summary>null: SQLite.</summary>
    protected virtual Task<string?> CreatePostgresDatabaseAsync() => Task.FromResult<string?>(null);

    public const string ReaderUser = "reader";
    public const string ReaderPassword = "another-long-password";

    public LoopbackServer Feeds { get; private set; } = null!;
    public InertiaServer Server { get; private set; } = null!;
    public long AdminId { get; private set; }
    public long CatalogEnglishId { get; private set; }
    public long CatalogChineseId { get; private set; }
    public long PrivateFeedId { get; private set; }
    public long PrivateCategoryId { get; private set; }

    public string EnglishFeedUrl => Feeds.Url("/tech.xml");
    public string ChineseFeedUrl => Feeds.Url("/zh.xml");
    public string PrivateFeedUrl => Feeds.Url("/diary.xml");

    public async Task InitializeAsync()
    {
        Feeds = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/tech.xml", () => Results.Text(TestFeeds.English, "application/rss+xml; charset=utf-8"));
            app.MapGet("/zh.xml", () => Results.Text(TestFeeds.Chinese, "application/rss+xml; charset=utf-8"));
            app.MapGet("/diary.xml", () => Results.Text(TestFeeds.Private, "application/rss+xml; charset=utf-8"));
        });
        postgres = await CreatePostgresDatabaseAsync();
        // Every test signs in afresh from 127.0.0.1: lift the per-address sign-in limit meant for password guessing.
        Server = await InertiaServer.StartAsync(postgres, new Dictionary<string, string> { ["Reader:SignInAttemptsPerMinute"] = "1000" });

        var users = Server.Get<UserStore>();
        AdminId = (await users.FindByNameAsync(InertiaServer.AdminUser))!.Id;
        await users.CreateAsync(ReaderUser, Passwords.Hash(ReaderPassword), isAdmin: false);

        // The admin adds the two loopback feeds to the catalog through the admin page.
        using var admin = new SiteClient(Server.BaseUri);
        await admin.SignInAsync(InertiaServer.AdminUser, InertiaServer.AdminPassword);
        foreach (var (title, url, category, language) in new[]
                 {
                     ("Loopback Tech Blog", EnglishFeedUrl, "Engineering blogs", "en"),
                     ("惯性测试博客", ChineseFeedUrl, "Chinese tech community", "zh-CN"),
                 })
        {
            var response = await admin.PostFormAsync("/admin/catalog", "/admin/catalog?handler=Add",
                [new("Title", title), new("Url", url), new("Category", category), new("Language", language),
                 new("Description", title + " — a feed served on 127.0.0.1 for tests"), new("SiteUrl", Feeds.Url("/"))]);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        }
        var catalog = await Server.Get<CatalogStore>().ListAsync();
        CatalogEnglishId = catalog.Single(c => c.Url == EnglishFeedUrl).Id;
        CatalogChineseId = catalog.Single(c => c.Url == ChineseFeedUrl).Id;

        // A feed only the admin follows: private.
        var feed = await Server.Get<FeedStore>().GetOrCreateAsync(PrivateFeedUrl);
        PrivateFeedId = feed.Id;
        var subscriptions = Server.Get<SubscriptionStore>();
        PrivateCategoryId = await subscriptions.GetOrCreateCategoryAsync(AdminId, "Personal");
        await subscriptions.SubscribeAsync(AdminId, feed.Id, PrivateCategoryId, null);
        var outcome = await Server.Get<FeedRefresher>().RefreshAsync(feed.Id);
        Assert.True(outcome.Success, outcome.Error);
    }

    /// <summary>Stores and fetches a catalog feed through its public preview, as a visitor would; returns the feed id.</summary>
    public async Task<long> PreviewAsync(long catalogId)
    {
        using var visitor = new SiteClient(Server.BaseUri);
        var response = await visitor.GetAsync($"/catalog/{catalogId}/preview");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/feeds/", location);
        return long.Parse(location.Split('/')[2]);
    }

    public async Task<IReadOnlyList<PublicEntryItem>> EntriesAsync(long feedId) =>
        await Server.Get<PublicStore>().RecentEntriesAsync(feedId, 50);

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        if (Feeds is not null) await Feeds.DisposeAsync();
        if (postgres is not null) await PostgresServer.Instance.DropDatabaseAsync(postgres);
    }
}

public sealed class PostgresPublicSiteFixture : PublicSiteFixture
{
    protected override async Task<string?> CreatePostgresDatabaseAsync() => await PostgresServer.Instance.CreateDatabaseAsync("public");
}
