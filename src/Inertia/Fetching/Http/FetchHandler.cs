using System.Net;

namespace Inertia.Fetching.Http;

public static class FetchHandler
{
    /// <summary>
    /// The primary handler of the fetch client. Redirects are followed by <see cref="HttpFetcher"/> so every hop
    /// is counted and checked; proxies are off so the guard sees the real destination; cookies are never kept.
    /// </summary>
    public static SocketsHttpHandler Create(FetchingOptions options, AddressGuard guard) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
        ConnectTimeout = options.ConnectTimeout,
        ConnectCallback = new GuardedConnector(guard).ConnectAsync,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        MaxResponseHeadersLength = 256, // KB
    };
}
