using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.Http;

/// <summary>
/// Every outbound GET goes through here: own redirect loop, conditional GET, body and time limits, and errors
/// turned into <see cref="FetchException"/>s with messages a user can act on.
/// </summary>
public sealed partial class HttpFetcher(IHttpClientFactory clients, IOptions<FetchingOptions> options, ProxyClients? proxies = null)
{
    public const string ClientName = "Inertia.Fetch";

    const string Accept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
        "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5";

    readonly FetchingOptions _options = options.Value;
    readonly string _userAgent = UserAgent.Build(options.Value.ProjectUrl);

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken ct = default)
    {
        var start = ParseHttpUrl(request.Url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            return await FollowAsync(request, start, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // The handler's connect timeout surfaces as a cancellation with a TimeoutException inside.
            throw deadline.IsCancellationRequested || e.InnerException is not TimeoutException
                ? new FetchException($"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s")
                : new FetchException($"could not connect within {_options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch (InvalidDataException e)
        {
            // Content-Encoding promised gzip/deflate/br but the bytes are not.
            throw new FetchException($"invalid compressed response: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new FetchException(Describe(e), e);
        }
        catch (IOException e)
        {
            // Raised while streaming the body (reset, premature end).
            throw new FetchException(Describe(e), e);
        }
    }

    async Task<FetchResult> FollowAsync(FetchRequest request, Uri start, CancellationToken ct)
    {
        // A feed with its own proxy gets that proxy's client (built like the main one, guard included).
        var owned = false;
        var client = string.IsNullOrWhiteSpace(request.ProxyUrl)
            ? clients.CreateClient(ClientName)
            : (proxies ?? throw new FetchException("proxies are not available here")).Get(request.ProxyUrl, out owned);
        using var disposable = owned ? client : null;
        var current = start;
        string? permanent = null;
        var permanentRun = true;
        var visited = new HashSet<string>(StringComparer.Ordinal) { current.AbsoluteUri };

        for (var hops = 0; ; hops++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, current)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            message.Headers.TryAddWithoutValidation("User-Agent", string.IsNullOrWhiteSpace(request.UserAgent) ? _userAgent : request.UserAgent);
            message.Headers.TryAddWithoutValidation("Accept", request.Accept ?? Accept);
            if (!request.IgnoreHttpCache)
            {
                if (!string.IsNullOrEmpty(request.ETag)) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
                if (!string.IsNullOrEmpty(request.LastModified)) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
            }
            // Credentials go only to the origin the user gave them for, never to where a redirect points.
            if (SameOrigin(current, start))
            {
                if (!string.IsNullOrEmpty(request.Cookie)) message.Headers.TryAddWithoutValidation("Cookie", request.Cookie);
                if (!string.IsNullOrEmpty(request.Username))
                    message.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{request.Username}:{request.Password}")));
            }

            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;

            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = response.Headers.Location
                    ?? throw new FetchException($"HTTP {status} redirect without a Location header") { StatusCode = status };
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    throw new FetchException($"redirect to unsupported URL {next}") { StatusCode = status };
                if (!visited.Add(next.AbsoluteUri))
                    throw new FetchException($"redirect loop at {next}") { StatusCode = status };
                if (hops + 1 > _options.MaxRedirects)
                    throw new FetchException($"more than {_options.MaxRedirects} redirects") { StatusCode = status };
                if (permanentRun && status is 301 or 308) permanent = next.AbsoluteUri;
                else permanentRun = false;
                current = next;
                continue;
            }

            var etag = response.Headers.ETag?.ToString() ?? HeaderValue(response.Headers, "ETag");
            var lastModified = HeaderValue(response.Content.Headers, "Last-Modified");
            if (status == 304 && !request.IgnoreHttpCache)
            {
                return new FetchResult
                {
                    RequestedUrl = request.Url, FinalUrl = current.AbsoluteUri, PermanentUrl = permanent, StatusCode = status,
                    ETag = etag ?? request.ETag, LastModified = lastModified ?? request.LastModified,
                    MaxAge = MaxAge(response), Expires = response.Content.Headers.Expires,
                };
            }
            if (status is < 200 or > 299)
                throw StatusError(response);

            var body = await ReadBodyAsync(response, request.MaxBodyBytes ?? _options.MaxBodyBytes, ct).ConfigureAwait(false);
            return new FetchResult
            {
                RequestedUrl = request.Url, FinalUrl = current.AbsoluteUri, PermanentUrl = permanent, StatusCode = status,
                Body = body, ContentType = response.Content.Headers.ContentType?.ToString(),
                ETag = etag, LastModified = lastModified,
                Link = response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null,
                MaxAge = MaxAge(response), Expires = response.Content.Headers.Expires,
            };
        }
    }

    /// <summary>Reads the (already decompressed) body, stopping as soon as it passes the limit.</summary>
    async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, long limit, CancellationToken ct)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit) throw TooLarge();

        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 64 * 1024, 4 * 1024, Math.Min(limit + 1, 4 * 1024 * 1024)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > limit) throw TooLarge();
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        FetchException TooLarge() => new($"response body larger than {FormatBytes(limit)}");
    }

    static FetchException StatusError(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        TimeSpan? retryAfter = null;
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta) retryAfter = delta;
            else if (header.Date is { } date) retryAfter = date - (response.Headers.Date ?? DateTimeOffset.UtcNow);
            if (retryAfter < TimeSpan.Zero) retryAfter = TimeSpan.Zero;
        }
        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? "" : " " + response.ReasonPhrase;
        var wait = retryAfter is { } r ? $" (retry after {FormatDuration(r)})" : "";
        return new FetchException($"HTTP {status}{reason}{wait}") { StatusCode = status, RetryAfter = retryAfter };
    }

    static TimeSpan? MaxAge(HttpResponseMessage response)
    {
        var cache = response.Headers.CacheControl;
        if (cache is null || cache.NoStore || cache.NoCache) return null;
        return cache.MaxAge;
    }

    static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    static string? HeaderValue(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    static Uri ParseHttpUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FetchException($"not an http(s) URL: {url}");
        return uri;
    }

    static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is BlockedAddressException blocked) return blocked.Message;
            if (inner is System.Net.Sockets.SocketException socket)
            {
                var known = socket.SocketErrorCode switch
                {
                    System.Net.Sockets.SocketError.ConnectionReset => "connection reset by the server",
                    System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                    System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "could not resolve host name",
                    System.Net.Sockets.SocketError.TimedOut => "connection timed out",
                    System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.HostUnreachable => "host unreachable",
                    _ => null,
                };
                if (known is not null) return known;
            }
        }

        var detail = Innermost(e).Message;
        var error = e switch
        {
            HttpRequestException http => http.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        return error switch
        {
            HttpRequestError.NameResolutionError => $"could not resolve host name: {detail}",
            HttpRequestError.ConnectionError => $"could not connect: {detail}",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed: {detail}",
            HttpRequestError.ResponseEnded => "connection closed before the response was complete",
            HttpRequestError.InvalidResponse => $"invalid HTTP response: {detail}",
            HttpRequestError.ConfigurationLimitExceeded => $"response headers too large: {detail}",
            _ => $"connection failed: {detail}",
        };
    }

    static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";

    static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0} s";
}
