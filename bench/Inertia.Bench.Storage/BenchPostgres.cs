using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Inertia.Tests.Infrastructure;
using Npgsql;

namespace Inertia.Bench.Storage;

/// <summary>
/// A PostgreSQL cluster kept in a folder of the caller's choice (<c>--pg-data DIR</c>), so a million-entry dataset is
/// generated once and measured again after a change. Same Debian binaries and durability settings as the tests'
/// throwaway server (<see cref="PostgresServer"/>); stopped cleanly (not deleted) when the bench ends.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _binDir = PostgresServer.FindBinaries();
    private readonly string _dataDir;
    private readonly bool _asRoot = Environment.IsPrivilegedProcess;

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=storebench;Timeout=30;Command Timeout=3600";

    private BenchPostgres(string dir, int port)
    {
        _dataDir = Path.Combine(dir, "data");
        Port = port;
    }

    /// <summary>Starts the cluster in <paramref name="dir"/>, creating it (and an empty database "storebench") when missing.
    /// Returns whether the database already existed.</summary>
    public static async Task<(BenchPostgres Server, bool Existed)> StartAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        var server = new BenchPostgres(Path.GetFullPath(dir), FreePort());
        if (server._asRoot) server.Run("chown", ["-R", "postgres:postgres", dir], asPostgres: false);
        var existed = Directory.Exists(server._dataDir);
        if (!existed)
            server.Run(Path.Combine(server._binDir, "initdb"), ["-D", server._dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], server._asRoot);
        // A run killed earlier may have left its server running on this folder.
        if (existed && File.Exists(Path.Combine(server._dataDir, "postmaster.pid")))
            try { server.Run(Path.Combine(server._binDir, "pg_ctl"), ["-D", server._dataDir, "-m", "fast", "-w", "stop"], server._asRoot); }
            catch (InvalidOperationException) { }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        // The tests' settings (durability off: import times are optimistic), plus a realistic cache for a million entries.
        var settings = $"-c listen_addresses=127.0.0.1 -p {server.Port} -c unix_socket_directories={Path.GetFullPath(dir)} " +
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c max_wal_size=4GB";
        server.Run(Path.Combine(server._binDir, "pg_ctl"), ["-D", server._dataDir, "-l", Path.Combine(dir, "server.log"), "-o", settings, "-w", "-t", "120", "start"], server._asRoot);
        if (!existed)
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE DATABASE storebench TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync();
        }
        return (server, existed);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private int _stopped;

    /// <summary>A clean stop (the data stays); also on SIGTERM / Ctrl+C through ProcessExit.</summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        Run(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-m", "fast", "-w", "-t", "300", "stop"], _asRoot);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to completion, as the postgres user when we are root (initdb and pg_ctl refuse root).</summary>
    private void Run(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/",
        };
        if (asPostgres)
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
