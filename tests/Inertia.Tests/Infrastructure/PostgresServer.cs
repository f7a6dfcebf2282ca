using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Inertia.Storage;
using Npgsql;

namespace Inertia.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, started on first use from the machine's Debian binaries
/// (/usr/lib/postgresql/&lt;highest version&gt;/bin), listening on 127.0.0.1 and a free port, with its data in a
/// temporary folder. Each test (or class) asks for a fresh database. The server stops when the test process exits;
/// a small watchdog stops it too if the process is killed. Missing binaries fail loudly, never skip.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string _binDir;
    private readonly string _root;
    private readonly string _dataDir;
    private int _stopped;

    /// <summary>The shared server, started on first use.</summary>
    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    private string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";

    private PostgresServer(string binDir, string root, int port)
    {
        _binDir = binDir;
        _root = root;
        _dataDir = Path.Combine(root, "data");
        Port = port;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Timeout=30;Command Timeout=60";
    }

    /// <summary>Storage options for a fresh database on this server.</summary>
    public async Task<StorageOptions> CreateStorageOptionsAsync(string prefix = "test") =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await CreateDatabaseAsync(prefix) };

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>; connections still open to it are closed (WITH FORCE).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static PostgresServer Start()
    {
        var binDir = FindBinaries();
        var asRoot = Environment.IsPrivilegedProcess;
        var root = Path.Combine(Path.GetTempPath(), $"inertia-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (asRoot) Run("chown", ["postgres:postgres", root], asPostgres: false);

        var dataDir = Path.Combine(root, "data");
        PostgresServer? server = null;
        try
        {
            Run(Path.Combine(binDir, "initdb"),
                ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asRoot);
            // The free port is only free until someone else takes it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                server = new PostgresServer(binDir, root, FreePort());
                // A test server: durability off for speed, sockets only on 127.0.0.1 and in our own folder.
                var settings = $"-c listen_addresses=127.0.0.1 -p {server.Port} -c unix_socket_directories={root} " +
                               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
                try
                {
                    Run(Path.Combine(binDir, "pg_ctl"),
                        ["-D", dataDir, "-l", Path.Combine(root, "server.log"), "-o", settings, "-w", "-t", "60", "start"], asRoot);
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var detail = File.Exists(log) ? "\nServer log:\n" + File.ReadAllText(log) : "";
            (server ?? new PostgresServer(binDir, root, 0)).Stop();
            throw new InvalidOperationException($"Could not start the test PostgreSQL server: {e.Message}{detail}", e);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.StartWatchdog(asRoot);
        return server;
    }

    /// <summary>The bin folder of the highest installed version under <paramref name="baseDir"/>, or a clear failure.</summary>
    internal static string FindBinaries(string baseDir = "/usr/lib/postgresql")
    {
        var candidates = Directory.Exists(baseDir)
            ? Directory.GetDirectories(baseDir)
                .Select(d => (Dir: d, Version: decimal.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => c.Version >= 0 && File.Exists(Path.Combine(c.Dir, "bin", "initdb")) && File.Exists(Path.Combine(c.Dir, "bin", "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        if (candidates.Count == 0)
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found: install postgresql (test.sh does). Looked for {baseDir}/<version>/bin/initdb and pg_ctl.");
        return Path.Combine(candidates[0].Dir, "bin");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to completion (as the postgres user when we are root: initdb and pg_ctl refuse root).</summary>
    private static void Run(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    /// <summary>
    /// If the test process dies without running ProcessExit (SIGKILL, a crashed test host), this shell loop notices
    /// and stops the server and deletes its folder, so no postgres is left behind.
    /// </summary>
    private void StartWatchdog(bool asRoot)
    {
        var pgCtl = Path.Combine(_binDir, "pg_ctl");
        var stop = asRoot
            ? $"runuser -u postgres -- '{pgCtl}' -D '{_dataDir}' -m immediate stop"
            : $"'{pgCtl}' -D '{_dataDir}' -m immediate stop";
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId} && [ -d '{_dataDir}' ]; do sleep 2; done; " +
                     $"if [ -d '{_dataDir}' ]; then {stop}; rm -rf '{_root}'; fi";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var _ = Process.Start(start);
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
                Run(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-m", "immediate", "-w", "stop"], Environment.IsPrivilegedProcess);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Stopping the test PostgreSQL server failed: {e.Message}");
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
