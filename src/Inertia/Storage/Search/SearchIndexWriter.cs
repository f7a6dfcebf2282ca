using System.Data.Common;
using Dapper;

namespace Inertia.Storage.Search;

/// <summary>Writes entries' search documents, in the caller's transaction.</summary>
internal static class SearchIndexWriter
{
    /// <summary>
    /// Documents per insert statement. The indexer writes a thousand entries per transaction (FTS5 pays per
    /// transaction), but one statement for all of them bound their text as one JSON parameter of tens of megabytes,
    /// a large-object-heap string plus its native UTF-8 copy at the peak of a cold refresh.
    /// </summary>
    internal const int DocumentsPerStatement = 100;

    public static async Task WriteAsync(DbConnection connection, DbTransaction tx, SqlDialect dialect,
        IReadOnlyList<(long Id, SearchDocument Document)> documents, bool replace, CancellationToken ct)
    {
        if (documents.Count == 0) return;
        if (replace)
            await connection.ExecuteAsync(new CommandDefinition(dialect.SearchDeleteSql,
                new { ids = dialect.IdList(documents.Select(d => d.Id)) }, tx, cancellationToken: ct));
        foreach (var chunk in documents.Chunk(DocumentsPerStatement))
            await connection.ExecuteAsync(new CommandDefinition(dialect.SearchInsertSql,
                dialect.SearchInsertParameters(chunk), tx, cancellationToken: ct));
    }
}
