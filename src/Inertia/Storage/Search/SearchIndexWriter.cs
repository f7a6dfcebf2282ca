using System.Data.Common;
using Dapper;

namespace Inertia.Storage.Search;

/// <summary>Writes entries' search documents, in the caller's transaction, one statement per step.</summary>
internal static class SearchIndexWriter
{
    public static async Task WriteAsync(DbConnection connection, DbTransaction tx, SqlDialect dialect,
        IReadOnlyList<(long Id, SearchDocument Document)> documents, bool replace, CancellationToken ct)
    {
        if (documents.Count == 0) return;
        if (replace)
            await connection.ExecuteAsync(new CommandDefinition(dialect.SearchDeleteSql,
                new { ids = dialect.IdList(documents.Select(d => d.Id)) }, tx, cancellationToken: ct));
        await dialect.SearchInsertAsync(connection, tx, documents, ct);
    }
}
