using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>The tag name rules: no database involved.</summary>
public sealed class TagNameTests
{
    [Theory]
    [InlineData("  news  ", "news")]
    [InlineData("read\t later", "read later")]
    [InlineData("漏洞  分析", "漏洞 分析")]
    [InlineData("Cafe\u0301", "Café")] // NFC: the combining accent becomes one character
    [InlineData("C#/.NET", "C#/.NET")]
    public void Names_are_trimmed_spaced_once_and_composed(string input, string expected) =>
        Assert.Equal(expected, TagStore.CleanName(input));

    [Theory]
    [InlineData("", TagNameProblem.Empty)]
    [InlineData("   ", TagNameProblem.Empty)]
    [InlineData(null, TagNameProblem.Empty)]
    [InlineData("a,b", TagNameProblem.Comma)]
    [InlineData("bell\u0007", TagNameProblem.ControlCharacter)]
    [InlineData("escape\u001B[0m", TagNameProblem.ControlCharacter)]
    [InlineData("apc\u009F", TagNameProblem.ControlCharacter)]
    public void Bad_names_are_refused_with_the_reason(string? input, TagNameProblem problem) =>
        Assert.Equal(problem, Assert.Throws<InvalidTagNameException>(() => TagStore.CleanName(input)).Problem);

    [Fact]
    public void Up_to_64_characters_counted_as_the_reader_sees_them()
    {
        Assert.Equal(64, TagStore.CleanName(new string('x', 64)).Length);
        Assert.Equal(TagNameProblem.TooLong, Assert.Throws<InvalidTagNameException>(() => TagStore.CleanName(new string('x', 65))).Problem);
        // 64 emoji are 128 UTF-16 units but 64 characters.
        var emoji = string.Concat(Enumerable.Repeat("🎉", 64));
        Assert.Equal(emoji, TagStore.CleanName(emoji));
        Assert.Equal(TagStore.NameKey("ÉCOLE"), TagStore.NameKey("école"));
    }
}

public abstract class TagStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private TagStore Tags => new(Db);

    /// <summary>A user following a feed of n entries (newest first, e0 newest); their ids in list order.</summary>
    private async Task<(long User, long Feed, List<long> Ids)> SeedAsync(int n, string user = "alice", string url = "https://example.org/feed.xml")
    {
        var userId = await NewUserAsync(user);
        var feed = await NewFeedAsync(url);
        await Subscriptions.SubscribeAsync(userId, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(n), T0);
        var ids = (await Entries.ListAsync(userId, new EntryQuery(FeedId: feed, Limit: 500))).Select(e => e.Id).ToList();
        return (userId, feed, ids);
    }

    [Fact]
    public async Task Tagging_creates_the_tag_once_per_user_whatever_the_case_and_counts_entries()
    {
        var (alice, _, ids) = await SeedAsync(4);
        var news = (await Tags.AddAsync(alice, ids[0], "News"))!;
        Assert.Equal(news, await Tags.AddAsync(alice, ids[1], "  news ")); // same tag, first spelling kept
        Assert.Equal(news, await Tags.AddAsync(alice, ids[1], "NEWS")); // twice on one entry: nothing changes
        var later = (await Tags.AddAsync(alice, ids[1], "稍后读"))!;
        await Entries.SetReadAsync(alice, [ids[0]], true);

        Assert.Equal(
            [new TagView(news.Id, "News", 2, 1), new TagView(later.Id, "稍后读", 1, 1)],
            await Tags.ListAsync(alice));
        Assert.Equal(news, await Tags.FindAsync(alice, "nEwS"));
        Assert.Equal(news, await Tags.GetAsync(alice, news.Id));

        // The tags of a page of entries, in one query; untagged entries are absent.
        var of = await Tags.OfEntriesAsync(alice, ids);
        Assert.Equal(new[] { ids[0], ids[1] }.Order(), of.Keys.Order());
        Assert.Equal([news], of[ids[0]]);
        Assert.Equal([news, later], of[ids[1]]);

        Assert.True(await Tags.RemoveAsync(alice, ids[0], news.Id));
        Assert.False(await Tags.RemoveAsync(alice, ids[0], news.Id));
        // The tag stays, with one entry fewer, until it is deleted.
        Assert.Equal(new TagView(news.Id, "News", 1, 1), (await Tags.ListAsync(alice))[0]);
    }

    [Fact]
    public async Task Tags_are_per_user_and_nobody_reaches_anothers()
    {
        var (alice, feed, ids) = await SeedAsync(2);
        var bob = await NewUserAsync("bob");
        var aliceTag = (await Tags.AddAsync(alice, ids[0], "Private"))!;

        // Bob does not follow the feed: he cannot tag its entries.
        Assert.Null(await Tags.AddAsync(bob, ids[0], "Mine"));
        Assert.Empty(await Tags.ListAsync(bob));

        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        var bobTag = (await Tags.AddAsync(bob, ids[0], "private"))!;
        Assert.NotEqual(aliceTag.Id, bobTag.Id);
        Assert.Equal("private", bobTag.Name);

        // Bob's view of the same entry holds only his tag; Alice's tag is out of his reach by id.
        Assert.Equal([bobTag], (await Tags.OfEntriesAsync(bob, [ids[0]]))[ids[0]]);
        Assert.Null(await Tags.GetAsync(bob, aliceTag.Id));
        Assert.Empty(await Tags.EntriesAsync(bob, aliceTag.Id, new EntryQuery()));
        Assert.False(await Tags.RemoveAsync(bob, ids[0], aliceTag.Id));
        Assert.False(await Tags.RenameAsync(bob, aliceTag.Id, "Hacked"));
        Assert.False(await Tags.DeleteAsync(bob, aliceTag.Id));
        Assert.Equal(0, await Tags.MarkAllReadAsync(bob, aliceTag.Id, T0.AddDays(1)));
        Assert.Equal("Private", (await Tags.GetAsync(alice, aliceTag.Id))!.Name);
        Assert.Single(await Tags.EntriesAsync(alice, aliceTag.Id, new EntryQuery()));
        Assert.Equal(2, await Entries.CountUnreadAsync(alice));
    }

    [Fact]
    public async Task A_tags_entries_page_by_keyset_in_either_order_and_filter_by_state()
    {
        var (alice, _, ids) = await SeedAsync(7);
        foreach (var id in ids.Where((_, i) => i != 3)) await Tags.AddAsync(alice, id, "keep");
        var tag = (await Tags.FindAsync(alice, "keep"))!;
        await Entries.SetReadAsync(alice, [ids[0], ids[4]], true);
        await Entries.SetStarredAsync(alice, [ids[5]], true);

        async Task<List<long>> AllPagesAsync(EntryQuery query)
        {
            var seen = new List<long>();
            while (true)
            {
                var page = await Tags.EntriesAsync(alice, tag.Id, query with { Limit = 2 });
                seen.AddRange(page.Select(e => e.Id));
                if (page.Count < 2) return seen;
                query = query with { After = new EntryCursor(page[^1].SortAt, page[^1].Id) };
            }
        }

        var tagged = ids.Where((_, i) => i != 3).ToList();
        Assert.Equal(tagged, await AllPagesAsync(new EntryQuery()));
        Assert.Equal(Enumerable.Reverse(tagged), await AllPagesAsync(new EntryQuery(OldestFirst: true)));
        Assert.Equal([ids[1], ids[2], ids[5], ids[6]], await AllPagesAsync(new EntryQuery(EntryFilter.Unread)));
        Assert.Equal([ids[5]], await AllPagesAsync(new EntryQuery(EntryFilter.Starred)));

        // The items have the list's shape: the same as the entry list's own.
        var fromTag = (await Tags.EntriesAsync(alice, tag.Id, new EntryQuery(Limit: 1)))[0];
        var fromList = (await Entries.ListAsync(alice, new EntryQuery(Limit: 1)))[0];
        Assert.Equal(fromList, fromTag);

        // Mark all read in the tag: only its entries, only up to the time the list was shown.
        Assert.Equal(3, await Tags.MarkAllReadAsync(alice, tag.Id, T0.AddHours(-2.5)));
        Assert.Equal([ids[1], ids[3]], (await Entries.ListAsync(alice, new EntryQuery(EntryFilter.Unread))).Select(e => e.Id));
    }

    [Fact]
    public async Task Rename_refuses_anothers_name_allows_a_change_of_case_and_delete_ends_the_published_feed()
    {
        var (alice, _, ids) = await SeedAsync(2);
        var a = (await Tags.AddAsync(alice, ids[0], "linux"))!;
        var b = (await Tags.AddAsync(alice, ids[1], "kernel"))!;

        await Assert.ThrowsAsync<DuplicateException>(() => Tags.RenameAsync(alice, b.Id, "LINUX"));
        Assert.True(await Tags.RenameAsync(alice, a.Id, "Linux"));
        Assert.True(await Tags.RenameAsync(alice, b.Id, " Linux kernel "));
        await Assert.ThrowsAsync<InvalidTagNameException>(() => Tags.RenameAsync(alice, b.Id, "a,b"));
        Assert.Equal(["Linux", "Linux kernel"], (await Tags.ListAsync(alice)).Select(t => t.Name));
        // Adding by the old spelling of the new name finds the renamed tag.
        Assert.Equal(a.Id, (await Tags.AddAsync(alice, ids[1], "linux"))!.Id);

        var publicStore = new PublicStore(Db);
        await publicStore.GetOrCreateTokenAsync(alice, $"tag:{a.Id}");
        await publicStore.GetOrCreateTokenAsync(alice, "starred");
        Assert.True(await Tags.DeleteAsync(alice, a.Id));
        Assert.False(await Tags.DeleteAsync(alice, a.Id));
        Assert.Equal(["starred"], (await publicStore.ListTokensAsync(alice)).Select(t => t.Scope));
        Assert.Equal(["Linux kernel"], (await Tags.ListAsync(alice)).Select(t => t.Name));
        Assert.Equal(["Linux kernel"], (await Tags.OfEntriesAsync(alice, ids)).Values.SelectMany(t => t).Select(t => t.Name));
        // Entries are untouched.
        Assert.Equal(2, (await Entries.ListAsync(alice, new EntryQuery())).Count);
    }

    [Fact]
    public async Task Retention_keeps_tagged_entries_like_starred_ones_and_unfollowing_keeps_them_listed()
    {
        var (alice, feed, ids) = await SeedAsync(3);
        var bob = await NewUserAsync("bob");
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        // e2 is tagged by Bob only; every entry is old and read by both.
        await Entries.SetReadAsync(alice, ids, true);
        await Entries.SetReadAsync(bob, ids, true);
        var tag = (await Tags.AddAsync(bob, ids[2], "archive"))!;
        await Entries.UpsertAsync(feed, [], T0); // the document lists nothing now

        var retention = new RetentionStore(Db);
        Assert.Equal(2, await retention.DeleteExpiredAsync(new RetentionPolicy(ReadDays: 1, UnreadDays: 1, KeepPerFeed: 0), T0.AddDays(30)));
        Assert.NotNull(await Entries.GetAsync(bob, ids[2]));
        Assert.Null(await Entries.GetAsync(bob, ids[0]));

        // Unfollowing keeps the tagged entry (as it keeps starred ones) so the tag still lists it.
        await Subscriptions.UnsubscribeAsync(bob, feed);
        Assert.Equal([ids[2]], (await Tags.EntriesAsync(bob, tag.Id, new EntryQuery())).Select(e => e.Id));

        // Untagged, nothing holds it any more.
        Assert.True(await Tags.RemoveAsync(bob, ids[2], tag.Id));
        Assert.Equal(1, await retention.DeleteExpiredAsync(new RetentionPolicy(ReadDays: 1, UnreadDays: 1, KeepPerFeed: 0), T0.AddDays(30)));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task Tags_follow_entries_to_a_private_feed_row()
    {
        var (alice, shared, ids) = await SeedAsync(3);
        var bob = await NewUserAsync("bob");
        await Subscriptions.SubscribeAsync(bob, shared, null, null);
        var tag = (await Tags.AddAsync(alice, ids[1], "keep"))!;
        var bobTag = (await Tags.AddAsync(bob, ids[1], "bob's"))!;

        var privateId = (await Subscriptions.MoveToPrivateFeedAsync(alice, shared))!.Value;
        var moved = Assert.Single(await Tags.EntriesAsync(alice, tag.Id, new EntryQuery()));
        Assert.Equal((privateId, "Title e1"), (moved.FeedId, moved.Title));
        Assert.NotEqual(ids[1], moved.Id);
        // Bob's tag on the shared entry is his own business and stays where it was.
        Assert.Equal([ids[1]], (await Tags.EntriesAsync(bob, bobTag.Id, new EntryQuery())).Select(e => e.Id));
        Assert.Empty(await Tags.OfEntriesAsync(alice, ids));
    }
}

public sealed class SqliteTagStoreTests() : TagStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresTagStoreTests() : TagStoreTests(DatabaseProvider.Postgres);
