namespace Inertia.Bench.Storage;

/// <summary>The machine's state, printed with every figure: other builds share this 2-core machine.</summary>
internal static class Machine
{
    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
