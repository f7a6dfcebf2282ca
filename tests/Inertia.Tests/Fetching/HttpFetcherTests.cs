using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.IO.Compression;
using System.Text;
using Inertia.Fetching;
using Inertia.Fetching.Http;
using Inertia.Tests.Support;

namespace Inertia.Tests.Fetching;

public sealed class HttpFetcherTests
{
    const string Rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";

    [Fact]
    public async Task Conditional_get_sends_both_validators_and_returns_304()
    {
        string? seenUserAgent = null, seenIfNoneMatch = null, seenIfModifiedSince = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            seenUserAgent = c.Request.Headers.UserAgent;
            seenIfNoneMatch = c.Request.Headers.IfNoneMatch;
            seenIfModifiedSince = c.Request.Headers.IfModifiedSince;
            if (c.Request.Headers.IfNoneMatch == "\"v1\"") return Results.StatusCode(304);
            c.Response.Headers.ETag = "\"v1\"";
            c.Response.Headers.LastModified = "Wed, 25 Nov 2026 10:00:00 GMT";
            c.Response.Headers.CacheControl = "max-age=600";
            return Results.Text(Rss, "application/rss+xml");
        }));
        using var services = FetchingTestServices.Create(new Dictionary<string, string?> { ["Fetching:ProjectUrl"] = "https://example.org/inertia" });

        var first = await services.Fetcher().FetchAsync(new FetchRequest(server.Url("/feed")));
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(Rss, Encoding.UTF8.GetString(first.Body));
        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", first.LastModified);
        Assert.Equal(TimeSpan.FromMinutes(10), first.MaxAge);
        Assert.StartsWith("application/rss+xml", first.ContentType);
        Assert.Matches(@"^Inertia/\d+\.\d+\.\d+ \(\+https://example\.org/inertia\)$", seenUserAgent);

        var second = await services.Fetcher().FetchAsync(new FetchRequest(server.Url("/feed")) { ETag = first.ETag, LastModified = first.LastModified });
        Assert.True(second.NotModified);
        Assert.Empty(second.Body);
        Assert.Equal("\"v1\"", seenIfNoneMatch);
        Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", seenIfModifiedSince);
    }

    [Fact]
    public async Task Permanent_redirects_are_reported_and_temporary_ones_are_not()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/older", permanent: true));                          // 301
            app.MapGet("/older", () => Results.Redirect("/new", permanent: true, preserveMethod: true));    // 308
            app.MapGet("/temp", () => Results.Redirect("/new"));                                           // 302
            app.MapGet("/temp307", () => Results.Redirect("/new", preserveMethod: true));                  // 307
            app.MapGet("/moved-then-temp", () => Results.Redirect("/temp", permanent: true));
            app.MapGet("/new", () => Results.Text(Rss, "application/rss+xml"));
        });
        using var services = FetchingTestServices.Create();
        var fetcher = services.Fetcher();

        var permanent = await fetcher.FetchAsync(new FetchRequest(server.Url("/old")));
        Assert.Equal(server.Url("/new"), permanent.FinalUrl);
        Assert.Equal(server.Url("/new"), permanent.PermanentUrl);

        var temporary = await fetcher.FetchAsync(new FetchRequest(server.Url("/temp")));
        Assert.Equal(server.Url("/new"), temporary.FinalUrl);
        Assert.Null(temporary.PermanentUrl);

        var temporary307 = await fetcher.FetchAsync(new FetchRequest(server.Url("/temp307")));
        Assert.Null(temporary307.PermanentUrl);

        // Only the permanent part of a mixed chain may replace the stored URL.
        var mixed = await fetcher.FetchAsync(new FetchRequest(server.Url("/moved-then-temp")));
        Assert.Equal(server.Url("/new"), mixed.FinalUrl);
        Assert.Equal(server.Url("/temp"), mixed.PermanentUrl);
    }

    [Fact]
    public async Task Redirect_loop_and_overlong_chain_fail_clearly()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Redirect("/b"));
            app.MapGet("/b", () => Results.Redirect("/a"));
            app.MapGet("/hop/{n:int}", (int n) => Results.Redirect($"/hop/{n + 1}"));
            app.MapGet("/ten/{n:int}", (int n) => n < 10 ? Results.Redirect($"/ten/{n + 1}") : Results.Text(Rss));
        });
        using var services = FetchingTestServices.Create();

        var loop = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/a"))));
        Assert.Contains("redirect loop", loop.Message);

        var chain = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/hop/0"))));
        Assert.Contains("more than 10 redirects", chain.Message);

        var exactlyTen = await services.Fetcher().FetchAsync(new FetchRequest(server.Url("/ten/0")));
        Assert.Equal(server.Url("/ten/10"), exactlyTen.FinalUrl);
    }

    [Fact]
    public async Task Oversized_bodies_are_cut_off_with_and_without_content_length()
    {
        var chunk = new byte[1024 * 1024];
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/declared", () => Results.Bytes(new byte[21 * 1024 * 1024], "application/xml"));
            app.MapGet("/chunked", async (HttpContext c) =>
            {
                c.Response.ContentType = "application/xml";
                for (var i = 0; i < 25 && !c.RequestAborted.IsCancellationRequested; i++)
                    await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
            });
        });
        using var services = FetchingTestServices.Create();

        var declared = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/declared"))));
        Assert.Equal("response body larger than 20 MB", declared.Message);
        var chunked = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/chunked"))));
        Assert.Equal("response body larger than 20 MB", chunked.Message);
    }

    [Fact]
    public async Task Gzip_bomb_is_stopped_on_the_decompressed_size()
    {
        var bomb = Compress(new byte[200 * 1024 * 1024], s => new GZipStream(s, CompressionLevel.SmallestSize));
        Assert.True(bomb.Length < 1024 * 1024); // the wire carries well under the limit
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/bomb", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(bomb, "application/rss+xml");
        }));
        using var services = FetchingTestServices.Create();

        var error = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/bomb"))));
        Assert.Equal("response body larger than 20 MB", error.Message);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task Compressed_bodies_are_decoded(string encoding)
    {
        var plain = Encoding.UTF8.GetBytes(Rss);
        var compressed = encoding switch
        {
            "gzip" => Compress(plain, s => new GZipStream(s, CompressionLevel.Fastest)),
            "deflate" => Compress(plain, s => new ZLibStream(s, CompressionLevel.Fastest)),
            _ => Compress(plain, s => new BrotliStream(s, CompressionLevel.Fastest)),
        };
        string? acceptEncoding = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            acceptEncoding = c.Request.Headers.AcceptEncoding;
            c.Response.Headers.ContentEncoding = encoding;
            return Results.Bytes(compressed, "application/rss+xml");
        }));
        using var services = FetchingTestServices.Create();

        var result = await services.Fetcher().FetchAsync(new FetchRequest(server.Url("/feed")));
        Assert.Equal(Rss, Encoding.UTF8.GetString(result.Body));
        Assert.Contains("gzip", acceptEncoding);
        Assert.Contains("br", acceptEncoding);
    }

    [Fact]
    public async Task Corrupt_compressed_body_is_a_fetch_error()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(Encoding.UTF8.GetBytes(Rss), "application/rss+xml");
        }));
        using var services = FetchingTestServices.Create();
        var error = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/feed"))));
        Assert.StartsWith("invalid compressed response", error.Message);
    }

    [Fact]
    public async Task Slow_drip_is_cut_off_at_the_total_time_limit()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/drip", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/rss+xml";
            await c.Response.StartAsync();
            while (!c.RequestAborted.IsCancellationRequested)
            {
                await c.Response.Body.WriteAsync("<"u8.ToArray());
                await c.Response.Body.FlushAsync();
                try { await Task.Delay(200, c.RequestAborted); } catch (OperationCanceledException) { }
            }
        }));
        using var services = FetchingTestServices.Create(new Dictionary<string, string?> { ["Fetching:RequestTimeout"] = "00:00:02" });

        var error = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/drip"))));
        Assert.Equal("timed out after 2 s", error.Message);
    }

    [Fact]
    public async Task Error_statuses_carry_status_and_retry_after()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/busy", (HttpContext c) =>
            {
                c.Response.Headers.RetryAfter = "120";
                return Results.StatusCode(429);
            });
            app.MapGet("/down", (HttpContext c) =>
            {
                c.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddHours(2).ToString("R");
                return Results.StatusCode(503);
            });
            app.MapGet("/broken", () => Results.StatusCode(500));
            app.MapGet("/gone", () => Results.StatusCode(410));
        });
        using var services = FetchingTestServices.Create();
        var fetcher = services.Fetcher();

        var busy = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new FetchRequest(server.Url("/busy"))));
        Assert.Equal(429, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), busy.RetryAfter);
        Assert.StartsWith("HTTP 429", busy.Message);

        var down = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new FetchRequest(server.Url("/down"))));
        Assert.Equal(503, down.StatusCode);
        Assert.InRange(down.RetryAfter!.Value, TimeSpan.FromMinutes(100), TimeSpan.FromMinutes(121));

        var broken = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new FetchRequest(server.Url("/broken"))));
        Assert.Equal("HTTP 500 Internal Server Error", broken.Message);
        Assert.Null(broken.RetryAfter);

        var gone = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new FetchRequest(server.Url("/gone"))));
        Assert.Equal(410, gone.StatusCode);
    }

    [Fact]
    public async Task Connection_reset_becomes_a_fetch_error()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/reset", (HttpContext c) => { c.Abort(); return Task.CompletedTask; });
            app.MapGet("/midway", async (HttpContext c) =>
            {
                c.Response.ContentLength = 100_000;
                await c.Response.Body.WriteAsync(new byte[10_000]);
                await c.Response.Body.FlushAsync();
                c.Abort();
            });
        });
        using var services = FetchingTestServices.Create();

        var reset = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/reset"))));
        Assert.Matches("^connection (reset by the server|closed before the response was complete)$", reset.Message);
        var midway = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/midway"))));
        Assert.Matches("^connection (reset by the server|closed before the response was complete)$", midway.Message);
    }

    [Fact]
    public async Task Per_feed_credentials_reach_only_the_feeds_origin()
    {
        var seen = new List<(string Server, string? Authorization, string? Cookie, string? UserAgent)>();
        await using var other = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            lock (seen) seen.Add(("other", c.Request.Headers.Authorization, c.Request.Headers.Cookie, c.Request.Headers.UserAgent));
            return Results.Text(Rss);
        }));
        await using var origin = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/private", (HttpContext c) =>
            {
                lock (seen) seen.Add(("origin", c.Request.Headers.Authorization, c.Request.Headers.Cookie, c.Request.Headers.UserAgent));
                return Results.Redirect(other.Url("/feed"));
            });
        });
        using var services = FetchingTestServices.Create();

        await services.Fetcher().FetchAsync(new FetchRequest(origin.Url("/private"))
        {
            Username = "ann", Password = "pw", Cookie = "session=1", UserAgent = "Mozilla/5.0 (compatible)",
        });
        Assert.Equal(
            [
                ("origin", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:pw")), "session=1", "Mozilla/5.0 (compatible)"),
                ("other", "", "", "Mozilla/5.0 (compatible)"),
            ],
            seen.Select(s => (s.Server, s.Authorization ?? "", s.Cookie ?? "", s.UserAgent)));
    }

    [Fact]
    public async Task Ignoring_the_http_cache_sends_no_validators()
    {
        var conditional = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            if (c.Request.Headers.IfNoneMatch.Count > 0 || c.Request.Headers.IfModifiedSince.Count > 0) conditional++;
            c.Response.Headers.ETag = "\"v1\"";
            return Results.Text(Rss);
        }));
        using var services = FetchingTestServices.Create();
        var result = await services.Fetcher().FetchAsync(new FetchRequest(server.Url("/feed"))
        {
            ETag = "\"v1\"", LastModified = "Wed, 25 Nov 2026 10:00:00 GMT", IgnoreHttpCache = true,
        });
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(0, conditional);
    }

    [Theory]
    [InlineData("ftp://example.org/feed")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task Only_http_urls_are_fetched(string url)
    {
        using var services = FetchingTestServices.Create();
        var error = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(url)));
        Assert.StartsWith("not an http(s) URL", error.Message);
    }

    [Fact]
    public async Task Redirect_to_a_non_http_scheme_is_refused()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/x", () => Results.Redirect("file:///etc/passwd")));
        using var services = FetchingTestServices.Create();
        var error = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/x"))));
        Assert.StartsWith("redirect to unsupported URL", error.Message);
    }

    static byte[] Compress(byte[] data, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output)) compressor.Write(data);
        return output.ToArray();
    }
}
