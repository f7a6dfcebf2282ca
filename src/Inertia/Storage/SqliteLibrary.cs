using SQLitePCL;

namespace Inertia.Storage;

/// <summary>
/// Process-wide settings of the SQLite library. SQLite accepts them only before it initializes, i.e. before the
/// process opens its first connection, so <see cref="Database"/>'s static constructor applies them.
/// </summary>
internal static class SqliteLibrary
{
    private const int ConfigMemoryStatistics = 9; // SQLITE_CONFIG_MEMSTATUS

    /// <summary>SQLite's result code for turning its allocation statistics off (0 when applied).</summary>
    internal static int MemoryStatisticsResult { get; private set; } = -1;

    /// <remarks>
    /// Allocation statistics off: with them on (the library's default), every allocation and free inside SQLite takes
    /// one process-wide mutex to update the counters, which the group writer, the readers and the search indexer all
    /// contend for; Inertia never reads them. SQLite recommends this for speed (SQLITE_DEFAULT_MEMSTATUS=0).
    /// </remarks>
    internal static void Configure()
    {
        Batteries_V2.Init();
        MemoryStatisticsResult = raw.sqlite3_config(ConfigMemoryStatistics, 0);
    }
}
