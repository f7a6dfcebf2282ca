namespace Inertia.Storage;

/// <summary>
/// Times are stored as 64-bit integer microseconds since the Unix epoch in both dialects: the Google Reader API
/// speaks microseconds, integers compare and index the same everywhere, and no driver converts time zones.
/// </summary>
internal static class Micros
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static long? From(DateTimeOffset? time) => time is { } t ? From(t) : null;

    public static DateTimeOffset ToTime(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + micros * 10, TimeSpan.Zero);

    public static DateTimeOffset? ToTime(long? micros) => micros is { } m ? ToTime(m) : null;
}
