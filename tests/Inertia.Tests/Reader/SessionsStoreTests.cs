using Inertia.Storage;
using Inertia.Tests.Storage;

namespace Inertia.Tests.Reader;

/// <summary>Sign-in sessions and reading preferences in the database, on both dialects.</summary>
public abstract class SessionsStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private SessionStore Sessions => new(Db);

    [Fact]
    public async Task Sessions_are_listed_ended_and_scoped_per_user()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var laptop = await Sessions.CreateAsync(alice, "Firefox on Linux", "10.0.0.1", TimeSpan.FromDays(30));
        var phone = await Sessions.CreateAsync(alice, new string('x', 1000), "10.0.0.2", TimeSpan.FromDays(30));
        var tablet = await Sessions.CreateAsync(alice, null, null, TimeSpan.FromDays(30));
        var bobs = await Sessions.CreateAsync(bob, "Chromium", "10.0.0.9", TimeSpan.FromDays(30));
        Assert.Equal(4, new[] { laptop, phone, tablet, bobs }.Distinct().Count());

        var mine = await Sessions.ListAsync(alice);
        Assert.Equal(3, mine.Count);
        Assert.All(mine, s => Assert.Equal(alice, s.UserId));
        Assert.Equal(400, mine.Single(s => s.Id == phone).UserAgent.Length);
        Assert.Equal("10.0.0.1", mine.Single(s => s.Id == laptop).Ip);

        // Bob can neither see nor end Alice's sessions.
        Assert.Null(await Sessions.GetAsync(bob, laptop));
        Assert.False(await Sessions.DeleteAsync(bob, laptop));
        Assert.NotNull(await Sessions.GetAsync(alice, laptop));

        var later = DateTimeOffset.UtcNow.AddMinutes(10);
        await Sessions.TouchAsync(phone, later, "10.0.0.3");
        var touched = (await Sessions.GetAsync(alice, phone))!;
        Assert.Equal("10.0.0.3", touched.Ip);
        Assert.Equal(phone, (await Sessions.ListAsync(alice))[0].Id); // most recently used first

        Assert.True(await Sessions.DeleteAsync(alice, tablet));
        Assert.Null(await Sessions.GetAsync(alice, tablet));

        var ended = await Sessions.DeleteOthersAsync(alice, laptop);
        Assert.Equal([phone], ended);
        Assert.Equal([laptop], (await Sessions.ListAsync(alice)).Select(s => s.Id));
        Assert.Equal([bobs], (await Sessions.ListAsync(bob)).Select(s => s.Id));
    }

    [Fact]
    public async Task A_new_sign_in_drops_the_users_expired_sessions()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var old = await Sessions.CreateAsync(alice, "old", "", TimeSpan.FromDays(30));
        var bobs = await Sessions.CreateAsync(bob, "old too", "", TimeSpan.FromDays(30));
        await Sessions.TouchAsync(old, DateTimeOffset.UtcNow.AddDays(-40), null);
        await Sessions.TouchAsync(bobs, DateTimeOffset.UtcNow.AddDays(-40), null);

        var fresh = await Sessions.CreateAsync(alice, "new", "", TimeSpan.FromDays(30));

        Assert.Equal([fresh], (await Sessions.ListAsync(alice)).Select(s => s.Id));
        Assert.Equal([bobs], (await Sessions.ListAsync(bob)).Select(s => s.Id)); // only the signing-in user's
    }

    [Fact]
    public async Task Reading_preferences_round_trip_and_bad_values_become_defaults()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        Assert.Equal(ReadingPreferences.Default, await Users.GetReadingPreferencesAsync(alice));

        await Users.SetReadingPreferencesAsync(alice, new ReadingPreferences(25, ReadingPreferences.MarkReadOnScroll, "all", true));
        Assert.Equal(new ReadingPreferences(25, "scroll", "all", true), await Users.GetReadingPreferencesAsync(alice));
        Assert.Equal(ReadingPreferences.Default, await Users.GetReadingPreferencesAsync(bob));

        await Users.SetReadingPreferencesAsync(alice, new ReadingPreferences(100_000, "sometimes", "starred", false));
        Assert.Equal(new ReadingPreferences(ReadingPreferences.MaxPageSize, "open", "unread", false), await Users.GetReadingPreferencesAsync(alice));

        await Users.SetReadingPreferencesAsync(alice, new ReadingPreferences(null, ReadingPreferences.MarkReadNever, "unread", false));
        var never = await Users.GetReadingPreferencesAsync(alice);
        Assert.Null(never.PageSize);
        Assert.False(never.MarksReadOnOpen);
    }
}

public sealed class SqliteSessionsStoreTests() : SessionsStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresSessionsStoreTests() : SessionsStoreTests(DatabaseProvider.Postgres);
