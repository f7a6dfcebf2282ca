using Inertia.Storage;

namespace Inertia.Tests.Storage;

public abstract class UserStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Fact]
    public async Task A_created_user_is_found_by_id_and_by_name_in_any_case()
    {
        var id = await Users.CreateAsync("Alice", "hash1", isAdmin: true);
        var byId = await Users.GetAsync(id);
        Assert.NotNull(byId);
        Assert.Equal(("Alice", "hash1", true, "", "system"), (byId.Username, byId.PasswordHash, byId.IsAdmin, byId.Language, byId.Theme));
        Assert.InRange(byId.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(id, (await Users.FindByNameAsync("aLICE"))?.Id);
        Assert.Null(await Users.FindByNameAsync("bob"));
        Assert.Null(await Users.GetAsync(id + 1000));
    }

    [Fact]
    public async Task A_taken_name_in_another_case_is_a_duplicate()
    {
        await Users.CreateAsync("alice", "h", isAdmin: false);
        var e = await Assert.ThrowsAsync<DuplicateException>(() => Users.CreateAsync("ALICE", "h2", isAdmin: false));
        Assert.Contains("ALICE", e.Message);
        Assert.Equal(1, await Users.CountAsync());
    }

    [Fact]
    public async Task List_count_password_and_preferences()
    {
        Assert.Equal(0, await Users.CountAsync());
        var a = await Users.CreateAsync("alice", "h", isAdmin: true);
        var b = await Users.CreateAsync("鲍勃", "h", isAdmin: false);
        Assert.Equal(2, await Users.CountAsync());
        Assert.Equal(["alice", "鲍勃"], (await Users.ListAsync()).Select(u => u.Username));

        await Users.SetPasswordAsync(b, "new-hash");
        await Users.SetPreferencesAsync(b, "zh-CN", "dark");
        var bob = await Users.GetAsync(b);
        Assert.Equal(("new-hash", "zh-CN", "dark"), (bob!.PasswordHash, bob.Language, bob.Theme));
        Assert.Equal("h", (await Users.GetAsync(a))!.PasswordHash);
    }
}

public sealed class SqliteUserStoreTests() : UserStoreTests(DatabaseProvider.Sqlite);
public sealed class PostgresUserStoreTests() : UserStoreTests(DatabaseProvider.Postgres);
