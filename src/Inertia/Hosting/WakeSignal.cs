namespace Inertia.Hosting;

/// <summary>A semaphore of capacity one used as a wake-up flag for a background loop.</summary>
internal static class WakeSignal
{
    /// <summary>
    /// Sets the flag unless it is already set. The refresh scheduler wakes itself after most completed fetches; a
    /// Release on a full semaphore throws, and that exception was a measurable share of a warm refresh's CPU.
    /// </summary>
    public static void Wake(this SemaphoreSlim flag)
    {
        if (flag.CurrentCount > 0) return;
        try { flag.Release(); }
        catch (SemaphoreFullException) { } // set by another thread since the check
    }
}
