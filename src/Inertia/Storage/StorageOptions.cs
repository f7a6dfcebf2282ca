namespace Inertia.Storage;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Bound from the "Storage" configuration section (env: Storage__Provider, Storage__ConnectionString).</summary>
public sealed class StorageOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite: a connection string or empty (then "Data Source={DataDirectory}/inertia.db").
    /// Postgres: an Npgsql connection string (required).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long entries are kept ("Storage:Retention"), applied by <see cref="StorageMaintenance"/>.</summary>
    public RetentionSettings Retention { get; set; } = new();

    /// <summary>Fetches kept per feed in the fetch log shown on the feed's health page.</summary>
    public int FetchLogSize { get; set; } = 20;
}
