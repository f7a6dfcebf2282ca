using Microsoft.AspNetCore.Builder;
using Inertia.Tests.Support;

namespace Inertia.Tests.EndToEnd;

/// <summary>
/// A small blog on a loopback server: an HTML home page that names its feed with &lt;link rel="alternate"&gt;, and an
/// RSS feed whose newest entry carries hostile markup the reader must never let through.
/// </summary>
public static class SampleSite
{
    public const string FeedTitle = "Loopback Engineering Blog";
    public const string NewestTitle = "安全公告：漏洞修复";
    public const string MiddleTitle = "Second post";
    public const string OldestTitle = "First post";

    public static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Text(
            $"""
            <!doctype html><html><head><title>{FeedTitle}</title>
            <link rel="alternate" type="application/rss+xml" title="{FeedTitle} RSS" href="/feed.xml">
            </head><body><h1>Welcome</h1></body></html>
            """, "text/html; charset=utf-8"));
        app.MapGet("/feed.xml", (Microsoft.AspNetCore.Http.HttpContext context) =>
            Microsoft.AspNetCore.Http.Results.Text(Rss(context.Request.Host.ToString()), "application/rss+xml; charset=utf-8"));
    });

    private static string Rss(string host) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel>
          <title>{FeedTitle}</title><link>http://{host}/</link><description>Posts</description>
          <item><title>{OldestTitle}</title><link>http://{host}/posts/1</link><guid>post-1</guid>
            <pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate><description>The very first post.</description></item>
          <item><title>{MiddleTitle}</title><link>http://{host}/posts/2</link><guid>post-2</guid>
            <pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate><description>Another one.</description></item>
          <item><title>{NewestTitle}</title><link>http://{host}/posts/3</link><guid>post-3</guid>
            <pubDate>Wed, 04 Nov 2026 08:00:00 +0800</pubDate>
            <description><![CDATA[<p id="body">本周修复了三个漏洞。</p><script>window.pwned = 1</script><img src="/x.png" onerror="window.pwned = 2"><a href="javascript:window.pwned=3">link</a>]]></description></item>
        </channel></rss>
        """;
}
