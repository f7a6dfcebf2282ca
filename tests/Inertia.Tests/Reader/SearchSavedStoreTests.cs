using Inertia.Storage;
using Inertia.Tests.Storage;

namespace Inertia.Tests.Reader;

/// <summary>Saved searches and the search date range, on both dialects.</summary>
public abstract class SearchSavedStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private SavedSearchStore Saved => new(Db);
    private SearchStore Search => new(Db);

    [Fact]
    public async Task A_saved_search_keeps_its_filters_and_is_per_user()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var category = await Subscriptions.GetOrCreateCategoryAsync(alice, "Security");
        var query = new SearchQuery("漏洞 \"zero day\"", EntryFilter.Unread, FeedId: null, CategoryId: category,
            From: SavedSearch.StartOf(new DateOnly(2026, 11, 1)), To: SavedSearch.EndOf(new DateOnly(2026, 11, 28)), NewestFirst: true);

        var id = await Saved.CreateAsync(alice, "  Security news  ", query);

        var found = await Saved.GetAsync(alice, id);
        Assert.NotNull(found);
        Assert.Equal("Security news", found.Name);
        Assert.Equal("漏洞 \"zero day\"", found.Query);
        Assert.Equal(EntryFilter.Unread, found.Filter);
        Assert.Equal(category, found.CategoryId);
        Assert.Null(found.FeedId);
        Assert.Equal(new DateOnly(2026, 11, 1), found.Since);
        Assert.Equal(new DateOnly(2026, 11, 28), found.Until);
        Assert.True(found.NewestFirst);
        Assert.Equal(query with { Limit = 10 }, found.ToQuery(10));

        // Bob sees nothing of Alice's, and cannot rename or delete it.
        Assert.Null(await Saved.GetAsync(bob, id));
        Assert.Empty(await Saved.ListAsync(bob));
        Assert.False(await Saved.RenameAsync(bob, id, "mine now"));
        Assert.False(await Saved.DeleteAsync(bob, id));
        Assert.Equal("Security news", (await Saved.GetAsync(alice, id))!.Name);

        Assert.True(await Saved.RenameAsync(alice, id, "漏洞"));
        Assert.Equal(["漏洞"], (await Saved.ListAsync(alice)).Select(s => s.Name));
        await Assert.ThrowsAsync<ArgumentException>(() => Saved.RenameAsync(alice, id, "   "));
        await Assert.ThrowsAsync<ArgumentException>(() => Saved.CreateAsync(alice, "empty", new SearchQuery(" ")));
    }

    [Fact]
    public async Task Deleting_a_saved_search_revokes_its_output_feed()
    {
        var alice = await NewUserAsync("alice");
        var id = await Saved.CreateAsync(alice, "Rust", new SearchQuery("rust"));
        var keep = await Saved.CreateAsync(alice, "Go", new SearchQuery("golang"));
        var publicStore = new PublicStore(Db);
        var token = await publicStore.GetOrCreateTokenAsync(alice, $"search:{id}");
        var kept = await publicStore.GetOrCreateTokenAsync(alice, $"search:{keep}");

        Assert.True(await Saved.DeleteAsync(alice, id));

        Assert.Null(await Saved.GetAsync(alice, id));
        Assert.Null(await publicStore.FindTokenAsync(token.Token));
        Assert.NotNull(await publicStore.FindTokenAsync(kept.Token));
        Assert.Equal(["Go"], (await Saved.ListAsync(alice)).Select(s => s.Name));
    }

    [Fact]
    public async Task Since_and_until_days_are_inclusive_at_both_ends()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);
        await Entries.UpsertAsync(feed,
        [
            Entry("before", At(9, 23, 59), "kernel before"),
            Entry("first", At(10, 0, 0), "kernel first day"),
            Entry("middle", At(11, 12), "kernel middle"),
            Entry("last", new DateTimeOffset(2026, 11, 12, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), "kernel last moment"),
            Entry("after", At(13, 0, 0), "kernel after"),
        ], At(20, 0));
        var id = await Saved.CreateAsync(user, "Kernel", new SearchQuery("kernel",
            From: SavedSearch.StartOf(new DateOnly(2026, 11, 10)), To: SavedSearch.EndOf(new DateOnly(2026, 11, 12)), NewestFirst: true));
        var saved = (await Saved.GetAsync(user, id))!;

        var titles = (await Search.SearchAsync(user, saved.ToQuery(50))).Select(h => h.Entry.Title).ToList();

        Assert.Equal(["kernel last moment", "kernel middle", "kernel first day"], titles);
        Assert.Equal(["kernel after", "kernel last moment", "kernel middle", "kernel first day"],
            (await Search.SearchAsync(user, saved.ToQuery(50) with { To = null })).Select(h => h.Entry.Title));
        Assert.Equal(["kernel middle", "kernel first day", "kernel before"],
            (await Search.SearchAsync(user, saved.ToQuery(50) with { From = null, To = SavedSearch.EndOf(new DateOnly(2026, 11, 11)) })).Select(h => h.Entry.Title));
    }
}

public sealed class SqliteSearchSavedStoreTests() : SearchSavedStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresSearchSavedStoreTests() : SearchSavedStoreTests(DatabaseProvider.Postgres);
