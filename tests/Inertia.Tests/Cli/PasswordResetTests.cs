using Inertia.Storage;
using Inertia.Tests.Support;

namespace Inertia.Tests.Cli;

/// <summary>`inertia user passwd` on a running install: the new password works and every old session is ended.</summary>
public sealed class PasswordResetTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("inertia-passwd-").FullName;

    [Fact]
    public async Task Resetting_a_password_signs_out_every_session()
    {
        await using var server = await InertiaProcess.StartAsync(dataDir);
        using (var first = new WebSession(server.BaseUri)) await first.SignInAsync(InertiaServer.AdminUser, InertiaServer.AdminPassword);
        using (var second = new WebSession(server.BaseUri)) await second.SignInAsync(InertiaServer.AdminUser, InertiaServer.AdminPassword);

        await using var database = new Database(new StorageOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDir });
        var admin = await new UserStore(database).FindByNameAsync(InertiaServer.AdminUser);
        Assert.NotNull(admin);
        var sessions = new SessionStore(database);
        Assert.Equal(2, (await sessions.ListAsync(admin.Id)).Count);

        var (code, output) = await InertiaProcess.RunCommandAsync("user", "passwd", InertiaServer.AdminUser, "--password", "a-new-secret-9", "--data-dir", dataDir);
        Assert.True(code == 0, output);
        Assert.Contains("signed out 2 session(s)", output);
        Assert.Empty(await sessions.ListAsync(admin.Id));

        using var again = new WebSession(server.BaseUri);
        await again.SignInAsync(InertiaServer.AdminUser, "a-new-secret-9");
        Assert.Single(await sessions.ListAsync(admin.Id));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
