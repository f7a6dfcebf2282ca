using System.Text.Json;
using Inertia.Tests.Support;

namespace Inertia.Tests.Cli;

/// <summary>The `inertia` command line as a user runs it: a real process, a real SQLite folder, real files.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inertia-cli-").FullName;

    private Task<(int ExitCode, string Output)> Run(params string[] args) =>
        InertiaProcess.RunCommandAsync([.. args, "--data-dir", Path.Combine(dir, "data")]);

    [Fact]
    public async Task Parse_json_prints_the_documented_shape()
    {
        var file = Path.Combine(dir, "feed.xml");
        await File.WriteAllTextAsync(file, """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>CLI &amp; feed</title><link>https://example.org/</link><language>zh-CN</language>
            <item><title>第一篇</title><link>https://example.org/1</link><guid>urn:1</guid><author>a@example.org (Ann)</author>
              <pubDate>Sun, 24 May 2026 10:00:00 +0800</pubDate><description>&lt;p&gt;Hi&lt;/p&gt;</description><category>news</category>
              <enclosure url="https://example.org/1.mp3" type="audio/mpeg" length="1234"/></item>
            <item><title>No guid</title><link>https://example.org/2</link><pubDate>not a date</pubDate></item>
            </channel></rss>
            """);
        var (code, output) = await InertiaProcess.RunCommandAsync("parse", file, "--json");
        Assert.True(code == 0, output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("rss2.0", root.GetProperty("format").GetString());
        Assert.Equal("utf-8", root.GetProperty("encoding").GetString());
        Assert.Equal("CLI & feed", root.GetProperty("title").GetString());
        Assert.Equal("https://example.org/", root.GetProperty("siteUrl").GetString());
        Assert.Equal("zh-CN", root.GetProperty("language").GetString(), ignoreCase: true);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);

        var entries = root.GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        var first = entries[0];
        Assert.Equal("urn:1", first.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("key").GetString()));
        Assert.Equal("https://example.org/1", first.GetProperty("url").GetString());
        Assert.Equal("第一篇", first.GetProperty("title").GetString());
        Assert.Equal("2026-05-24T02:00:00Z", first.GetProperty("published").GetString());
        Assert.Equal(["news"], first.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var enclosure = first.GetProperty("enclosures")[0];
        Assert.Equal("https://example.org/1.mp3", enclosure.GetProperty("url").GetString());
        Assert.Equal("audio/mpeg", enclosure.GetProperty("type").GetString());
        Assert.Equal(1234, enclosure.GetProperty("length").GetInt64());

        var second = entries[1];
        Assert.Equal(JsonValueKind.Null, second.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("published").ValueKind); // unparseable is absent, never "now"
        Assert.NotEqual(first.GetProperty("key").GetString(), second.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Parse_refuses_what_is_not_a_feed_with_a_clear_error()
    {
        var file = Path.Combine(dir, "page.txt");
        await File.WriteAllTextAsync(file, "just some text, not a feed");
        var (code, output) = await InertiaProcess.RunCommandAsync("parse", file);
        Assert.NotEqual(0, code);
        Assert.Contains("is not a feed", output);

        (code, output) = await InertiaProcess.RunCommandAsync("parse", Path.Combine(dir, "missing.xml"));
        Assert.NotEqual(0, code);
        Assert.Contains("cannot read", output);
    }

    [Fact]
    public async Task Users_opml_import_and_export_round_trip()
    {
        var (code, output) = await Run("user", "add", "ann", "--admin");
        Assert.True(code == 0, output);
        Assert.Matches("created user ann with password \\S{12,}", output);
        (code, output) = await Run("user", "add", "ann");
        Assert.NotEqual(0, code);
        Assert.Contains("already exists", output);
        (code, output) = await Run("user", "passwd", "ann", "--password", "new-secret-1");
        Assert.True(code == 0, output);
        (code, output) = await Run("user", "list");
        Assert.Contains("ann\tadmin", output);

        var opml = Path.Combine(dir, "in.opml");
        await File.WriteAllTextAsync(opml, """
            <?xml version="1.0" encoding="utf-8"?>
            <opml version="2.0"><head><title>mine</title></head><body>
              <outline text="安全"><outline text="Advisories" type="rss" xmlUrl="https://advisories.example.org/feed.xml" htmlUrl="https://advisories.example.org/"/></outline>
              <outline text="Top level" type="rss" xmlUrl="https://blog.example.org/atom.xml"/>
              <outline text="Broken" type="rss" xmlUrl="ftp://nowhere.example.org/feed"/>
            </body></opml>
            """);
        (code, output) = await Run("import", opml, "--user", "ann");
        Assert.True(code == 0, output);
        Assert.Contains("2 added, 0 already subscribed, 1 failed", output);
        (code, output) = await Run("import", opml, "--user", "ann");
        Assert.Contains("0 added, 2 already subscribed", output);

        var exported = Path.Combine(dir, "out.opml");
        (code, output) = await Run("export", "--user", "ann", "--output", exported);
        Assert.True(code == 0, output);
        var document = Inertia.Feeds.Opml.Opml.Read(await File.ReadAllBytesAsync(exported));
        var feeds = document.Feeds().ToList();
        Assert.Equal(["https://blog.example.org/atom.xml", "https://advisories.example.org/feed.xml"], feeds.Select(f => f.XmlUrl));
        Assert.Equal(["安全"], feeds[1].CategoryPath);
        Assert.Empty(feeds[0].CategoryPath);
    }

    [Fact]
    public async Task Bad_input_to_commands_fails_clearly()
    {
        var opml = Path.Combine(dir, "bad.opml");
        await File.WriteAllTextAsync(opml, "<html><body>not opml</body></html>");
        var (code, output) = await Run("import", opml, "--user", "nobody");
        Assert.NotEqual(0, code);
        Assert.Contains("cannot import", output);

        await File.WriteAllTextAsync(opml, "<opml version=\"2.0\"><body/></opml>");
        (code, output) = await Run("import", opml, "--user", "nobody");
        Assert.NotEqual(0, code);
        Assert.Contains("no user named \"nobody\"", output);

        (code, output) = await Run("refresh", "--feed", "999");
        Assert.NotEqual(0, code);
        Assert.Contains("no feed with id 999", output);
    }

    [Fact]
    public async Task Backup_copies_a_consistent_database()
    {
        var (code, output) = await Run("user", "add", "bea", "--password", "pw-123456");
        Assert.True(code == 0, output);
        var copy = Path.Combine(dir, "copy.db");
        (code, output) = await Run("backup", copy);
        Assert.True(code == 0, output);
        // The copy is a working database on its own.
        Directory.CreateDirectory(Path.Combine(dir, "restored"));
        File.Copy(copy, Path.Combine(dir, "restored", "inertia.db"));
        (code, output) = await InertiaProcess.RunCommandAsync("user", "list", "--data-dir", Path.Combine(dir, "restored"));
        Assert.True(code == 0, output);
        Assert.Contains("bea", output);
        (code, output) = await Run("backup", copy);
        Assert.NotEqual(0, code);
        Assert.Contains("already exists", output);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
