using System.Diagnostics;

namespace Inertia.Bench.Load;

/// <summary>An `inertia serve` process whose memory the harness samples from /proc.</summary>
public sealed class InertiaNode : IDisposable
{
    private readonly Process process;

    private InertiaNode(Process process) => this.process = process;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "inertia.dll");

    public static InertiaNode Start(string[] storageArgs, IDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Dll, "serve", "--urls", "http://127.0.0.1:0" }.Concat(storageArgs)) info.ArgumentList.Add(arg);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new InertiaNode(process);
    }

    public static void Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"inertia {string.Join(' ', args)} failed: {output}");
    }

    /// <summary>Resident set now and its peak so far, in MB (VmRSS, VmHWM).</summary>
    public (double Rss, double Peak) Memory()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:")) rss = Kb(line) / 1024.0;
            if (line.StartsWith("VmHWM:")) peak = Kb(line) / 1024.0;
        }
        return (rss, peak);
    }

    /// <summary>Resident anonymous memory (the heap; VmRSS also counts the SQLite file pages mapped with mmap_size,
    /// which are page cache the kernel reclaims), in MB.</summary>
    public double AnonymousRss()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            if (line.StartsWith("RssAnon:")) return Kb(line) / 1024.0;
        return 0;
    }

    /// <summary>User + system CPU time used so far, in seconds: less distorted by other load than wall-clock time.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), in clock ticks of 1/100 s.
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    public bool HasExited => process.HasExited;

    private static long Kb(string line) => long.Parse(line.Split(':', StringSplitOptions.TrimEntries)[1].Split(' ')[0]);

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}
