using Dapper;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

public abstract class MigrationTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private static readonly string[] Tables = ["users", "feeds", "categories", "subscriptions", "entries", "entry_states", "schema_migrations"];

    [Fact]
    public async Task Migrating_an_empty_database_creates_the_schema_and_records_every_migration()
    {
        var embedded = Database.Migrations(Provider == DatabaseProvider.Sqlite ? "Sqlite" : "Postgres").Select(m => m.Version).ToList();
        Assert.NotEmpty(embedded);
        Assert.Equal(1, embedded[0]);
        Assert.Equal(embedded, await Db.AppliedMigrationsAsync());

        await using var connection = await Db.OpenAsync();
        var tables = Provider == DatabaseProvider.Sqlite
            ? await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")
            : await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        Assert.All(Tables, t => Assert.Contains(t, tables));
    }

    [Fact]
    public void Both_dialects_have_the_same_migration_versions()
    {
        Assert.Equal(
            Database.Migrations("Sqlite").Select(m => (m.Version, m.Name)),
            Database.Migrations("Postgres").Select(m => (m.Version, m.Name)));
    }

    [Fact]
    public async Task Running_migrations_again_changes_nothing()
    {
        var userId = await NewUserAsync();
        await Db.MigrateAsync();
        await Db.MigrateAsync();
        Assert.Equal(Database.Migrations(Provider == DatabaseProvider.Sqlite ? "Sqlite" : "Postgres").Count, (await Db.AppliedMigrationsAsync()).Count);
        Assert.NotNull(await Users.GetAsync(userId));
    }

    [Fact]
    public async Task Every_earlier_version_migrates_to_the_latest_keeping_its_data()
    {
        var versions = Database.Migrations(Provider == DatabaseProvider.Sqlite ? "Sqlite" : "Postgres").Select(m => m.Version).ToList();
        foreach (var version in versions)
        {
            var options = await NewOptionsAsync();
            await using (var db = new Database(options))
            {
                await db.MigrateAsync(upTo: version);
                Assert.Equal(versions.Where(v => v <= version), await db.AppliedMigrationsAsync());
                var userId = await new UserStore(db).CreateAsync($"user-at-{version}", "h", isAdmin: false);

                await db.MigrateAsync();
                Assert.Equal(versions, await db.AppliedMigrationsAsync());
                Assert.Equal($"user-at-{version}", (await new UserStore(db).GetAsync(userId))?.Username);
            }
            if (Provider == DatabaseProvider.Postgres)
                await Infrastructure.PostgresServer.Instance.DropDatabaseAsync(options.ConnectionString!);
        }
    }

    [Fact]
    public async Task Two_processes_migrating_the_same_empty_database_at_once_both_succeed()
    {
        var options = await NewOptionsAsync();
        await using var a = new Database(options);
        await using var b = new Database(options);
        await Task.WhenAll(Task.Run(() => a.MigrateAsync()), Task.Run(() => b.MigrateAsync()));
        Assert.Equal(await a.AppliedMigrationsAsync(), await b.AppliedMigrationsAsync());
        Assert.Equal(Database.Migrations(Provider == DatabaseProvider.Sqlite ? "Sqlite" : "Postgres").Count, (await a.AppliedMigrationsAsync()).Count);
        if (Provider == DatabaseProvider.Postgres)
            await Infrastructure.PostgresServer.Instance.DropDatabaseAsync(options.ConnectionString!);
    }
}

public sealed class SqliteMigrationTests() : MigrationTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Sqlite_creates_its_folder_and_runs_in_wal_mode_with_foreign_keys_and_full_sync()
    {
        var options = await NewOptionsAsync();
        Assert.False(Directory.Exists(options.DataDirectory));
        await using var db = new Database(options);
        await db.MigrateAsync();
        Assert.True(File.Exists(Path.Combine(options.DataDirectory, "inertia.db")));

        await using var connection = await db.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // 2 = FULL
    }

    [Fact]
    public async Task An_upgrade_that_rewrites_a_table_leaves_no_large_wal_behind()
    {
        var options = await NewOptionsAsync();
        await using var db = new Database(options);
        await db.MigrateAsync(upTo: 21);
        await using (var connection = await db.OpenAsync())
        {
            var feed = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO feeds (url, next_check_at, created_at) VALUES ('https://example.org/w', 0, 0) RETURNING id");
            // 2,000 entries of 2 KB: migration 022's DROP COLUMN rewrites them all through the WAL.
            await connection.ExecuteAsync(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO entries (feed_id, key, title, content, created_at, changed_at, sort_at, content_hash, search_pending)
                SELECT @feed, 'k' || i, 't', hex(zeroblob(1000)), 1, 1, i, 'h', FALSE FROM n
                """, new { feed });
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        var wal = Path.Combine(options.DataDirectory, "inertia.db-wal");

        await db.MigrateAsync();

        Assert.Contains(22L, await db.AppliedMigrationsAsync());
        Assert.Equal(0, new FileInfo(wal).Length);
        await using (var connection = await db.OpenAsync())
            Assert.Equal(2000L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task Backup_copies_a_consistent_database_while_it_is_open()
    {
        var userId = await NewUserAsync("backup-user");
        var target = Path.Combine(Path.GetTempPath(), "inertia-backup-" + Guid.NewGuid().ToString("N"), "copy.db");
        try
        {
            await Db.BackupSqliteAsync(target);
            await using var copy = new Database(new StorageOptions { ConnectionString = $"Data Source={target}" });
            Assert.Equal("backup-user", (await new UserStore(copy).GetAsync(userId))?.Username);
            await using var connection = await copy.OpenAsync();
            Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(target)!, recursive: true);
        }
    }
}

public sealed class PostgresMigrationTests() : MigrationTests(DatabaseProvider.Postgres);
