using Inertia.Storage;
using Inertia.Tests.Storage;

namespace Inertia.Tests.Reader;

/// <summary>"Mark above as read" and "keep unread" on both dialects.</summary>
public abstract class EntryActionsStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private ReadingStateStore Reading => new(Db);

    private async Task<(long User, long Feed, List<EntryListItem> Newest)> SeedAsync(int count = 6)
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(count), T0);
        var list = (await Entries.ListAsync(user, new EntryQuery(FeedId: feed, Limit: 100))).ToList();
        return (user, feed, list);
    }

    [Fact]
    public async Task Marks_only_the_entries_above_in_a_newest_first_list()
    {
        var (user, feed, list) = await SeedAsync();
        var third = list[2];

        var marked = await Reading.MarkAboveReadAsync(user, new EntryQuery(EntryFilter.Unread, FeedId: feed), new EntryCursor(third.SortAt, third.Id), T0.AddDays(1));

        Assert.Equal(2, marked);
        var after = await Entries.ListAsync(user, new EntryQuery(FeedId: feed, Limit: 100));
        Assert.Equal([true, true, false, false, false, false], after.Select(e => e.IsRead));
    }

    [Fact]
    public async Task In_an_oldest_first_list_above_means_older()
    {
        var (user, feed, list) = await SeedAsync();
        var oldestFirst = Enumerable.Reverse(list).ToList();
        var second = oldestFirst[1];

        var marked = await Reading.MarkAboveReadAsync(user, new EntryQuery(FeedId: feed, OldestFirst: true), new EntryCursor(second.SortAt, second.Id), T0.AddDays(1));

        Assert.Equal(1, marked);
        var states = (await Entries.ListAsync(user, new EntryQuery(FeedId: feed, Limit: 100, OldestFirst: true))).Select(e => e.IsRead);
        Assert.Equal([true, false, false, false, false, false], states);
    }

    [Fact]
    public async Task The_list_filter_and_render_time_bound_what_is_marked_and_other_users_are_untouched()
    {
        var (user, feed, list) = await SeedAsync();
        var bob = await NewUserAsync("bob");
        await Subscriptions.SubscribeAsync(bob, feed, null, null);
        await Entries.UpsertAsync(feed, Batch(6).Append(Entry("late", T0)).ToList(), T0); // bob gets state rows for "late" only
        var otherFeed = await NewFeedAsync("https://example.org/other.xml");
        await Subscriptions.SubscribeAsync(user, otherFeed, null, null);
        await Entries.UpsertAsync(otherFeed, [Entry("x", T0.AddMinutes(-30))], T0);
        await Entries.SetStarredAsync(user, [list[0].Id], true);
        var bottom = list[^1];

        // Starred list: only starred entries above are marked.
        Assert.Equal(1, await Reading.MarkAboveReadAsync(user, new EntryQuery(EntryFilter.Starred), new EntryCursor(bottom.SortAt, bottom.Id), T0.AddDays(1)));
        // Feed list shown before "late" and "x" were sorted in (upTo is an hour before them): they stay unread.
        var upTo = T0.AddMinutes(-45);
        Assert.Equal(4, await Reading.MarkAboveReadAsync(user, new EntryQuery(FeedId: feed), new EntryCursor(bottom.SortAt, bottom.Id), upTo));

        var mine = await Entries.ListAsync(user, new EntryQuery(Limit: 100));
        Assert.False(mine.Single(e => e.Title == "Title late").IsRead);
        Assert.False(mine.Single(e => e.Title == "Title x").IsRead);
        Assert.False(mine.Single(e => e.Id == bottom.Id).IsRead);
        Assert.Equal(5, mine.Count(e => e.IsRead));
        Assert.Equal(0, (await Entries.ListAsync(bob, new EntryQuery(Limit: 100))).Count(e => e.IsRead));
    }

    [Fact]
    public async Task Keep_unread_marks_unread_is_scoped_to_the_user_and_ends_when_marked_above()
    {
        var (user, feed, list) = await SeedAsync(3);
        var bob = await NewUserAsync("bob");
        var last = list[^1];
        await Entries.SetReadAsync(user, [list[0].Id], true);

        Assert.True(await Reading.SetKeepUnreadAsync(user, list[0].Id, true));
        Assert.False(await Reading.SetKeepUnreadAsync(bob, list[0].Id, true)); // bob has no such entry
        Assert.True(await Reading.IsKeptUnreadAsync(user, list[0].Id));
        Assert.False(await Reading.IsKeptUnreadAsync(bob, list[0].Id));
        Assert.False((await Entries.GetAsync(user, list[0].Id))!.IsRead);

        await Reading.MarkAboveReadAsync(user, new EntryQuery(FeedId: feed), new EntryCursor(last.SortAt, last.Id), T0.AddDays(1));
        Assert.True((await Entries.GetAsync(user, list[0].Id))!.IsRead);
        Assert.False(await Reading.IsKeptUnreadAsync(user, list[0].Id));

        Assert.True(await Reading.SetKeepUnreadAsync(user, list[1].Id, true));
        Assert.True(await Reading.SetKeepUnreadAsync(user, list[1].Id, false));
        Assert.False(await Reading.IsKeptUnreadAsync(user, list[1].Id));
        Assert.False((await Entries.GetAsync(user, list[1].Id))!.IsRead); // letting go leaves it unread
    }
}

public sealed class SqliteEntryActionsStoreTests() : EntryActionsStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresEntryActionsStoreTests() : EntryActionsStoreTests(DatabaseProvider.Postgres);
