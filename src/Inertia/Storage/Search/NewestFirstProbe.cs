using System.Data.Common;
using Dapper;

namespace Inertia.Storage.Search;

/// <summary>
/// How newest-first search chooses its plan where the index can be asked about one entry at a time (SQLite FTS5
/// with a rowid constraint). <see cref="Window"/>: how many of the user's newest states are probed first (0: never
/// probe). <see cref="ProbeCostInMatches"/>: what one probe costs, counted in matches of the whole match set.
/// </summary>
/// <remarks>
/// Measured at a million entries (docs/benchmarks.md, Storage): one FTS5 probe ≈ 160 µs, materializing the match set
/// ≈ 0.33 µs per match, hence 500.
/// </remarks>
public sealed record NewestFirstProbing(int Window = 40, double ProbeCostInMatches = 500);

/// <summary>
/// Newest-first search by walking the user's states newest first and asking the index about each one, for words
/// found in a large share of the entries: building the whole match set first costs in proportion to the matches
/// (安全 in 29 % of a million entries: 98 ms; "security" in 61 %: 199 ms), while a walk that asks the index about each
/// state stops after about (page end) / (share) probes (28 and 11 ms). For rarer words the match set is cheaper
/// (漏洞 in 3 %: 12 ms built, 290 ms probed), so the walk starts with a window of probes that measures the word's
/// share among the user's newest states, and either finishes the page from there or hands back to the match set.
/// </summary>
internal sealed class NewestFirstProbe(SqlDialect dialect, NewestFirstProbing tuning)
{
    /// <summary>
    /// The page's entry ids, newest first; null when building the match set is expected to cost less.
    /// <paramref name="filters"/> are the search's predicates over entry_states "st" other than the match.
    /// </summary>
    public async Task<IReadOnlyList<long>?> PageAsync(
        DbConnection connection, DbTransaction? tx, string filters, DynamicParameters parameters, int offset, int limit, CancellationToken ct)
    {
        if (tuning.Window <= 0 || dialect.SearchProbe is not { } probe) return null;
        parameters.Add("window", tuning.Window);
        var window = (await connection.QueryAsync<(long Id, long SortAt, long Hit)>(new CommandDefinition(
            $"""
            SELECT st.entry_id, st.sort_at, {probe} AS hit
            FROM (SELECT st.entry_id, st.sort_at FROM entry_states st WHERE {filters}
                  ORDER BY st.sort_at DESC, st.entry_id DESC LIMIT @window) st
            ORDER BY st.sort_at DESC, st.entry_id DESC
            """, parameters, tx, cancellationToken: ct))).ToList();

        var hits = window.Where(w => w.Hit != 0).Select(w => w.Id).ToList();
        var needed = offset + limit;
        // The window held every state in scope, or enough matches for the page.
        if (window.Count < tuning.Window || hits.Count >= needed) return hits.Skip(offset).Take(limit).ToList();

        var share = hits.Count / (double)window.Count;
        if (share == 0) return null;
        var entries = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(id), 0) FROM entries", transaction: tx, cancellationToken: ct));
        var probes = (needed - hits.Count) / share;
        if (probes * tuning.ProbeCostInMatches > share * entries) return null;

        var last = window[^1];
        parameters.Add("afterSort", last.SortAt);
        parameters.Add("afterId", last.Id);
        parameters.Add("remaining", needed - hits.Count);
        hits.AddRange(await connection.QueryAsync<long>(new CommandDefinition(
            $"""
            SELECT st.entry_id FROM entry_states st
            WHERE {filters} AND (st.sort_at, st.entry_id) < (@afterSort, @afterId) AND {probe}
            ORDER BY st.sort_at DESC, st.entry_id DESC
            LIMIT @remaining
            """, parameters, tx, cancellationToken: ct)));
        return hits.Skip(offset).Take(limit).ToList();
    }
}
