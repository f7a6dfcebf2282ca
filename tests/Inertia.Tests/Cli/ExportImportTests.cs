using Inertia.Storage;
using Inertia.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Inertia.Tests.Cli;

/// <summary>`inertia export` and `inertia import` of subscriptions and starred entries, as real processes on real
/// SQLite folders: one database's export restored into an empty one, into one that has it already, and a bad file.</summary>
public sealed class ExportImportTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inertia-export-").FullName;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private string DataDir(string name) => Path.Combine(dir, name);

    private static async Task<string> RunAsync(string dataDir, params string[] args)
    {
        var (code, output) = await InertiaProcess.RunCommandAsync([.. args, "--data-dir", dataDir]);
        Assert.True(code == 0, $"inertia {string.Join(' ', args)} failed ({code}):\n{output}");
        return output;
    }

    private static Database Open(string dataDir) => new(new StorageOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDir });

    [Fact]
    public async Task Export_writes_opml_and_starred_json_that_import_restores_into_an_empty_and_a_full_database()
    {
        var source = DataDir("source");
        await RunAsync(source, "user", "add", "ann");
        await using (var db = Open(source))
        {
            var user = (await new UserStore(db).FindByNameAsync("ann"))!.Id;
            var subscriptions = new SubscriptionStore(db);
            var feed = (await new FeedStore(db).GetOrCreateAsync("https://advisories.example.org/feed.xml")).Id;
            await subscriptions.SubscribeAsync(user, feed, await subscriptions.GetOrCreateCategoryAsync(user, "安全"), "Advisories");
            var entries = new EntryStore(db);
            await entries.UpsertAsync(feed, [Entry("k1", "漏洞公告 2026-1", T0.AddHours(-1)), Entry("k2", "Second", T0.AddHours(-2)), Entry("k3", "Not starred", T0.AddHours(-3))], T0);
            var ids = (await entries.ListAsync(user, new EntryQuery())).ToDictionary(e => e.Title!, e => e.Id);
            await entries.SetStarredAsync(user, [ids["漏洞公告 2026-1"], ids["Second"]], true);
            await entries.SetReadAsync(user, [ids["Second"]], true);
        }
        SqliteConnection.ClearAllPools();

        var export = Path.Combine(dir, "export");
        var output = await RunAsync(source, "export", "--user", "ann", "--output", export);
        Assert.Contains("2 starred entries", output);
        var opml = Inertia.Feeds.Opml.Opml.Read(await File.ReadAllBytesAsync(Path.Combine(export, "subscriptions.opml")));
        Assert.Equal(["https://advisories.example.org/feed.xml"], opml.Feeds().Select(f => f.XmlUrl));
        var json = await File.ReadAllTextAsync(Path.Combine(export, "starred.json"));
        Assert.Contains("\"format\": \"inertia-starred\"", json);
        Assert.Contains("漏洞公告 2026-1", json); // CJK kept readable
        Assert.DoesNotContain("Not starred", json);

        // Into an empty database.
        var target = DataDir("target");
        await RunAsync(target, "user", "add", "ann");
        output = await RunAsync(target, "import", export, "--user", "ann");
        Assert.Contains("1 added, 0 already subscribed, 0 failed", output);
        Assert.Contains("2 starred entries: 2 stored, 0 already there", output);
        await AssertRestoredAsync(target);

        // Again, into the database that now has them: nothing doubles.
        output = await RunAsync(target, "import", export, "--user", "ann");
        Assert.Contains("0 added, 1 already subscribed", output);
        Assert.Contains("2 starred entries: 0 stored, 2 already there", output);
        await AssertRestoredAsync(target);

        // Back into the source, which has all of it: same.
        output = await RunAsync(source, "import", export, "--user", "ann");
        Assert.Contains("2 starred entries: 0 stored, 2 already there", output);
    }

    private static async Task AssertRestoredAsync(string dataDir)
    {
        await using var db = Open(dataDir);
        var user = (await new UserStore(db).FindByNameAsync("ann"))!.Id;
        var entries = new EntryStore(db);
        var starred = await entries.ListAsync(user, new EntryQuery(EntryFilter.Starred));
        Assert.Equal(["漏洞公告 2026-1", "Second"], starred.Select(e => e.Title));
        Assert.Equal([false, true], starred.Select(e => e.IsRead));
        Assert.Equal(2, (await entries.ListAsync(user, new EntryQuery())).Count);
        var category = Assert.Single(await new SubscriptionStore(db).ListCategoriesAsync(user));
        Assert.Equal("安全", category.Name);
        Assert.Equal(2, (await entries.ListAsync(user, new EntryQuery(CategoryId: category.Id))).Count);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_bad_starred_file_is_refused_with_a_clear_error_and_nothing_is_imported()
    {
        var target = DataDir("bad");
        await RunAsync(target, "user", "add", "ann");
        var export = Path.Combine(dir, "broken");
        Directory.CreateDirectory(export);
        await File.WriteAllTextAsync(Path.Combine(export, "subscriptions.opml"), """
            <?xml version="1.0" encoding="utf-8"?>
            <opml version="2.0"><head><title>x</title></head><body>
              <outline text="Blog" type="rss" xmlUrl="https://blog.example.org/atom.xml"/>
            </body></opml>
            """);
        var starred = Path.Combine(export, "starred.json");

        await File.WriteAllTextAsync(starred, "{\n  \"format\": \"inertia-starred\",\n  \"version\": 1,\n  \"entries\": [ {\"feedUrl\": \"https://blog.example.org/atom.xml\", \n");
        var (code, output) = await InertiaProcess.RunCommandAsync("import", export, "--user", "ann", "--data-dir", target);
        Assert.NotEqual(0, code);
        Assert.Contains("cannot import starred.json: not valid starred-entries JSON at line", output);

        // Valid JSON, one good entry and one without a key: refused whole too.
        await File.WriteAllTextAsync(starred, """
            {"format": "inertia-starred", "version": 1, "entries": [
              {"feedUrl": "https://blog.example.org/atom.xml", "key": "a", "title": "fine", "sortAt": "2026-11-01T00:00:00Z"},
              {"feedUrl": "https://blog.example.org/atom.xml", "title": "no key", "sortAt": "2026-11-01T00:00:00Z"}]}
            """);
        (code, output) = await InertiaProcess.RunCommandAsync("import", export, "--user", "ann", "--data-dir", target);
        Assert.NotEqual(0, code);
        Assert.Contains("1 bad entry, nothing imported: entry 2: key is missing", output);

        await File.WriteAllTextAsync(starred, """{"format": "something-else", "version": 1, "entries": []}""");
        (code, output) = await InertiaProcess.RunCommandAsync("import", export, "--user", "ann", "--data-dir", target);
        Assert.NotEqual(0, code);
        Assert.Contains("not an Inertia starred-entries file", output);

        // Neither the OPML's subscription nor any entry went in.
        await using var db = Open(target);
        var user = (await new UserStore(db).FindByNameAsync("ann"))!.Id;
        Assert.Empty(await new SubscriptionStore(db).ListAsync(user));
        Assert.Empty(await new EntryStore(db).ListAsync(user, new EntryQuery()));
        SqliteConnection.ClearAllPools();
    }

    private static EntryData Entry(string key, string title, DateTimeOffset published) =>
        new(key, key, $"https://advisories.example.org/{key}", title, "Ann", null, $"<p>Body of {title}</p>", published, null, [], [], null, null);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
