using Dapper;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;

namespace Inertia.Tests.Storage;

/// <summary>EntryStore's starred export and import: what `inertia export` writes and `inertia import` reads back.</summary>
public abstract class StarredImportTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string FeedUrl = "https://example.org/feed.xml";

    [Fact]
    public async Task Starred_entries_round_trip_into_an_empty_database_and_stay_starred_there()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync(FeedUrl);
        await Subscriptions.SubscribeAsync(user, feed, await Subscriptions.GetOrCreateCategoryAsync(user, "安全"), null);
        await Entries.UpsertAsync(feed, [Entry("a", T0.AddHours(-1), title: "漏洞公告"), Entry("b", T0.AddHours(-2)), Entry("c", T0.AddHours(-3))], T0);
        var listed = await Entries.ListAsync(user, new EntryQuery());
        var a = listed.Single(e => e.Title == "漏洞公告").Id;
        var c = listed.Single(e => e.Title == "Title c").Id;
        await Entries.SetStarredAsync(user, [a, c], true);
        await Entries.SetReadAsync(user, [c], true);

        var exported = await Entries.ListStarredForExportAsync(user);
        Assert.Equal(["a", "c"], exported.Select(e => e.Entry.Key));
        Assert.All(exported, e => Assert.Equal(FeedUrl, e.FeedUrl));
        Assert.Equal([false, true], exported.Select(e => e.IsRead));

        // Another, empty database: a new user who follows nothing yet.
        var otherOptions = await NewOptionsAsync();
        try
        {
            await ImportIntoEmptyDatabaseAsync(otherOptions, exported);
        }
        finally
        {
            if (Provider == DatabaseProvider.Postgres) await PostgresServer.Instance.DropDatabaseAsync(otherOptions.ConnectionString!);
        }
    }

    private static async Task ImportIntoEmptyDatabaseAsync(StorageOptions options, IReadOnlyList<StarredEntry> exported)
    {
        await using var other = new Database(options);
        await other.MigrateAsync();
        var otherUser = await new UserStore(other).CreateAsync("alice", "hash", isAdmin: false);
        var otherEntries = new EntryStore(other);
        Assert.Equal(new StarredImportResult(2, 0), await otherEntries.ImportStarredAsync(otherUser, exported, T0.AddDays(1)));

        var starred = await otherEntries.ListAsync(otherUser, new EntryQuery(EntryFilter.Starred));
        Assert.Equal(["漏洞公告", "Title c"], starred.Select(e => e.Title));
        Assert.Equal([T0.AddHours(-1), T0.AddHours(-3)], starred.Select(e => e.SortAt));
        Assert.Equal([false, true], starred.Select(e => e.IsRead));
        var view = (await otherEntries.GetAsync(otherUser, starred[0].Id))!;
        Assert.Equal(("<p>Content of a</p>", "https://example.org/a"), (view.Content, view.Url));
        Assert.Equal(["news"], view.Categories);
        Assert.Equal("https://example.org/a.mp3", Assert.Single(view.Enclosures).Url);

        // Searchable at once, like any stored entry.
        var hits = await new SearchStore(other).SearchAsync(otherUser, new SearchQuery("漏洞"));
        Assert.Equal(starred[0].Id, Assert.Single(hits).Entry.Id);

        // Retention never deletes them, although the feed's document does not list them.
        Assert.Equal(0, await new RetentionStore(other).DeleteExpiredAsync(new RetentionPolicy(1, 1, 0), T0.AddYears(1)));
        Assert.Equal(2, await CountAsync(other, "SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task Importing_into_a_database_that_has_the_entries_merges_state_without_duplicates()
    {
        var user = await NewUserAsync();
        var bob = await NewUserAsync("bob");
        var feed = await NewFeedAsync(FeedUrl);
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("a", T0.AddHours(-1)), Entry("b", T0.AddHours(-2))], T0);
        var currentBefore = await CurrentEntriesAsync(feed);
        var ids = (await Entries.ListAsync(user, new EntryQuery())).ToDictionary(e => e.Title!, e => e.Id);
        await Entries.SetReadAsync(user, [ids["Title b"]], true);

        // An export (from elsewhere) that has a, read, and b, unread, with older content; plus one entry the feed no
        // longer lists.
        var export = new[]
        {
            Starred(Entry("a", T0.AddHours(-1), title: "old title"), read: true),
            Starred(Entry("b", T0.AddHours(-2)), read: false),
            Starred(Entry("gone", T0.AddDays(-400)), read: false),
        };
        Assert.Equal(new StarredImportResult(1, 2), await Entries.ImportStarredAsync(user, export, T0.AddHours(1)));
        Assert.Equal(new StarredImportResult(0, 3), await Entries.ImportStarredAsync(user, export, T0.AddHours(2)));

        Assert.Equal(3, await CountAsync(Db, "SELECT COUNT(*) FROM entries"));
        var starred = await Entries.ListAsync(user, new EntryQuery(EntryFilter.Starred));
        Assert.Equal(["Title a", "Title b", "Title gone"], starred.Select(e => e.Title)); // stored content kept
        Assert.Equal([true, true, false], starred.Select(e => e.IsRead)); // read if either side read it

        // Nobody else's state changes, the old entry is not pushed to other subscribers, and the feed's current
        // document (retention's guard) is what the last refresh stored.
        Assert.Equal(2, await Entries.CountUnreadAsync(bob));
        Assert.Empty(await Entries.ListAsync(bob, new EntryQuery(EntryFilter.Starred)));
        Assert.Equal(currentBefore, await CurrentEntriesAsync(feed));

        // The next refresh of the feed neither duplicates nor unstars it.
        await Entries.UpsertAsync(feed, [Entry("a", T0.AddHours(-1)), Entry("b", T0.AddHours(-2))], T0.AddHours(3));
        Assert.Equal(3, await CountAsync(Db, "SELECT COUNT(*) FROM entries"));
        Assert.Equal(3, (await Entries.ListAsync(user, new EntryQuery(EntryFilter.Starred))).Count);
        Assert.Equal(0, await new RetentionStore(Db).DeleteExpiredAsync(new RetentionPolicy(1, 1, 0), T0.AddYears(2)));
    }

    [Fact]
    public async Task An_import_into_a_feed_the_user_follows_gets_the_subscriptions_category()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync(FeedUrl);
        var category = await Subscriptions.GetOrCreateCategoryAsync(user, "news");
        await Subscriptions.SubscribeAsync(user, feed, category, null);
        await Entries.ImportStarredAsync(user, [Starred(Entry("x", T0.AddDays(-3)), read: false)], T0);

        var inCategory = await Entries.ListAsync(user, new EntryQuery(EntryFilter.Starred, CategoryId: category));
        Assert.Equal("Title x", Assert.Single(inCategory).Title);
        Assert.Equal(1, await CountAsync(Db, "SELECT COUNT(*) FROM feeds"));
    }

    private static StarredEntry Starred(EntryData entry, bool read) =>
        new(FeedUrl, "Example", entry, entry.Published ?? T0, T0.AddMinutes(-5), read, read ? T0.AddMinutes(-4) : null);

    private async Task<string> CurrentEntriesAsync(long feed)
    {
        await using var connection = await Db.OpenAsync();
        var value = await connection.ExecuteScalarAsync<object>("SELECT current_entry_ids FROM feeds WHERE id = @feed", new { feed });
        return value is long[] array ? string.Join(",", array) : value?.ToString() ?? "";
    }

    private static async Task<long> CountAsync(Database db, string sql)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

public sealed class SqliteStarredImportTests() : StarredImportTests(DatabaseProvider.Sqlite);
public sealed class PostgresStarredImportTests() : StarredImportTests(DatabaseProvider.Postgres);
