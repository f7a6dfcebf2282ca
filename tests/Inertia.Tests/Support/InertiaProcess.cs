using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Inertia.Tests.Support;

/// <summary>
/// Inertia as its own operating-system process (the built inertia.dll), for what only a real process shows:
/// being killed with SIGKILL. Output is kept for the failure message.
/// </summary>
public sealed class InertiaProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private InertiaProcess(Process process, Uri baseUri)
    {
        this.process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>A server on a fresh port with the SQLite database in <paramref name="dataDirectory"/>.</summary>
    public static Task<InertiaProcess> StartAsync(string dataDirectory, IDictionary<string, string>? environment = null) =>
        StartAsync(["--data-dir", dataDirectory], environment);

    /// <summary>A server on a fresh port sharing the PostgreSQL database <paramref name="connectionString"/>.</summary>
    public static Task<InertiaProcess> StartOnPostgresAsync(string connectionString, IDictionary<string, string>? environment = null) =>
        StartAsync(["--database", "postgres", "--connection-string", connectionString], environment);

    /// <summary>Runs a one-shot command (user, import, …) to completion; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "inertia.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<InertiaProcess> StartAsync(string[] storageArguments, IDictionary<string, string>? environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "inertia.dll"), "serve", "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in storageArguments) info.ArgumentList.Add(argument);
        info.Environment["INERTIA_ADMIN_USER"] = InertiaServer.AdminUser;
        info.Environment["INERTIA_ADMIN_PASSWORD"] = InertiaServer.AdminPassword;
        info.Environment["Fetching__AllowedNetworks__0"] = "127.0.0.0/8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var started = new InertiaProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.WaitUntilHealthyAsync();
        return started;
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, exactly like a crash or the OOM killer.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"inertia exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"inertia did not become healthy:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
