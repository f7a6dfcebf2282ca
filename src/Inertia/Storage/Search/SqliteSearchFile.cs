using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Inertia.Storage.Search;

/// <summary>
/// SQLite keeps the FTS5 search index in a database file of its own beside the main one (inertia.db →
/// inertia.search.db). SQLite lets one connection write a file at a time: in the main file every FTS5 write of the
/// <see cref="SearchIndexer"/> took that lock from the refreshes (about a quarter of the ingest writer's time in a
/// 10,000-feed cold refresh); in its own file the index is written on another core while refreshes store entries
/// (docs/benchmarks.md). Searches read both through a read-only connection to the main file with the index attached
/// as schema <c>search</c>, so their SQL names <c>entry_search</c> as before.
/// </summary>
/// <remarks>
/// The index can always be rebuilt from the entries, so the file is bound to its database only loosely: when it is
/// missing, or it holds entry ids the database has never assigned (an older database restored from a backup beside a
/// newer index), <see cref="EnsureAsync"/> starts it again empty and queues every entry.
/// </remarks>
internal sealed class SqliteSearchFile
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> s_attached = new();

    public SqliteSearchFile(string mainConnectionString)
    {
        var main = new SqliteConnectionStringBuilder(mainConnectionString);
        if (main.DataSource is not { Length: > 0 } file || file == ":memory:" || file.StartsWith("file:", StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"SQLite needs a database file path (not '{main.DataSource}'): the search index is kept in a file beside it.");
        Path = System.IO.Path.ChangeExtension(file, ".search.db");
        _writerConnectionString = new SqliteConnectionStringBuilder(mainConnectionString) { DataSource = Path, ForeignKeys = false }.ToString();
        // Read-only: a pool of its own (its connections have the index attached), and nothing it runs can take a write lock.
        _readerConnectionString = new SqliteConnectionStringBuilder(mainConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
    }

    /// <summary>The index file's path.</summary>
    public string Path { get; }

    /// <summary>
    /// A connection to the index file for writing it. synchronous=FULL: a batch is durable before the main database
    /// forgets that its entries were pending, so a power loss cannot leave an entry neither indexed nor queued.
    /// </summary>
    public async Task<DbConnection> OpenWriterAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_writerConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384; PRAGMA mmap_size = {Database.MapSize};",
                cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read-only connection to the main database with the index attached as <c>search</c>.</summary>
    public async Task<DbConnection> OpenReaderAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Once per physical connection (pooling keeps it attached); the pragmas as Database.OpenAsync sets them.
            if (!s_attached.TryGetValue(connection.Handle!, out _))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384; PRAGMA mmap_size = {Database.MapSize};
                    ATTACH DATABASE @path AS search;
                    PRAGMA search.cache_size = -16384; PRAGMA search.mmap_size = {Database.MapSize};
                    """, new { path = Path }, cancellationToken: ct));
                s_attached.AddOrUpdate(connection.Handle!, new object());
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates the index file when it is missing, or starts it again when it is ahead of the database; either way
    /// every entry is queued for indexing first (a crash in between queues them again at the next start).
    /// </summary>
    public async Task EnsureAsync(DbConnection main, CancellationToken ct)
    {
        await using var index = await OpenWriterAsync(ct);
        await index.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
        var complete = await index.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('entry_search', 'search_index_state')", cancellationToken: ct)) == 2;
        var indexed = complete
            ? await index.ExecuteScalarAsync<long>(new CommandDefinition("SELECT max_entry_id FROM search_index_state", cancellationToken: ct))
            : (long?)null;
        var assigned = await main.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT seq FROM sqlite_sequence WHERE name = 'entries'", cancellationToken: ct)) ?? 0;
        if (indexed is { } highest && highest <= assigned) return;

        await main.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO search_pending (entry_id) SELECT id FROM entries WHERE true ON CONFLICT (entry_id) DO NOTHING;
            DELETE FROM search_gone;
            """, cancellationToken: ct));
        await using var tx = await index.BeginTransactionAsync(ct);
        await index.ExecuteAsync(new CommandDefinition(
            """
            DROP TABLE IF EXISTS entry_search;
            DROP TABLE IF EXISTS search_index_state;
            -- Text is tokenized in C# (SearchTokenizer), so FTS5's ascii tokenizer only splits at the spaces between
            -- terms. Contentless: the text lives in the entries; rowid = entries.id.
            CREATE VIRTUAL TABLE entry_search USING fts5(title, body, content = '', contentless_delete = 1, tokenize = 'ascii');
            -- FTS5 writes a segment whenever the terms it holds pass 'hashsize' (1 MB by default): at 64 MB a
            -- SearchIndexer batch is one segment, and merging many small ones was the index's largest cost.
            INSERT INTO entry_search (entry_search, rank) VALUES ('hashsize', 67108864);
            -- The highest entry id indexed: an index ahead of the database's ids belongs to a newer copy of it.
            CREATE TABLE search_index_state (id INTEGER PRIMARY KEY CHECK (id = 1), max_entry_id INTEGER NOT NULL);
            INSERT INTO search_index_state (id, max_entry_id) VALUES (1, 0);
            """, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Writes a batch in one transaction of the index file: the documents (replacing what their entries had) and the
    /// removal of deleted entries.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<(long Id, SearchDocument Document)> documents, IReadOnlyCollection<long> gone, CancellationToken ct)
    {
        await using var index = await OpenWriterAsync(ct);
        await using var tx = await index.BeginTransactionAsync(ct);
        await SearchIndexWriter.WriteAsync(index, tx, SqlDialect.Sqlite, documents, replace: true, ct);
        if (gone.Count > 0)
            await index.ExecuteAsync(new CommandDefinition(SqlDialect.Sqlite.SearchDeleteSql,
                new { ids = SqlDialect.Sqlite.IdList(gone) }, tx, cancellationToken: ct));
        if (documents.Count > 0)
            await index.ExecuteAsync(new CommandDefinition(
                "UPDATE search_index_state SET max_entry_id = MAX(max_entry_id, @id)",
                new { id = documents.Max(d => d.Id) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Empties the pools of this file's connections (the main database's are Database's to clear).</summary>
    public void ClearPools()
    {
        using (var writer = new SqliteConnection(_writerConnectionString)) SqliteConnection.ClearPool(writer);
        using (var reader = new SqliteConnection(_readerConnectionString)) SqliteConnection.ClearPool(reader);
    }
}
