using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Inertia.Feeds.Opml;
using Inertia.Storage;
using Inertia.Tests.Support;

namespace Inertia.Tests.Reader;

/// <summary>OPML import (upload, checks, background job, summary) and export in the real app, over plain HTTP.</summary>
public sealed class OpmlHttpTests
{
    public const string NestedOpml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>Elsewhere</title></head><body>
          <outline text="Tech" title="Tech">
            <outline text="Security">
              <outline text="Alpha" type="rss" xmlUrl="http://127.0.0.1:9/alpha.xml" htmlUrl="http://127.0.0.1:9/"/>
              <outline text="Broken" type="rss" xmlUrl="ftp://files.example/feed"/>
            </outline>
            <outline text="Beta" type="rss" xmlUrl="http://127.0.0.1:9/beta.xml"/>
          </outline>
          <outline text="新闻">
            <outline text="中文源" type="rss" xmlUrl="http://127.0.0.1:9/zh.xml"/>
          </outline>
          <outline text="Loose" type="rss" xmlUrl="http://127.0.0.1:9/loose.xml"/>
        </body></opml>
        """;

    private static async Task<WebSession> SignedInAsync(ReaderApp app)
    {
        var session = new WebSession(app.BaseUri, "en");
        await session.SignInAsync("ada", "right-password-1");
        return session;
    }

    private static async Task<(HttpStatusCode Status, string Html, Uri? Final)> UploadAsync(WebSession session, byte[] file, string name = "feeds.opml")
    {
        await session.GetAsync("/reader/opml");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(session.Token!), "__RequestVerificationToken");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/x-opml");
        form.Add(content, "file", name);
        using var response = await session.Http.PostAsync("/reader/opml", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.RequestMessage?.RequestUri);
    }

    /// <summary>Reads the status page until the import is done (a background job: it finishes on its own time).</summary>
    private static async Task<string> WaitUntilDoneAsync(WebSession session, string path)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var html = await session.GetAsync(path);
            if (html.Contains("data-import-status=\"done\"")) return html;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} never finished");
    }

    [Fact]
    public async Task Bad_files_are_refused_with_a_clear_message_and_change_nothing()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        using var session = await SignedInAsync(app);

        var (status, html, _) = await UploadAsync(session, "<html><body>not a list</body></html>"u8.ToArray(), "page.html");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Matches("data-testid=\"opml-error\">This file is not OPML: The root element is &lt;html&gt;", html);

        (status, html, _) = await UploadAsync(session, """<opml version="2.0"><body><outline text="Empty folder"/></body></opml>"""u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("No feeds were found in this file.", html);

        (status, html, _) = await UploadAsync(session, new byte[Inertia.Reader.Pages.OpmlModel.MaxFileBytes + 1]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The file is larger than 5 MB.", html);

        (status, html, _) = await UploadAsync(session, []);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Choose an OPML file to import.", html);

        Assert.Empty(await app.Get<SubscriptionStore>().ListAsync(ada));
    }

    [Fact]
    public async Task An_import_runs_in_the_background_reports_each_feed_and_the_export_gives_it_back()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        using var session = await SignedInAsync(app);
        // Already followed: counted as "already there", its category left alone.
        await app.Get<Inertia.Subscriptions.FeedSubscriber>().SubscribeAsync(ada, "http://127.0.0.1:9/loose.xml", "Mine");

        var (status, _, final) = await UploadAsync(session, Encoding.UTF8.GetBytes(NestedOpml));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("^/reader/opml/imports/\\d+$", final!.AbsolutePath);

        var done = await WaitUntilDoneAsync(session, final.AbsolutePath);
        Assert.Contains("data-testid=\"opml-added\">3<", done);
        Assert.Contains("data-testid=\"opml-existing\">1<", done);
        Assert.Contains("data-testid=\"opml-failed\">1<", done);
        Assert.Contains("<tr data-testid=\"opml-failure\"><td class=\"url\"><code>ftp://files.example/feed</code></td><td>not an http(s) URL</td></tr>", done);
        Assert.DoesNotContain("http-equiv=\"refresh\"", done); // done: the page stops refreshing itself

        // The import is listed on the OPML page, reachable from the feeds page and settings.
        Assert.Contains("href=\"/reader/opml\" data-testid=\"opml-link\"", await session.GetAsync("/reader/feeds"));
        Assert.Contains("href=\"/reader/opml\" data-testid=\"settings-opml-link\"", await session.GetAsync("/reader/settings"));
        Assert.Contains("3 added, 1 already there, 1 failed", await session.GetAsync("/reader/opml"));

        using var export = await session.Http.GetAsync("/reader/opml?handler=export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("inertia-subscriptions.opml", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("text/x-opml", export.Content.Headers.ContentType?.ToString());
        var document = Opml.Read(await export.Content.ReadAsByteArrayAsync());
        var categories = document.Feeds().ToDictionary(o => o.XmlUrl!, o => o.CategoryPath.SingleOrDefault());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["http://127.0.0.1:9/alpha.xml"] = "Security",
            ["http://127.0.0.1:9/beta.xml"] = "Tech",
            ["http://127.0.0.1:9/zh.xml"] = "新闻",
            ["http://127.0.0.1:9/loose.xml"] = "Mine",
        }, categories);
        Assert.Equal("Alpha", document.Feeds().Single(o => o.XmlUrl!.EndsWith("alpha.xml")).DisplayName);
    }

    [Fact]
    public async Task Another_users_import_is_not_found()
    {
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var (jobId, _) = await app.Get<Inertia.Subscriptions.OpmlImportJobs>().StartAsync(bob, "bob.opml",
            [new Inertia.Subscriptions.OpmlImportItem("http://127.0.0.1:9/bob.xml", null, "Bob")]);
        using var session = await SignedInAsync(app);
        using var response = await session.Http.GetAsync($"/reader/opml/imports/{jobId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("bob.opml", await session.GetAsync("/reader/opml"));
    }
}
