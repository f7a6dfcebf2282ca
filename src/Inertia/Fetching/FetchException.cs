namespace Inertia.Fetching;

/// <summary>A fetch that failed in a way worth telling the user (status, limit, blocked address, timeout).</summary>
public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status when the server answered with an error status.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long the server asked us to wait (Retry-After on 429/503).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
