using System.Data.Common;
using Dapper;

namespace Inertia.Storage;

/// <summary>
/// SQLite: copies the write-ahead log back into the database on a thread of its own, for the ingest group writer.
/// </summary>
/// <remarks>
/// SQLite checkpoints on the connection whose commit takes the log past <c>wal_autocheckpoint</c> pages, inside that
/// commit call: the group writer, the one thread every refresh waits for, spent its time copying pages and waiting
/// for the checkpoint's fsyncs. A PASSIVE checkpoint takes no write lock, so here it runs beside the writer; the
/// writer's own threshold stays as a backstop (<see cref="WriterBackstopPages"/>) should this ever fall behind.
/// </remarks>
internal sealed class WalCheckpointer(Func<CancellationToken, Task<DbConnection>> open)
{
    /// <summary>The group writer's wal_autocheckpoint: it checkpoints itself only past 256 MB of log.</summary>
    public const int WriterBackstopPages = 65536;

    /// <summary>Checkpoints start at most this often: each ends with an fsync of the database file.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private int _running;
    private long _lastStart;
    private Task _checkpoint = Task.CompletedTask;

    /// <summary>A group committed: starts a checkpoint unless one is running or started less than
    /// <see cref="Interval"/> ago.</summary>
    public void Committed()
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _lastStart) < Interval.TotalMilliseconds) return;
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
        Interlocked.Exchange(ref _lastStart, Environment.TickCount64);
        Volatile.Write(ref _checkpoint, Task.Run(RunAsync));
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a checkpoint still running: on disposal, so that none opens the
    /// database file after its owner has closed it (its connection would create the log files again).</summary>
    public void WaitForRunning(TimeSpan timeout)
    {
        try { Volatile.Read(ref _checkpoint).Wait(timeout); }
        catch (AggregateException) { } // the checkpoint failed: it is over, and the log stays for the next one
    }

    /// <summary>A failure is left to the next checkpoint (or the writer's backstop): a checkpoint loses nothing.</summary>
    private async Task RunAsync()
    {
        try
        {
            await using var connection = await open(CancellationToken.None);
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Nothing to undo: the log stays whole, and the next checkpoint copies it.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
