using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Inertia.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Inertia.Storage;

/// <summary>
/// The one database API: opens connections for the configured provider and knows its SQL dialect.
/// Migrations run once at start (<see cref="MigrateAsync"/>).
/// </summary>
/// <remarks>
/// Durability. SQLite: WAL journal, synchronous=FULL (see <see cref="OpenAsync"/>), every multi-statement write in
/// one transaction, so an acknowledged action survives a process kill and a power loss, and a crash mid-write leaves
/// the previous state. Ingest writes (entries of a fetched feed, fetch bookkeeping) use <see cref="Durability.Ingest"/>
/// instead: still atomic and durable across a process crash; only an OS crash or power loss can lose the last
/// refresh, which the next refresh fetches again. Back it up online with <see cref="BackupSqliteAsync"/> (copying the
/// file while the server runs is not safe); the search index's own file (<see cref="Search.SqliteSearchFile"/>) needs
/// no backup: it is rebuilt from the entries when missing or ahead of the database. PostgreSQL: its defaults
/// (synchronous_commit=on, fsync=on) give the same guarantee; back it up with pg_dump (logical, consistent while
/// running) or base backups + WAL archiving for point-in-time recovery.
/// </remarks>
public sealed class Database : IAsyncDisposable, IDisposable
{
    // Arbitrary constant: the PostgreSQL advisory lock that serializes migrations across nodes.
    private const long MigrationLockKey = 0x1E27_1A00_0001;

    private readonly string? _sqliteConnectionString;
    // The durability each physical SQLite connection was last set to (null: never configured), kept beside the
    // native handle that connection pooling reuses.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, StrongBox<Durability?>> s_applied = new();
    private readonly NpgsqlDataSource? _postgres;

    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqliteLibrary.Configure();
    }

    public Database(StorageOptions options)
    {
        Provider = options.Provider;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                _sqliteConnectionString = SqliteConnectionString(options);
                SearchFile = new Search.SqliteSearchFile(_sqliteConnectionString);
                _checkpointer = new WalCheckpointer(ct => OpenAsync(Durability.Ingest, ct));
                _ingestSlots = new SemaphoreSlim(MaxSqliteIngestWrites, MaxSqliteIngestWrites);
                Dialect = SqlDialect.Sqlite;
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres.");
                _postgres = NpgsqlDataSource.Create(PostgresConnectionString(options.ConnectionString));
                _ingestSlots = new SemaphoreSlim(MaxPostgresIngestWrites, MaxPostgresIngestWrites);
                Dialect = SqlDialect.Postgres;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider.");
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Batches feeds' check bookkeeping (see <see cref="FeedCheckWriter"/>); one per database.</summary>
    internal FeedCheckWriter Checks => _checks ??= new FeedCheckWriter(this);
    private FeedCheckWriter? _checks;

    internal SqlDialect Dialect { get; }

    /// <summary>SQLite: the search index's own file; null on PostgreSQL, whose index is a table of the database.</summary>
    internal Search.SqliteSearchFile? SearchFile { get; }

    /// <summary>A connection for search queries: it sees the entries, the states and the search index.</summary>
    internal Task<DbConnection> OpenSearchReaderAsync(CancellationToken ct = default) =>
        SearchFile is { } file ? file.OpenReaderAsync(ct) : OpenAsync(ct);

    // SQLite has one writer at a time. Ingest workers (16 by default) that race for the lock through busy_timeout
    // sleep in growing steps while the lock sits free, and under load some waited past the timeout ("database is
    // locked"); queueing them here hands the lock over at once and in order. Only this process's ingest writes.
    private readonly SemaphoreSlim _ingestWriteGate = new(1, 1);

    /// <summary>
    /// Serializes this process's ingest write transactions on SQLite (dispose the result to release); a no-op on
    /// PostgreSQL, whose row locks let writers proceed in parallel.
    /// </summary>
    internal async Task<IDisposable?> IngestWriteGateAsync(CancellationToken ct)
    {
        if (_postgres is not null) return null;
        await _ingestWriteGate.WaitAsync(ct);
        return new Release(_ingestWriteGate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;
        public void Dispose() { if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release(); }
    }

    /// <summary>Most writes one group transaction takes (bounds how long the group holds the write lock).</summary>
    private const int MaxIngestGroup = 64;

    /// <summary>
    /// Ingest writes in flight at once, queued or running; a caller past the limit waits for a slot. SQLite: refresh
    /// workers hand their entries over without waiting for the commit, and each queued write holds its feed's
    /// sanitized entries, so this bounds memory (a group's worth: twice that took 20–30 MB more at the peak of a
    /// 10,000-feed cold refresh and was no faster, docs/benchmarks.md). PostgreSQL: each write runs on a connection of
    /// its own, so this keeps the pool's other connections for readers.
    /// </summary>
    private const int MaxSqliteIngestWrites = MaxIngestGroup, MaxPostgresIngestWrites = 16;

    /// <summary>This provider's limit of ingest writes in flight (<see cref="QueueIngestAsync{T}"/>).</summary>
    internal int IngestWriteLimit => _postgres is null ? MaxSqliteIngestWrites : MaxPostgresIngestWrites;

    private readonly SemaphoreSlim _ingestSlots;

    private readonly System.Collections.Concurrent.ConcurrentQueue<IngestWrite> _ingestQueue = new();
    private int _ingestWriterActive;

    /// <summary>
    /// Runs an ingest write (<see cref="Durability.Ingest"/>) in a transaction and returns its result once committed.
    /// SQLite: group commit. Writes queued by concurrent refresh workers run one after another in a single
    /// transaction (each inside its own savepoint, so a write that fails rolls back alone and fails only its caller),
    /// under the ingest gate; a refresh of thousands of feeds then pays for a few hundred commits instead of
    /// thousands, and no worker holds the write lock while it parses or sanitizes. PostgreSQL: a transaction of its
    /// own, in parallel with the others.
    /// </summary>
    /// <remarks><paramref name="work"/> must only use the connection and transaction it is given (no other ingest
    /// write, no other connection), and may run again if it is retried: keep it free of side effects outside the
    /// database.</remarks>
    internal async Task<T> IngestAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct = default) =>
        await (await QueueIngestAsync(work, ct));

    /// <summary>
    /// <see cref="IngestAsync{T}"/> in two steps: returns once the write has one of the slots (SQLite: once it is
    /// queued for the group writer, so writes keep the order of these calls), with the task of its result, which
    /// completes once it is committed. A refresh worker hands its entries over this way and goes on with the next feed.
    /// </summary>
    internal async Task<Task<T>> QueueIngestAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        await _ingestSlots.WaitAsync(ct);
        return RunIngestAsync(work, ct);
    }

    private async Task<T> RunIngestAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        try
        {
            if (_postgres is not null)
            {
                await using var connection = await OpenAsync(Durability.Ingest, ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                var result = await work(connection, tx, ct);
                await tx.CommitAsync(ct);
                return result;
            }
            var write = new IngestWrite<T>(work, ct);
            _ingestQueue.Enqueue(write);
            if (Interlocked.CompareExchange(ref _ingestWriterActive, 1, 0) == 0)
                _ = Task.Run(IngestWriterAsync, CancellationToken.None);
            return await write.Completion;
        }
        finally
        {
            _ingestSlots.Release();
        }
    }

    /// <summary>One statement as an ingest write (<see cref="IngestAsync{T}"/>): the background workers' small writes
    /// (claims, icons, WebSub) join the refreshes' group commit instead of taking the write lock on a connection of
    /// their own, which also kept the group writer waiting and made it drop its page cache.</summary>
    internal Task<int> IngestExecuteAsync(string sql, object parameters, CancellationToken ct = default) =>
        IngestAsync((connection, tx, token) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: token)), ct);

    /// <summary>The one group writer: runs while writes are queued, then exits (restarted by the next write).</summary>
    private async Task IngestWriterAsync()
    {
        while (true)
        {
            while (!_ingestQueue.IsEmpty) await WriteIngestGroupAsync();
            Volatile.Write(ref _ingestWriterActive, 0);
            // A write queued between the emptiness check and the reset would otherwise wait for the next one.
            if (_ingestQueue.IsEmpty || Interlocked.CompareExchange(ref _ingestWriterActive, 1, 0) != 0) return;
        }
    }

    private async Task WriteIngestGroupAsync()
    {
        var group = new List<IngestWrite>();
        while (group.Count < MaxIngestGroup && _ingestQueue.TryDequeue(out var queued))
            if (!queued.Cancelled) group.Add(queued);
        if (group.Count == 0) return;

        var done = new List<IngestWrite>(group.Count);
        try
        {
            using var gate = await IngestWriteGateAsync(CancellationToken.None);
            var connection = await GroupWriterConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            foreach (var write in group)
            {
                if (group.Count == 1)
                {
                    await write.RunAsync(connection, tx); // alone: its failure rolls the whole transaction back
                    done.Add(write);
                    continue;
                }
                await tx.SaveAsync("ingest_write");
                try
                {
                    await write.RunAsync(connection, tx);
                    await tx.ReleaseAsync("ingest_write");
                    done.Add(write);
                }
                catch (Exception e)
                {
                    await tx.RollbackAsync("ingest_write");
                    await tx.ReleaseAsync("ingest_write");
                    write.Fail(e);
                }
            }
            await tx.CommitAsync();
            _checkpointer?.Committed();
        }
        catch (Exception e)
        {
            // Nothing of the group was committed: every write not failed yet fails with the cause. The connection
            // goes too, whatever state the failure left it in.
            await CloseGroupWriterConnectionAsync();
            foreach (var write in group) write.Fail(e);
            return;
        }
        foreach (var write in done) write.Complete();
    }

    // The group writer's own connection, kept open from one group to the next (used only under the ingest gate).
    // SQLite drops a connection's page cache whenever another connection has written since its last transaction; a
    // pooled connection taken per group had lost it every time (the refresh workers' reads and other writes go through
    // the pool), so each group read its index pages again. As the one ingest writer, this connection keeps them.
    private DbConnection? _groupWriterConnection;

    private async Task<DbConnection> GroupWriterConnectionAsync()
    {
        if (_groupWriterConnection is { } open) return open;
        var connection = await OpenAsync(Durability.Ingest);
        // Its checkpoints run beside it (WalCheckpointer); past the backstop it makes its own.
        // temp_store = MEMORY keeps the sub-journal in memory: each write of a group runs in a savepoint, and SQLite
        // copies every existing page a savepoint changes into that journal (so it can roll the write back alone),
        // which past 64 KB went to a temporary file, two pwrite calls per page. In a 10,000-feed cold refresh that file
        // took 4–5 times the bytes of the WAL itself (docs/benchmarks.md). In memory it is emptied at each release,
        // so it never holds more than the pages of one write.
        // mmap_size = 0: the writer's index descents reach every part of the file, and through the map each page they
        // touched stayed in the process's resident memory (1.6 GB after a cold refresh of 10,000 feeds, against
        // 0.5 GB without it); its own page cache serves it as fast (docs/benchmarks.md).
        await connection.ExecuteAsync(
            $"PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterBackstopPages}; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 0;");
        return _groupWriterConnection = connection;
    }

    private readonly WalCheckpointer? _checkpointer;

    private async Task CloseGroupWriterConnectionAsync()
    {
        if (_groupWriterConnection is { } connection)
        {
            _groupWriterConnection = null;
            // Back to the pool as any other connection: SQLite's own checkpoint threshold and temporary storage, the map.
            try { await connection.ExecuteAsync($"PRAGMA wal_autocheckpoint = 1000; PRAGMA temp_store = DEFAULT; PRAGMA mmap_size = {MapSize};"); }
            catch (SqliteException) { SqliteConnection.ClearPool((SqliteConnection)connection); }
            await connection.DisposeAsync();
        }
    }

    private abstract class IngestWrite
    {
        public abstract bool Cancelled { get; }
        public abstract Task RunAsync(DbConnection connection, DbTransaction tx);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class IngestWrite<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct) : IngestWrite
    {
        // Continuations run on the caller's side, never on the group writer.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;
        public override bool Cancelled => ct.IsCancellationRequested && _completion.TrySetCanceled(ct);
        public override async Task RunAsync(DbConnection connection, DbTransaction tx) => _result = await work(connection, tx, ct);
        public override void Complete() => _completion.TrySetResult(_result!);
        public override void Fail(Exception e) => _completion.TrySetException(e);
    }

    private readonly SemaphoreSlim _searchPending = new(0, 1);

    /// <summary>Entries were queued in search_pending: wakes the background <see cref="Search.SearchIndexer"/>.</summary>
    internal void SignalSearchPending() => _searchPending.Wake();

    /// <summary>Waits until <see cref="SignalSearchPending"/> or the timeout; false on timeout.</summary>
    internal Task<bool> WaitSearchPendingAsync(TimeSpan timeout, CancellationToken ct) => _searchPending.WaitAsync(timeout, ct);

    private readonly SemaphoreSlim _readHorizonsPending = new(0, 1);

    /// <summary>A mark-read wrote read horizons: wakes the background <see cref="ReadState.ReadHorizonSweeper"/>.</summary>
    internal void SignalReadHorizons() => _readHorizonsPending.Wake();

    /// <summary>Waits until <see cref="SignalReadHorizons"/> or the timeout; false on timeout.</summary>
    internal Task<bool> WaitReadHorizonsAsync(TimeSpan timeout, CancellationToken ct) => _readHorizonsPending.WaitAsync(timeout, ct);

    /// <summary>A connection for user actions and everything else: commits survive a power loss.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken ct = default) => OpenAsync(Durability.Full, ct);

    /// <summary>
    /// A transaction on <paramref name="connection"/> with the dialect's planner <paramref name="settings"/> applied
    /// (SET LOCAL lasts until its end), or null when there are none: the statement then runs on its own.
    /// </summary>
    internal static async Task<DbTransaction?> BeginWithSettingsAsync(DbConnection connection, string settings, CancellationToken ct)
    {
        if (settings.Length == 0) return null;
        var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(settings, transaction: tx, cancellationToken: ct));
        return tx;
    }

    /// <summary>SQLite's memory map of a file for every connection but the group writer's (the search file's too): its
    /// largest size (2 GB).</summary>
    internal const long MapSize = 2147418112;

    /// <summary>A connection whose commits are as durable as <paramref name="durability"/> asks.</summary>
    public async Task<DbConnection> OpenAsync(Durability durability, CancellationToken ct = default)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(ct);

        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // synchronous=FULL: in WAL mode every commit fsyncs the WAL before it is acknowledged, so an acknowledged
            // write survives not only a process crash (NORMAL would already do that) but also an OS crash or power
            // loss. The price is one fsync per transaction, which batched writes (one transaction per fetched feed,
            // one statement per mark-all-read) keep small. Ingest (thousands of feeds per refresh, two commits each)
            // asks for NORMAL: no fsync per commit, the WAL is synced at checkpoints; what a power loss could take
            // is re-fetched by the next refresh.
            // cache_size and mmap_size: SQLite's default 2 MB page cache, read page by page with one read() call each,
            // made a 20,000-entry import re-read 92 GB (FTS5 segment merges, index probes) through system calls.
            // The memory map serves those reads from the OS page cache directly and is shared by all connections; the
            // larger private cache (16 MB, allocated only as used) keeps hot index pages per connection. The map
            // covers up to SQLite's 2 GB limit: with 256 MB, a 1.4 GB database after a 10,000-feed refresh was read
            // through pread copies again (cold refresh 5 % more CPU, 60-90 MB more private memory).
            // These are per physical connection, which pooling reuses: they are sent when one is new or was last
            // opened for the other durability, not on every open (a pooled open then runs no statement at all).
            var applied = s_applied.GetOrCreateValue(connection.Handle!);
            if (applied.Value != durability)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = (durability == Durability.Ingest ? "PRAGMA synchronous = NORMAL;" : "PRAGMA synchronous = FULL;")
                    + (applied.Value is null ? $" PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384; PRAGMA mmap_size = {MapSize};" : "");
                await pragma.ExecuteNonQueryAsync(ct);
                applied.Value = durability;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies every numbered migration of the provider's dialect not applied yet.</summary>
    /// <remarks>
    /// All pending migrations run in one transaction, so a failure leaves the previous version intact. Concurrent
    /// starts are serialized: SQLite by the write lock BEGIN IMMEDIATE takes, PostgreSQL by an advisory lock held until
    /// commit; the second starter then finds everything applied.
    /// </remarks>
    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync(upTo: null, ct);

    /// <summary>Applies pending migrations up to <paramref name="upTo"/> (all when null); tests use it to build every earlier version.</summary>
    internal async Task MigrateAsync(long? upTo, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the file and cannot change inside a transaction: set it before migrating.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            // A table rebuild (SQLite's only way to drop a constraint) drops the old table; with foreign keys on
            // that would cascade into every child row. Off while migrating (it cannot change inside a transaction),
            // checked before commit, on again after.
            await connection.ExecuteAsync("PRAGMA foreign_keys = OFF;");
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        if (Provider == DatabaseProvider.Postgres)
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, tx);

        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            transaction: tx);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations", transaction: tx)).ToHashSet();

        var applying = 0;
        foreach (var migration in Migrations(Dialect.MigrationFolder))
        {
            if (applied.Contains(migration.Version) || migration.Version > upTo) continue;
            applying++;
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @now)",
                new { migration.Version, migration.Name, now = Micros.From(DateTimeOffset.UtcNow) }, tx);
        }
        if (Provider == DatabaseProvider.Sqlite)
        {
            var broken = (await connection.QueryAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check", transaction: tx)).ToList();
            if (broken.Count > 0)
                throw new InvalidOperationException($"Migrating left rows without their parent in: {string.Join(", ", broken.Distinct())}.");
        }
        await tx.CommitAsync(ct);

        if (SearchFile is { } searchFile)
        {
            await connection.ExecuteAsync("PRAGMA foreign_keys = ON;");
            if (upTo is null) await searchFile.EnsureAsync(connection, ct); // what it needs is in the newest version
            await OptimizeAsync(ct);
            // A migration that rewrites a table (022 rewrote entries: 6 GB of WAL at a million entries) leaves a WAL
            // file that large; SQLite reuses it but never shrinks it. Copy it back and truncate it to zero now.
            if (applying > 0) await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken: ct));
        }
    }

    /// <summary>
    /// Refreshes the query planner's statistics where they are stale. SQLite has no autovacuum daemon: without
    /// statistics it cannot tell that an index range (a user's unread rows, a category) is far smaller than the table,
    /// so call this at start (MigrateAsync does) and periodically, e.g. hourly. PostgreSQL's autovacuum does this on its own.
    /// </summary>
    public async Task OptimizeAsync(CancellationToken ct = default)
    {
        if (Provider != DatabaseProvider.Sqlite) return;
        await using var connection = await OpenAsync(ct);
        // 0x10002: also analyze tables that have never been analyzed; analysis_limit samples rows instead of reading
        // whole indexes, so this stays quick on a large database.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;", cancellationToken: ct));
    }

    /// <summary>Versions recorded in schema_migrations, ascending.</summary>
    public async Task<IReadOnlyList<long>> AppliedMigrationsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations ORDER BY version", cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Online backup of the SQLite database into <paramref name="path"/> (overwritten): consistent even while the
    /// server writes. PostgreSQL is backed up with pg_dump instead.
    /// </summary>
    public async Task BackupSqliteAsync(string path, CancellationToken ct = default)
    {
        if (Provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException("Online backup is for SQLite; back up PostgreSQL with pg_dump.");
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (File.Exists(full)) File.Delete(full);

        await using var source = (SqliteConnection)await OpenAsync(ct);
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
    }

    internal sealed record Migration(long Version, string Name, string Sql);

    /// <summary>Embedded "migrations/{folder}/NNN_name.sql" in version order.</summary>
    internal static IReadOnlyList<Migration> Migrations(string folder)
    {
        var assembly = typeof(Database).Assembly;
        var prefix = $"migrations/{folder}/";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var file = name[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !long.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"Migration {name} is not named NNN_description.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
            if (list[i].Version == list[i - 1].Version)
                throw new InvalidOperationException($"Two {folder} migrations share version {list[i].Version}.");
        return list;
    }

    /// <summary>
    /// Statements this process runs again and again (the reader's lists, counts, the refresher's writes) are prepared on
    /// the server after a few uses: planning the list query's joins took longer than running it (measured at a
    /// million entries: 3.9 ms planning, 1.6 ms execution). A connection string that sets these keeps its values.
    /// A connection goes back to the pool without Npgsql's session reset: its DISCARD TEMP invalidates every cached
    /// plan, so each prepared statement was planned again at its next use (the list's 2 ms on every page). Nothing
    /// here keeps session state: settings are SET LOCAL, locks transaction-scoped, and Npgsql still rolls back a
    /// transaction left open.
    /// </summary>
    private static string PostgresConnectionString(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!Mentions(configured, "Auto Prepare", "AutoPrepare"))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 3;
        }
        if (!Mentions(configured, "Reset On Close", "ResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;

        static bool Mentions(string s, params string[] keys) => keys.Any(k => s.Contains(k, StringComparison.OrdinalIgnoreCase));
    }

    private static string SqliteConnectionString(StorageOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(options.ConnectionString)
                ? $"Data Source={Path.Combine(options.DataDirectory, "inertia.db")}"
                : options.ConnectionString)
        {
            ForeignKeys = true,
            Mode = SqliteOpenMode.ReadWriteCreate,
        };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }
        return builder.ToString();
    }

    public void Dispose()
    {
        _postgres?.Dispose();
        // A group being written keeps the connection until it ends (the gate); a stopped host has none.
        if (_ingestWriteGate.Wait(TimeSpan.FromSeconds(30)))
        {
            try { CloseGroupWriterConnectionAsync().GetAwaiter().GetResult(); }
            finally { _ingestWriteGate.Release(); }
        }
        _checkpointer?.WaitForRunning(TimeSpan.FromSeconds(30));
        if (_sqliteConnectionString is not null)
        {
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
            SearchFile?.ClearPools();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
