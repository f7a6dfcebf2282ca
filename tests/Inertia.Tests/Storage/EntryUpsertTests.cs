using Dapper;
using Inertia.Feeds.Model;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

public abstract class EntryUpsertTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Fact]
    public async Task New_entries_are_inserted_once_and_an_unchanged_refetch_changes_nothing()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);

        Assert.Equal(new EntryUpsertResult(3, 0), await Entries.UpsertAsync(feed, Batch(3), T0));
        Assert.Equal(new EntryUpsertResult(0, 0), await Entries.UpsertAsync(feed, Batch(3), T0.AddHours(1)));
        Assert.Equal(new EntryUpsertResult(1, 0), await Entries.UpsertAsync(feed, Batch(4), T0.AddHours(2)));
        Assert.Equal(4, await CountAsync("SELECT COUNT(*) FROM entries"));
        Assert.Equal(4, await Entries.CountUnreadAsync(user));
    }

    [Fact]
    public async Task A_changed_entry_is_updated_in_place_keeping_its_id_state_and_sort_time()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("a", T0.AddHours(-1))], T0);
        var before = Assert.Single(await Entries.ListAsync(user, new EntryQuery()));
        await Entries.SetReadAsync(user, [before.Id], true);

        var edited = Entry("a", T0.AddHours(-1), title: "Edited 修改", content: "<p>New body</p>") with
        {
            Updated = T0, Categories = ["news", "科技"], Enclosures = [], CommentsUrl = "https://example.org/c",
        };
        Assert.Equal(new EntryUpsertResult(0, 1), await Entries.UpsertAsync(feed, [edited], T0.AddHours(1)));

        var after = (await Entries.GetAsync(user, before.Id))!;
        Assert.Equal(("Edited 修改", "<p>New body</p>", T0, "https://example.org/c"), (after.Title, after.Content, after.Updated, after.CommentsUrl));
        Assert.Equal(["news", "科技"], after.Categories);
        Assert.Empty(after.Enclosures);
        Assert.True(after.IsRead);
        Assert.Equal(before.SortAt, after.SortAt);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task A_key_listed_twice_in_one_batch_is_stored_once()
    {
        var feed = await NewFeedAsync();
        var result = await Entries.UpsertAsync(feed, [Entry("dup", T0), Entry("dup", T0, title: "second"), Entry("other", T0)], T0);
        Assert.Equal(new EntryUpsertResult(2, 0), result);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task The_same_key_in_two_feeds_is_two_entries()
    {
        var a = await NewFeedAsync("https://a.example.org/feed");
        var b = await NewFeedAsync("https://b.example.org/feed");
        await Entries.UpsertAsync(a, [Entry("same", T0)], T0);
        Assert.Equal(new EntryUpsertResult(1, 0), await Entries.UpsertAsync(b, [Entry("same", T0)], T0));
    }

    [Fact]
    public async Task New_entries_get_unread_state_rows_for_every_subscriber_and_only_them()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var carol = await NewUserAsync("carol");
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(alice, feed, null, null);
        await Subscriptions.SubscribeAsync(bob, feed, null, null);

        await Entries.UpsertAsync(feed, Batch(5), T0);
        Assert.Equal(5, await Entries.CountUnreadAsync(alice));
        Assert.Equal(5, await Entries.CountUnreadAsync(bob));
        Assert.Equal(0, await Entries.CountUnreadAsync(carol));
        Assert.Empty(await Entries.ListAsync(carol, new EntryQuery()));
        Assert.Equal(10, await CountAsync("SELECT COUNT(*) FROM entry_states"));
    }

    [Fact]
    public async Task A_large_batch_is_stored_in_chunks_within_one_call()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        Assert.Equal(new EntryUpsertResult(1000, 0), await Entries.UpsertAsync(feed, Batch(1000), T0));
        Assert.Equal(1000, await Entries.CountUnreadAsync(user));
        Assert.Equal(new EntryUpsertResult(0, 0), await Entries.UpsertAsync(feed, Batch(1000), T0));
    }

    [Fact]
    public async Task Sort_time_is_published_else_first_seen_and_never_in_the_future()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, [Entry("dated", T0.AddDays(-2)), Entry("undated"), Entry("future", T0.AddYears(1))], T0);
        var items = (await Entries.ListAsync(user, new EntryQuery())).ToDictionary(i => i.Title!);
        Assert.Equal(T0.AddDays(-2), items["Title dated"].SortAt);
        Assert.Equal(T0, items["Title undated"].SortAt);
        Assert.Null(items["Title undated"].Published);
        Assert.Equal(T0, items["Title future"].SortAt);
        Assert.Equal(T0.AddYears(1), items["Title future"].Published);
    }

    [Fact]
    public async Task Very_long_and_empty_keys_still_identify_entries()
    {
        var feed = await NewFeedAsync();
        var longKey = "https://example.org/" + new string('x', 5000);
        var entries = new List<EntryData> { Entry(longKey, T0), Entry("", T0, title: "no key") };
        Assert.Equal(new EntryUpsertResult(2, 0), await Entries.UpsertAsync(feed, entries, T0));
        Assert.Equal(new EntryUpsertResult(0, 0), await Entries.UpsertAsync(feed, entries, T0));
    }

    [Fact]
    public async Task Two_nodes_storing_the_same_fetch_at_once_never_duplicate()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await using var other = new Database(Options);
        var stores = new[] { Entries, new EntryStore(other) };
        var results = await Task.WhenAll(stores.Select(store => Task.Run(() => store.UpsertAsync(feed, Batch(300), T0))));
        Assert.Equal(300, results.Sum(r => r.Inserted));
        Assert.Equal(300, await CountAsync("SELECT COUNT(*) FROM entries"));
        Assert.Equal(300, await Entries.CountUnreadAsync(user));
    }

    [Fact]
    public async Task Stored_fields_round_trip()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Feeds.RecordSuccessAsync(feed, new FeedMetadata("Feed 标题", "https://example.org/", null, null, null, null), null, null, T0, T0);
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var data = new EntryData("k1", "guid-1", "https://example.org/1", "标题 Title", "作者",
            "<p>Summary &amp; more</p>", "<p>Body</p>", T0.AddHours(-3), T0.AddHours(-2),
            ["a", "b"], [new Enclosure("https://example.org/x.mp3", "audio/mpeg", 42)], "https://example.org/1#c", "https://example.org/1.png");
        await Entries.UpsertAsync(feed, [data], T0);

        var item = Assert.Single(await Entries.ListAsync(user, new EntryQuery()));
        Assert.Equal((feed, "Feed 标题", "标题 Title", "https://example.org/1", "作者", "Summary & more", "https://example.org/1.png", false, false),
            (item.FeedId, item.FeedTitle, item.Title, item.Url, item.Author, item.Snippet, item.ImageUrl, item.IsRead, item.IsStarred));
        var view = (await Entries.GetAsync(user, item.Id))!;
        Assert.Equal(("Feed 标题", "https://example.org/", "<p>Summary &amp; more</p>", "<p>Body</p>", T0.AddHours(-3), T0.AddHours(-2), "https://example.org/1#c"),
            (view.FeedTitle, view.FeedSiteUrl, view.Summary, view.Content, view.Published, view.Updated, view.CommentsUrl));
        Assert.Equal(["a", "b"], view.Categories);
        Assert.Equal([new Enclosure("https://example.org/x.mp3", "audio/mpeg", 42)], view.Enclosures);
    }

    [Fact]
    public async Task Nul_characters_and_lone_surrogates_are_cleaned_so_both_engines_store_the_entry()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var entry = Entry("k\0ey", T0, "Ti\0tle \ud800 𠀀", "<p>bo\0dy</p>") with { Categories = ["a\0b"] };
        Assert.Equal(new EntryUpsertResult(1, 0), await Entries.UpsertAsync(feed, [entry], T0));
        Assert.Equal(new EntryUpsertResult(0, 0), await Entries.UpsertAsync(feed, [entry], T0));
        var view = (await Entries.GetAsync(user, (await Entries.ListAsync(user, new EntryQuery()))[0].Id))!;
        Assert.Equal(("Title \ufffd 𠀀", "<p>body</p>", "ab"), (view.Title, view.Content, view.Categories[0]));
    }

    [Fact]
    public async Task Entry_ids_are_never_reused_after_a_delete()
    {
        var feed = await NewFeedAsync();
        await Entries.UpsertAsync(feed, Batch(3), T0);
        var max = await CountAsync("SELECT MAX(id) FROM entries");
        await using (var connection = await Db.OpenAsync())
            await connection.ExecuteAsync("DELETE FROM entries");
        await Entries.UpsertAsync(feed, [Entry("new", T0)], T0);
        Assert.True(await CountAsync("SELECT MIN(id) FROM entries") > max);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Unchanged_keys_stay_current_without_being_written()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var first = Batch(3).Select(e => e with { SourceHash = "src-" + e.Key }).ToList();
        await Entries.UpsertAsync(feed, first, T0);
        Assert.Equal(new Dictionary<string, string> { ["e0"] = "src-e0", ["e2"] = "src-e2" },
            await Entries.SourceHashesAsync(feed, ["e0", "e2", "missing"]));

        // The refresher passes e0 and e1 as unchanged (not sanitized again), e2 edited and one new entry.
        var edited = Entry("e2", T0.AddHours(-3), title: "Edited") with { SourceHash = "src-e2-v2" };
        Assert.Equal(new EntryUpsertResult(1, 1),
            await Entries.UpsertAsync(feed, [Entry("new", T0) with { SourceHash = "src-new" }, edited], ["e0", "e1"], T0.AddHours(1)));

        Assert.Equal(["Title new", "Title e0", "Title e1", "Edited"], (await Entries.ListAsync(user, new EntryQuery())).Select(e => e.Title));
        Assert.Equal("src-e2-v2", (await Entries.SourceHashesAsync(feed, ["e2"]))["e2"]);
        await using var connection = await Db.OpenAsync();
        var current = await connection.ExecuteScalarAsync<object>("SELECT current_entry_ids FROM feeds WHERE id = @feed", new { feed });
        // A JSON array on SQLite, a bigint[] on PostgreSQL: retention keeps all four.
        Assert.Equal(4, current is long[] ids ? ids.Length : System.Text.Json.JsonSerializer.Deserialize<long[]>((string)current!)!.Length);
    }
}

public sealed class SqliteEntryUpsertTests() : EntryUpsertTests(DatabaseProvider.Sqlite);
public sealed class PostgresEntryUpsertTests() : EntryUpsertTests(DatabaseProvider.Postgres);
