using Inertia.Storage;

namespace Inertia.Tests.Infrastructure;

/// <summary>
/// A fresh database on the shared <see cref="PostgresServer"/> for one test class (IClassFixture&lt;PostgresDatabaseFixture&gt;),
/// dropped when the class is done. Not migrated: start Inertia on it, or call Database.MigrateAsync.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public StorageOptions Options => new() { Provider = DatabaseProvider.Postgres, ConnectionString = ConnectionString };

    public async Task InitializeAsync() => ConnectionString = await PostgresServer.Instance.CreateDatabaseAsync("class");

    public async Task DisposeAsync() => await PostgresServer.Instance.DropDatabaseAsync(ConnectionString);
}
