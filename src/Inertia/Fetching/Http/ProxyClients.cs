using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.Http;

/// <summary>
/// Clients for feeds fetched through their own proxy: one pooled handler per proxy URL, built like the main one
/// (<see cref="FetchHandler"/>: no redirects, no cookies, the SSRF-guarded connect callback). Behind a proxy the
/// callback connects to the proxy, so the guard checks the proxy's address: a proxy on a private or loopback address
/// is refused unless Fetching:AllowedNetworks allows it. The proxy resolves the feed's host itself.
/// </summary>
public sealed class ProxyClients(IOptions<FetchingOptions> options, AddressGuard guard) : IDisposable
{
    /// <summary>Past this many distinct proxies, handlers are no longer cached (each request builds its own).</summary>
    const int MaxCached = 256;

    readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client for <paramref name="proxyUrl"/>; <paramref name="owned"/> is true when the caller must dispose it.</summary>
    /// <exception cref="FetchException">The proxy URL is not a usable http(s)/socks proxy address.</exception>
    public HttpClient Get(string proxyUrl, out bool owned)
    {
        owned = false;
        if (_clients.TryGetValue(proxyUrl, out var client)) return client;
        var created = new HttpClient(Create(Parse(proxyUrl)), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (_clients.Count >= MaxCached)
        {
            owned = true;
            return created;
        }
        var stored = _clients.GetOrAdd(proxyUrl, created);
        if (!ReferenceEquals(stored, created)) created.Dispose();
        return stored;
    }

    /// <summary>Whether <paramref name="proxyUrl"/> is a proxy address this client can use (for validating input).</summary>
    public static bool IsValid(string proxyUrl, out string? error)
    {
        try
        {
            Parse(proxyUrl);
            error = null;
            return true;
        }
        catch (FetchException e)
        {
            error = e.Message;
            return false;
        }
    }

    SocketsHttpHandler Create(Uri proxy)
    {
        var handler = FetchHandler.Create(options.Value, guard);
        var webProxy = new WebProxy(new UriBuilder(proxy) { UserName = "", Password = "" }.Uri);
        if (!string.IsNullOrEmpty(proxy.UserInfo))
        {
            var parts = proxy.UserInfo.Split(':', 2);
            webProxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
        handler.UseProxy = true;
        handler.Proxy = webProxy;
        return handler;
    }

    static Uri Parse(string proxyUrl)
    {
        if (!Uri.TryCreate(proxyUrl.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
            || uri.Scheme is not ("http" or "https" or "socks5" or "socks4" or "socks4a"))
            throw new FetchException("the proxy must be an http://, https:// or socks5:// address with a host");
        if (uri.AbsolutePath is not ("/" or "") || !string.IsNullOrEmpty(uri.Query))
            throw new FetchException("the proxy address takes no path or query");
        return uri;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        _clients.Clear();
    }
}
