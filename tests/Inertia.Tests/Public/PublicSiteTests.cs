using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Inertia.Feeds;
using Inertia.Public.Access;
using Inertia.Storage;
using Inertia.Tests.Support;

namespace Inertia.Tests.Public;

/// <summary>
/// The public side over HTTP against the real server: catalog, public pages, privacy, output feeds. Runs on SQLite
/// and on PostgreSQL (the subclasses at the end).
/// </summary>
public abstract class PublicSiteTests(PublicSiteFixture site)
{
    private SiteClient Visitor(string language = "en") => new(site.Server.BaseUri, language);

    private async Task<SiteClient> SignedInAsync(string user = InertiaServer.AdminUser, string password = InertiaServer.AdminPassword)
    {
        var client = Visitor();
        var response = await client.SignInAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task Shipped_catalog_is_loaded_and_discover_shows_it_in_english_and_chinese()
    {
        Assert.True(await site.Server.Get<CatalogStore>().CountAsync() >= 96);

        using var english = Visitor("en-US,en;q=0.9");
        var en = await english.GetHtmlAsync("/discover");
        Assert.Equal("en", SiteClient.HtmlLang(en));
        Assert.Contains("<h1>Discover</h1>", en);
        Assert.Contains("Krebs on Security", en);
        Assert.Contains("阮一峰的网络日志", en);
        Assert.Contains("Chinese tech community", en);
        Assert.Contains("Sign in to subscribe", en);

        using var chinese = Visitor("zh-CN,zh;q=0.9");
        var zh = await chinese.GetHtmlAsync("/discover");
        Assert.Equal("zh-CN", SiteClient.HtmlLang(zh));
        Assert.Contains("<h1>发现</h1>", zh);
        Assert.Contains("中文技术社区", zh);
        Assert.Contains("网络安全", zh);
        Assert.Contains("登录后订阅", zh);
        Assert.Contains("Krebs on Security", zh);

        // Language filter and search.
        var onlyChinese = await english.GetHtmlAsync("/discover?lang=zh");
        Assert.Contains("阮一峰的网络日志", onlyChinese);
        Assert.DoesNotContain("Krebs on Security", onlyChinese);
        var search = await english.GetHtmlAsync("/discover?q=krebs");
        Assert.Contains("Krebs on Security", search);
        Assert.DoesNotContain("阮一峰的网络日志", search);
        var category = await english.GetHtmlAsync("/discover?category=" + Uri.EscapeDataString("Privacy"));
        Assert.Contains("EFF Deeplinks", category);
        Assert.DoesNotContain("Krebs on Security", category);
    }

    [Fact]
    public async Task Home_page_shows_the_tagline_in_both_languages_and_sends_signed_in_users_to_the_reader()
    {
        using var english = Visitor();
        var en = await english.GetHtmlAsync("/");
        Assert.Contains("Efficiently track and read the blogs, news and tech news you care about", en);
        Assert.Contains("高效追踪和阅读你感兴趣的博客、新闻、科技资讯", en);
        Assert.Contains("href=\"/signin", en);
        Assert.Contains("href=\"/discover\"", en);

        using var chinese = Visitor("zh-CN");
        var zh = await chinese.GetHtmlAsync("/");
        Assert.Equal("zh-CN", SiteClient.HtmlLang(zh));
        Assert.Contains("<p class=\"pub-tagline\">高效追踪和阅读你感兴趣的博客、新闻、科技资讯</p>", zh);

        using var user = await SignedInAsync();
        var response = await user.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reader", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Public_feed_page_lists_entries_with_meta_tags_and_validators()
    {
        var feedId = await site.PreviewAsync(site.CatalogEnglishId);
        using var visitor = Visitor();

        // Without the slug: a permanent redirect to the canonical address.
        var bare = await visitor.GetAsync($"/feeds/{feedId}");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        var path = bare.Headers.Location!.OriginalString;
        Assert.Equal($"/feeds/{feedId}/loopback-tech-blog", path);

        var response = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Loopback Tech Blog</h1>", html);
        Assert.Contains(TestFeeds.EnglishArticleTitle, html);
        Assert.Contains("Keyset pagination in SQLite and PostgreSQL", html);
        Assert.Equal("Loopback Tech Blog", SiteClient.Meta(html, "og:title"));
        Assert.Equal("Notes on parsers, databases and the web.", SiteClient.Meta(html, "description"));
        Assert.Equal(site.Server.Url(path.TrimStart('/')), SiteClient.LinkHref(html, "canonical"));
        Assert.Contains("public", response.Headers.CacheControl!.ToString());

        var etag = response.Headers.ETag!;
        var again = await visitor.GetAsync(path, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());

        // Another language is another representation.
        using var chinese = Visitor("zh-CN");
        var zh = await chinese.GetAsync(path, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        Assert.Contains("最近更新", await zh.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Public_article_page_has_content_meta_tags_canonical_link_and_etag()
    {
        var feedId = await site.PreviewAsync(site.CatalogEnglishId);
        var entry = (await site.EntriesAsync(feedId)).Single(e => e.Title == TestFeeds.EnglishArticleTitle);
        using var visitor = Visitor();

        var redirect = await visitor.GetAsync($"/articles/{entry.Id}/wrong-slug");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        var path = redirect.Headers.Location!.OriginalString;
        Assert.Equal($"/articles/{entry.Id}/streaming-xml-parsers-explained", path);

        var response = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("en", SiteClient.HtmlLang(html));
        Assert.Contains($"<title>{TestFeeds.EnglishArticleTitle} · Inertia</title>", html);
        Assert.Contains("<strong>pull parser</strong>", html);
        Assert.DoesNotContain("alert('xss')", html);
        Assert.DoesNotContain("steal()", html);
        Assert.Contains("Ada Lovelace", html);
        Assert.Contains("via Loopback Tech Blog", html);
        Assert.Contains("More from Loopback Tech Blog", html);
        Assert.Contains("Keyset pagination in SQLite and PostgreSQL", html);
        Assert.Contains("Recommended feeds", html);

        Assert.Equal("https://tech.example.org/posts/streaming-xml", SiteClient.LinkHref(html, "canonical"));
        Assert.Equal("article", SiteClient.Meta(html, "og:type"));
        Assert.Equal(TestFeeds.EnglishArticleTitle, SiteClient.Meta(html, "og:title"));
        Assert.Equal(site.Server.Url(path.TrimStart('/')), SiteClient.Meta(html, "og:url"));
        Assert.StartsWith("Why a pull parser keeps memory flat", SiteClient.Meta(html, "og:description"));
        Assert.Equal(SiteClient.Meta(html, "og:description"), SiteClient.Meta(html, "description"));
        Assert.Equal(TestFeeds.EnglishArticleTitle, SiteClient.Meta(html, "twitter:title"));
        Assert.NotNull(SiteClient.Meta(html, "twitter:card"));
        Assert.Equal("2026-11-24T09:15:00.0000000+00:00", SiteClient.Meta(html, "article:published_time"));

        Assert.Matches("<a class=\"pub-button\" href=\"https://tech.example.org/posts/streaming-xml\" rel=\"noopener noreferrer\"", html);
        Assert.Contains($"href=\"/open/{entry.Id}\"", html);

        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("max-age=", response.Headers.CacheControl!.ToString());
        // Stored feed HTML is shown here: scripts other than our own are refused by the browser too, framing is denied.
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("Accept-Language", response.Headers.Vary);
        var again = await visitor.GetAsync(path, r => r.Headers.IfNoneMatch.Add(response.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        using var chinese = Visitor("zh-CN");
        var zh = await chinese.GetHtmlAsync(path);
        Assert.Equal("zh-CN", SiteClient.HtmlLang(zh));
        Assert.Contains("阅读原文", zh);
        Assert.Contains("在惯性聚合中打开", zh);
        Assert.Equal("zh_CN", SiteClient.Meta(zh, "og:locale"));
    }

    [Fact]
    public async Task Summary_only_chinese_article_shows_its_summary()
    {
        var feedId = await site.PreviewAsync(site.CatalogChineseId);
        var entry = (await site.EntriesAsync(feedId)).Single(e => e.Title == TestFeeds.ChineseArticleTitle);
        using var visitor = Visitor("zh-CN");
        var redirect = await visitor.GetAsync($"/articles/{entry.Id}");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        var html = await visitor.GetHtmlAsync(redirect.Headers.Location!.OriginalString);
        Assert.Contains("<em>阅读状态</em>", html);
        Assert.Contains("李雷", html);
        Assert.Contains("来自 惯性测试博客", html);
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.StartsWith("一次抓取，人人可读", SiteClient.Meta(html, "og:description"));
    }

    [Fact]
    public async Task Open_in_Inertia_requires_sign_in_and_comes_back_to_the_entry_in_the_reader()
    {
        var feedId = await site.PreviewAsync(site.CatalogEnglishId);
        var entry = (await site.EntriesAsync(feedId)).Single(e => e.Title == TestFeeds.EnglishArticleTitle);
        using var client = Visitor();

        var challenge = await client.GetAsync($"/open/{entry.Id}");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var signIn = challenge.Headers.Location!.OriginalString;
        Assert.Contains("/signin", signIn);
        Assert.Contains("returnUrl=" + Uri.EscapeDataString($"/open/{entry.Id}"), signIn);

        var signedIn = await client.SignInAsync(PublicSiteFixture.ReaderUser, PublicSiteFixture.ReaderPassword, $"/open/{entry.Id}");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"/open/{entry.Id}", signedIn.Headers.Location!.OriginalString);

        // The reader does not follow the feed yet: offered, not done behind their back.
        var offer = await client.GetHtmlAsync($"/open/{entry.Id}");
        Assert.Contains("You do not follow Loopback Tech Blog yet.", offer);
        var subscribed = await client.PostFormAsync($"/open/{entry.Id}", $"/open/{entry.Id}", []);
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        Assert.Equal($"/reader/entries/{entry.Id}", subscribed.Headers.Location!.OriginalString);

        var readerId = (await site.Server.Get<UserStore>().FindByNameAsync(PublicSiteFixture.ReaderUser))!.Id;
        Assert.NotNull(await site.Server.Get<EntryStore>().GetAsync(readerId, entry.Id));
        var reader = await client.GetAsync($"/reader/entries/{entry.Id}");
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        Assert.Contains(TestFeeds.EnglishArticleTitle, await reader.Content.ReadAsStringAsync());

        // Now a follower: straight to the reader.
        var direct = await client.GetAsync($"/open/{entry.Id}");
        Assert.Equal($"/reader/entries/{entry.Id}", direct.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Private_feeds_and_their_articles_are_not_found_for_visitors_unless_the_admin_publishes_followed_feeds()
    {
        var secret = (await site.EntriesAsync(site.PrivateFeedId)).Single();
        Assert.Equal(TestFeeds.PrivateArticleTitle, secret.Title);
        using var visitor = Visitor();
        using var otherUser = await SignedInAsync(PublicSiteFixture.ReaderUser, PublicSiteFixture.ReaderPassword);

        foreach (var client in new[] { visitor, otherUser })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/feeds/{site.PrivateFeedId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/feeds/{site.PrivateFeedId}/private-diary")).StatusCode);
            var hidden = await client.GetAsync($"/articles/{secret.Id}/secret-diary-entry");
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            var body = await hidden.Content.ReadAsStringAsync();
            Assert.Contains("Page not found", body);
            Assert.DoesNotContain("Secret", body);
            Assert.DoesNotContain("Private Diary", body);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/articles/999999")).StatusCode);
            Assert.DoesNotContain("Private Diary", await client.GetHtmlAsync("/discover"));
        }
        // Another user cannot be offered an entry of a private feed either.
        Assert.Equal(HttpStatusCode.NotFound, (await otherUser.GetAsync($"/open/{secret.Id}")).StatusCode);

        using var admin = await SignedInAsync();
        try
        {
            await SetFollowedPublicAsync(admin, true);
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/feeds/{site.PrivateFeedId}/private-diary")).StatusCode);
            var article = await visitor.GetHtmlAsync($"/articles/{secret.Id}/secret-diary-entry");
            Assert.Contains("Nobody but me should see this.", article);
            // Public pages never carry anyone's reading state.
            Assert.DoesNotContain("unread", article, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await SetFollowedPublicAsync(admin, false);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/articles/{secret.Id}/secret-diary-entry")).StatusCode);
    }

    private static async Task SetFollowedPublicAsync(SiteClient admin, bool on)
    {
        var fields = new List<KeyValuePair<string, string>> { new("catalogFeedsPublic", "true") };
        if (on) fields.Add(new("followedFeedsPublic", "true"));
        var response = await admin.PostFormAsync("/admin/catalog", "/admin/catalog?handler=Settings", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Signed_in_user_subscribes_from_discover()
    {
        using var user = await SignedInAsync(PublicSiteFixture.ReaderUser, PublicSiteFixture.ReaderPassword);
        var page = await user.GetHtmlAsync("/discover?lang=zh");
        Assert.Contains($"data-catalog-id=\"{site.CatalogChineseId}\"", page);

        var response = await user.PostFormAsync("/discover", $"/discover?handler=Subscribe&id={site.CatalogChineseId}", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await user.GetHtmlAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Subscribed to 惯性测试博客.", after);

        var readerId = (await site.Server.Get<UserStore>().FindByNameAsync(PublicSiteFixture.ReaderUser))!.Id;
        var subscription = Assert.Single(await site.Server.Get<SubscriptionStore>().ListAsync(readerId), s => s.FeedUrl == site.ChineseFeedUrl);
        Assert.Equal("Chinese tech community", subscription.CategoryName);
        Assert.True(subscription.UnreadCount >= 2);

        // Without a session the subscription is refused (a visitor's token comes from the sign-in form).
        using var visitor = Visitor();
        var anonymous = await visitor.PostFormAsync("/signin", $"/discover?handler=Subscribe&id={site.CatalogChineseId}", []);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/signin", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Discover_shows_popular_catalog_feeds_by_subscriber_count_but_never_private_ones()
    {
        await site.PreviewAsync(site.CatalogChineseId);
        var entry = (await site.Server.Get<CatalogStore>().GetAsync(site.CatalogChineseId))!;
        var subscriber = site.Server.Get<Inertia.Public.Catalog.Subscriber>();
        var readerId = (await site.Server.Get<UserStore>().FindByNameAsync(PublicSiteFixture.ReaderUser))!.Id;
        foreach (var userId in new[] { site.AdminId, readerId }) await subscriber.SubscribeAsync(userId, entry, default);

        using var visitor = Visitor();
        var html = await visitor.GetHtmlAsync("/discover");
        var popular = html[html.IndexOf("Popular on this instance", StringComparison.Ordinal)..html.IndexOf("</ol>", StringComparison.Ordinal)];
        Assert.Contains("惯性测试博客", popular);
        Assert.Contains("2 subscribers", popular);
        // The admin follows the private diary too: it is not in the catalog, so it is not listed anywhere.
        Assert.DoesNotContain("Private Diary", html);
    }

    [Fact]
    public async Task Signed_in_user_subscribes_from_a_public_feed_page()
    {
        var feedId = await site.PreviewAsync(site.CatalogEnglishId);
        var path = $"/feeds/{feedId}/loopback-tech-blog";
        using (var visitor = Visitor())
            Assert.Contains("Sign in to subscribe", await visitor.GetHtmlAsync(path));

        using var admin = await SignedInAsync();
        var before = await admin.GetAsync(path);
        // A signed-in page (with its antiforgery token) is never kept by a shared cache.
        Assert.DoesNotContain("public", before.Headers.CacheControl!.ToString());
        var response = await admin.PostFormAsync(path, $"/feeds/{feedId}?handler=Subscribe", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(path, response.Headers.Location!.OriginalString);
        // Following changes the page, so the old validator no longer matches.
        var after = await admin.GetAsync(path, r => r.Headers.IfNoneMatch.Add(before.Headers.ETag!));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains($"href=\"/reader/feeds/{feedId}\"", await after.Content.ReadAsStringAsync());
        var subscription = await site.Server.Get<SubscriptionStore>().GetAsync(site.AdminId, feedId);
        Assert.Equal("Engineering blogs", subscription!.CategoryName);
    }

    [Fact]
    public async Task Visitors_switch_language_with_a_cookie_and_only_local_return_urls_are_followed()
    {
        using var visitor = Visitor("en");
        var response = await visitor.GetAsync("/language/zh-CN?returnUrl=" + Uri.EscapeDataString("/discover?lang=zh"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/discover?lang=zh", response.Headers.Location!.OriginalString);
        Assert.Contains("<h1>发现</h1>", await visitor.GetHtmlAsync("/discover"));

        var back = await visitor.GetAsync("/language/en?returnUrl=" + Uri.EscapeDataString("//evil.example/"));
        Assert.Equal("/", back.Headers.Location!.OriginalString);
        Assert.Contains("<h1>Discover</h1>", await visitor.GetHtmlAsync("/discover"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/language/fr")).StatusCode);
    }

    [Fact]
    public async Task Admin_adds_edits_imports_and_removes_catalog_feeds_and_others_may_not()
    {
        using var admin = await SignedInAsync();
        var store = site.Server.Get<CatalogStore>();
        const string opml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0"><head><title>Imported</title></head><body>
              <outline text="Imported category">
                <outline text="Imported One" type="rss" xmlUrl="https://one.example.org/feed.xml" htmlUrl="https://one.example.org/" language="en"/>
                <outline text="Krebs again" type="rss" xmlUrl="https://krebsonsecurity.com/feed/"/>
              </outline>
            </body></opml>
            """;
        var import = await admin.PostMultipartAsync("/admin/catalog", "/admin/catalog?handler=Import", "opml", "list.opml", Encoding.UTF8.GetBytes(opml));
        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.Contains("Imported 1 feeds.", await admin.GetHtmlAsync("/admin/catalog"));
        var imported = (await store.ListAsync()).Single(c => c.Url == "https://one.example.org/feed.xml");
        Assert.Equal("Imported category", imported.Category);

        var edit = await admin.PostFormAsync($"/admin/catalog?edit={imported.Id}", $"/admin/catalog?handler=Update&id={imported.Id}",
            [new("Title", "Imported One, renamed"), new("Url", imported.Url), new("Category", "Security"), new("Language", "en"),
             new("Description", "Edited description")]);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var edited = await store.GetAsync(imported.Id);
        Assert.Equal(("Imported One, renamed", "Security", "Edited description"), (edited!.Title, edited.Category, edited.Description));
        Assert.Contains("Imported One, renamed", await admin.GetHtmlAsync("/discover?q=renamed"));

        var duplicate = await admin.PostFormAsync("/admin/catalog", "/admin/catalog?handler=Add",
            [new("Title", "Dup"), new("Url", "https://krebsonsecurity.com/feed/")]);
        Assert.Equal(HttpStatusCode.Redirect, duplicate.StatusCode);
        Assert.Contains("That feed URL is already in the catalog.", await admin.GetHtmlAsync("/admin/catalog"));

        var remove = await admin.PostFormAsync("/admin/catalog", $"/admin/catalog?handler=Delete&id={imported.Id}", []);
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Null(await store.GetAsync(imported.Id));

        using var user = await SignedInAsync(PublicSiteFixture.ReaderUser, PublicSiteFixture.ReaderPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/admin/catalog")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostFormAsync("/discover", $"/admin/catalog?handler=Delete&id={site.CatalogEnglishId}", [])).StatusCode);
        Assert.NotNull(await store.GetAsync(site.CatalogEnglishId));
        using var visitor = Visitor();
        var anonymous = await visitor.GetAsync("/admin/catalog");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/signin", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Output_feeds_are_private_tokenised_parse_back_and_can_be_revoked()
    {
        var secret = (await site.EntriesAsync(site.PrivateFeedId)).Single();
        await site.Server.Get<EntryStore>().SetStarredAsync(site.AdminId, [secret.Id], true);

        using var admin = await SignedInAsync();
        foreach (var scope in new[] { "starred", $"category:{site.PrivateCategoryId}" })
        {
            var created = await admin.PostFormAsync("/output-feeds", "/output-feeds?handler=Create", [new("scope", scope)]);
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }
        var page = await admin.GetHtmlAsync("/output-feeds");
        var urls = Regex.Matches(page, "value=\"(http://[^\"]+/output/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(6, urls.Count);

        // A different user cannot make a token for someone else's category.
        using (var other = await SignedInAsync(PublicSiteFixture.ReaderUser, PublicSiteFixture.ReaderPassword))
        {
            var refused = await other.PostFormAsync("/output-feeds", "/output-feeds?handler=Create", [new("scope", $"category:{site.PrivateCategoryId}")]);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using var reader = new HttpClient();
        foreach (var url in urls)
        {
            var response = await reader.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("private", response.Headers.CacheControl!.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var parsed = FeedParser.Parse(bytes, new FeedParseOptions { DocumentUrl = url, ContentType = response.Content.Headers.ContentType?.ToString() });
            Assert.Empty(parsed.Warnings);
            var item = Assert.Single(parsed.Entries);
            Assert.Equal(TestFeeds.PrivateArticleTitle, item.Title);
            Assert.Equal("https://diary.example.org/1", item.Url);
            if (!url.EndsWith(".json"))
            {
                var py = await PythonFeedparser.ParseAsync(bytes);
                Assert.False(py.GetProperty("bozo").GetBoolean(), py.GetProperty("bozo_exception").GetString());
                Assert.Equal(TestFeeds.PrivateArticleTitle, py.GetProperty("entries")[0].GetProperty("title").GetString());
            }
            var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(again)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(site.Server.Url("output/not-a-token.rss"))).StatusCode);

        var revoked = await admin.PostFormAsync("/output-feeds", "/output-feeds?handler=Revoke", [new("scope", "starred")]);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        // The page lists the starred list first: its three addresses stop working, the category's do not.
        for (var i = 0; i < urls.Count; i++)
            Assert.Equal(i < 3 ? HttpStatusCode.NotFound : HttpStatusCode.OK, (await reader.GetAsync(urls[i])).StatusCode);
    }
}

public sealed class SqlitePublicSiteTests(PublicSiteFixture site) : PublicSiteTests(site), IClassFixture<PublicSiteFixture>;

public sealed class PostgresPublicSiteTests(PostgresPublicSiteFixture site) : PublicSiteTests(site), IClassFixture<PostgresPublicSiteFixture>;
