using System.Net;

namespace Inertia.Fetching.Http;

/// <summary>The hub's answer to a form POST: status and a short body (hubs explain refusals in it).</summary>
public sealed record PostResult(int StatusCode, string Body);

public sealed partial class HttpFetcher
{
    const long MaxPostResponseBytes = 64 * 1024;

    /// <summary>
    /// POSTs an application/x-www-form-urlencoded body (WebSub subscription requests) through the same guarded
    /// client as every GET. Redirects are not followed: a POST must not be replayed elsewhere. Any status is returned;
    /// transport problems throw <see cref="FetchException"/>.
    /// </summary>
    public async Task<PostResult> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct = default)
    {
        var target = ParseHttpUrl(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                Content = new FormUrlEncodedContent(form),
            };
            message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, MaxPostResponseBytes, deadline.Token).ConfigureAwait(false);
            return new PostResult((int)response.StatusCode, System.Text.Encoding.UTF8.GetString(body));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchException($"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new FetchException(Describe(e), e);
        }
        catch (IOException e)
        {
            throw new FetchException(Describe(e), e);
        }
    }
}
