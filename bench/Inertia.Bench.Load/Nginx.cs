using System.Diagnostics;

namespace Inertia.Bench.Load;

/// <summary>
/// Debian's nginx serving the farm's files on every farm host name (127.0.1.x), with ETag and Last-Modified as
/// nginx sends them for static files, so unchanged feeds answer 304. Installed with apt-get when missing.
/// </summary>
public sealed class Nginx : IDisposable
{
    private readonly Process process;

    public string AccessLog { get; }

    private Nginx(Process process, string accessLog)
    {
        this.process = process;
        AccessLog = accessLog;
    }

    public static Nginx Start(FeedFarm farm, string workDir, int port)
    {
        EnsureInstalled();
        var accessLog = Path.Combine(workDir, "access.log");
        var listens = string.Concat(farm.Hosts.Select(h => $"    listen {h}:{port};\n"));
        var config = Path.Combine(workDir, "nginx.conf");
        File.WriteAllText(config, $$"""
            worker_processes 1;
            error_log {{workDir}}/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              log_format farm '$request_uri $status';
              types { application/rss+xml xml; }
              sendfile on;
              keepalive_requests 100000;
              server {
            {{listens}}    root {{farm.Root}};
                access_log {{accessLog}} farm;
                etag on;
                if_modified_since exact;
              }
            }
            """);
        var info = new ProcessStartInfo("nginx") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", config, "-p", workDir, "-g", $"daemon off; pid {workDir}/nginx.pid;" }) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        Thread.Sleep(500);
        if (process.HasExited) throw new InvalidOperationException($"nginx exited: {File.ReadAllText(Path.Combine(workDir, "error.log"))}");
        return new Nginx(process, accessLog);
    }

    /// <summary>Requests per feed path since the log was last cleared, and by status.</summary>
    public (Dictionary<string, int> PerPath, Dictionary<string, int> PerStatus) ReadAndClearLog()
    {
        var perPath = new Dictionary<string, int>();
        var perStatus = new Dictionary<string, int>();
        if (File.Exists(AccessLog))
        {
            foreach (var line in File.ReadLines(AccessLog))
            {
                var parts = line.Split(' ');
                if (parts.Length < 2) continue;
                perPath[parts[0]] = perPath.GetValueOrDefault(parts[0]) + 1;
                perStatus[parts[1]] = perStatus.GetValueOrDefault(parts[1]) + 1;
            }
            File.WriteAllText(AccessLog, ""); // nginx appends with O_APPEND: truncation is safe
        }
        return (perPath, perStatus);
    }

    private static void EnsureInstalled()
    {
        if (File.Exists("/usr/sbin/nginx")) return;
        Console.WriteLine("installing nginx-light with apt-get");
        Run("apt-get", "update", "-q");
        Run("apt-get", "install", "-y", "-q", "nginx-light");
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var p = Process.Start(info)!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with {p.ExitCode}");
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
