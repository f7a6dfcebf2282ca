using Inertia.Storage;
using Microsoft.Data.Sqlite;

namespace Inertia.Tests.Infrastructure;

/// <summary>A fresh SQLite database file in its own temporary folder, deleted on dispose.</summary>
public sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "inertia-test-" + Guid.NewGuid().ToString("N"));
        Options = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = DataDirectory };
    }

    /// <summary>The folder the database lives in (created on first open); the file is {DataDirectory}/inertia.db.</summary>
    public string DataDirectory { get; }

    public string FilePath => Path.Combine(DataDirectory, "inertia.db");

    public StorageOptions Options { get; }

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
