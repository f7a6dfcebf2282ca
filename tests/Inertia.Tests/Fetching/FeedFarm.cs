using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Inertia.Tests.Support;

namespace Inertia.Tests.Fetching;

/// <summary>
/// A loopback feed server with one route per interesting behaviour: good feeds with ETags that change when new
/// items are published, redirects, loops, oversized and compressed-bomb bodies, slow drips, error statuses, an
/// HTML page, a mislabeled feed and connection resets.
/// </summary>
public sealed class FeedFarm : IAsyncDisposable
{
    readonly LoopbackServer _server;
    readonly Dictionary<int, int> _versions = [];
    static readonly byte[] Bomb = GzipZeros(64 * 1024 * 1024);
    static readonly byte[] Megabyte = new byte[1024 * 1024];

    FeedFarm(LoopbackServer server) => _server = server;

    public string Url(string path) => _server.Url(path);

    /// <summary>Requests that reached each path.</summary>
    public Dictionary<string, int> Hits { get; } = [];

    /// <summary>The paths that end in a per-feed error, with a fragment of the error the feed must show.</summary>
    public static readonly (string Path, string Error)[] Failing =
    [
        ("/loop-a.xml", "redirect loop"),
        ("/chain/0.xml", "more than 10 redirects"),
        ("/big.xml", "response body larger than 20 MB"),
        ("/bomb.xml", "response body larger than 20 MB"),
        ("/drip.xml", "timed out after"),
        ("/busy.xml", "HTTP 429"),
        ("/broken.xml", "HTTP 500 Internal Server Error"),
        ("/missing.xml", "HTTP 404 Not Found"),
        ("/page.html", "not a feed (text/html"),
        ("/reset.xml", "connection"),
        ("/midway.xml", "connection"),
    ];

    /// <summary>Adds one item to good feed <paramref name="n"/> and changes its ETag.</summary>
    public void Publish(int n)
    {
        lock (_versions) _versions[n] = Version(n) + 1;
    }

    int Version(int n)
    {
        lock (_versions) return _versions.GetValueOrDefault(n, 1);
    }

    public static async Task<FeedFarm> StartAsync()
    {
        FeedFarm? farm = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (c, next) =>
            {
                lock (farm!.Hits) farm.Hits[c.Request.Path] = farm.Hits.GetValueOrDefault(c.Request.Path) + 1;
                await next();
            });
            app.MapGet("/good/{n:int}.xml", (HttpContext c, int n) => farm!.Good(c, n));
            app.MapGet("/evil.xml", () => Results.Text(EvilRss, "application/rss+xml"));
            app.MapGet("/mislabeled.xml", () => Results.Text(Rss("Mislabeled", 0, 2), "text/plain"));
            app.MapGet("/moved.xml", () => Results.Redirect("/good/100.xml", permanent: true));
            app.MapGet("/moved-temp.xml", () => Results.Redirect("/good/101.xml"));
            app.MapGet("/loop-a.xml", () => Results.Redirect("/loop-b.xml"));
            app.MapGet("/loop-b.xml", () => Results.Redirect("/loop-a.xml"));
            app.MapGet("/chain/{n:int}.xml", (int n) => Results.Redirect($"/chain/{n + 1}.xml"));
            app.MapGet("/big.xml", async (HttpContext c) =>
            {
                c.Response.ContentType = "application/rss+xml";
                for (var i = 0; i < 25 && !c.RequestAborted.IsCancellationRequested; i++)
                    await c.Response.Body.WriteAsync(Megabyte, c.RequestAborted);
            });
            app.MapGet("/bomb.xml", (HttpContext c) =>
            {
                c.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(Bomb, "application/rss+xml");
            });
            app.MapGet("/drip.xml", async (HttpContext c) =>
            {
                c.Response.ContentType = "application/rss+xml";
                await c.Response.StartAsync();
                while (!c.RequestAborted.IsCancellationRequested)
                {
                    await c.Response.Body.WriteAsync(" "u8.ToArray());
                    await c.Response.Body.FlushAsync();
                    try { await Task.Delay(200, c.RequestAborted); } catch (OperationCanceledException) { }
                }
            });
            app.MapGet("/busy.xml", (HttpContext c) =>
            {
                c.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(429);
            });
            app.MapGet("/broken.xml", () => Results.StatusCode(500));
            app.MapGet("/page.html", () => Results.Content("<!doctype html><html><body><p>Just a page</p></body></html>", "text/html; charset=utf-8"));
            app.MapGet("/reset.xml", (HttpContext c) => { c.Abort(); return Task.CompletedTask; });
            app.MapGet("/midway.xml", async (HttpContext c) =>
            {
                c.Response.ContentLength = 100_000;
                await c.Response.Body.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"u8.ToArray());
                await c.Response.Body.FlushAsync();
                c.Abort();
            });
        });
        farm = new FeedFarm(server);
        return farm;
    }

    IResult Good(HttpContext c, int n)
    {
        var version = Version(n);
        var etag = $"\"good-{n}-v{version}\"";
        if (c.Request.Headers.IfNoneMatch == etag) return Results.StatusCode(304);
        c.Response.Headers.ETag = etag;
        c.Response.Headers.LastModified = "Wed, 25 Nov 2026 10:00:00 GMT";
        return Results.Text(Rss($"Good {n}", n, 2 + version), "application/rss+xml");
    }

    static string Rss(string title, int n, int items)
    {
        var entries = string.Concat(Enumerable.Range(1, items).Select(i =>
            $"<item><title>Post {i}</title><link>https://example.org/{n}/{i}</link><guid>urn:{n}:{i}</guid>" +
            $"<pubDate>{new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i):R}</pubDate><description>Body {i}</description></item>"));
        return $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title><link>https://example.org/{n}</link>" +
               $"<ttl>60</ttl>{entries}</channel></rss>";
    }

    const string EvilRss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Evil</title><link>https://evil.example/</link>
        <item><title>Bad</title><link>javascript:alert(4)</link><guid>evil-1</guid><comments>data:text/html,x</comments>
        <enclosure url="javascript:alert(5)" type="audio/mpeg" length="1"/><enclosure url="https://evil.example/a.mp3" type="audio/mpeg" length="2"/>
        <description><![CDATA[<p>Hi<script>alert(1)</script><img src="https://evil.example/a.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><a href="/rel">y</a></p>]]></description>
        </item></channel></rss>
        """;

    static byte[] GzipZeros(int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(new byte[size]);
        return output.ToArray();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
