using System.Net;
using System.Text.RegularExpressions;
using Inertia.Storage;
using Inertia.Tests.Infrastructure;

namespace Inertia.Tests.Reader;

/// <summary>The real reader app on either dialect (a fresh SQLite file, or a fresh database on the tests' PostgreSQL).</summary>
internal sealed class SettingsApp : IAsyncDisposable
{
    private readonly string? _connectionString;

    private SettingsApp(ReaderApp app, string? connectionString)
    {
        App = app;
        _connectionString = connectionString;
    }

    public ReaderApp App { get; }

    public static async Task<SettingsApp> StartAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite) return new SettingsApp(await ReaderApp.StartAsync(), null);
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync("reader");
        return new SettingsApp(await ReaderApp.StartAsync("--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}"), connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_connectionString is not null) await PostgresServer.Instance.DropDatabaseAsync(_connectionString);
    }
}

/// <summary>Reading preferences honoured by the lists, and the password change.</summary>
public sealed class SettingsTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> Titles(string html) =>
        Regex.Matches(html, "data-testid=\"entry-link\">([^<]*)</a>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    private static string? More(string html) =>
        Regex.Match(html, "href=\"([^\"]+)\" rel=\"next\" data-testid=\"more\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static async Task SaveAsync(ReaderClient client, params (string Name, string Value)[] fields)
    {
        var token = await client.TokenFromAsync("/reader/settings");
        using var saved = await client.PostAsync("/reader/settings", fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), token);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Page_size_order_and_start_page_are_honoured_and_paging_works_both_ways(DatabaseProvider provider)
    {
        await using var host = await SettingsApp.StartAsync(provider);
        var app = host.App;
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        // 25 entries one hour apart, plus three at the same time (the id breaks the tie, in both directions).
        var entries = Enumerable.Range(0, 25).Select(i => ReaderApp.Entry($"e{i:00}", $"Entry {i:00}", "<p>x</p>", Day.AddHours(i)))
            .Concat(Enumerable.Range(0, 3).Select(i => ReaderApp.Entry($"same{i}", $"Same {i}", "<p>x</p>", Day.AddHours(12).AddMinutes(30))))
            .ToList();
        await app.SeedFeedAsync("Numbers", entries, ada, bob);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        await SaveAsync(client, ("Language", "en"), ("Theme", "system"), ("PageSize", "10"), ("MarkRead", "open"), ("DefaultView", "all"), ("Order", "oldest"));

        var settings = await client.GetHtmlAsync("/reader/settings");
        Assert.Contains("value=\"10\"", settings);
        Assert.Matches("value=\"oldest\" checked=\"checked\"", settings);

        // Oldest first, ten a page, keyset paged to the end without a gap or a repeat.
        var seen = new List<string>();
        string? next = "/reader";
        var pages = 0;
        while (next is not null)
        {
            var html = await client.GetHtmlAsync(next);
            var titles = Titles(html);
            Assert.InRange(titles.Count, 1, 10);
            seen.AddRange(titles);
            next = More(html);
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(28, seen.Count);
        Assert.Equal(28, seen.Distinct().Count());
        Assert.Equal("Entry 00", seen[0]);
        Assert.Equal("Entry 24", seen[^1]);

        // The order link of a list names the other order; newest first then pages the other way.
        var newest = new List<string>();
        next = "/reader/all?order=newest";
        while (next is not null)
        {
            var html = await client.GetHtmlAsync(next);
            newest.AddRange(Titles(html));
            next = More(html);
            if (next is not null) Assert.Contains("order=newest", next);
        }
        Assert.Equal(Enumerable.Reverse(seen), newest);

        // The start page is "all": nothing was opened, everything is still unread and listed at /reader.
        Assert.Contains("data-list=\"all\"", await client.GetHtmlAsync("/reader"));

        // Bob keeps the defaults: unread, newest first, Reader:PageSize (50).
        using var other = app.Client();
        (await other.SignInAsync("bob", "right-password-2")).Dispose();
        var bobs = await other.GetHtmlAsync("/reader");
        Assert.Contains("data-list=\"unread\"", bobs);
        Assert.Equal(28, Titles(bobs).Count);
        Assert.Equal("Entry 24", Titles(bobs)[0]);
    }

    [Fact]
    public async Task Never_marking_read_leaves_opened_entries_unread_and_scroll_marks_the_list()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Feed", [ReaderApp.Entry("a", "Alpha", "<p>a</p>", Day)], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        await SaveAsync(client, ("Language", ""), ("Theme", "system"), ("PageSize", ""), ("MarkRead", "never"), ("DefaultView", "unread"), ("Order", "newest"));
        Assert.Contains("Alpha", await client.GetHtmlAsync($"/reader/entries/{ids[0]}"));
        Assert.False((await app.Get<EntryStore>().GetAsync(ada, ids[0]))!.IsRead);
        Assert.Contains("data-mark-on-scroll=\"false\"", await client.GetHtmlAsync("/reader"));

        await SaveAsync(client, ("Language", ""), ("Theme", "system"), ("PageSize", ""), ("MarkRead", "scroll"), ("DefaultView", "unread"), ("Order", "newest"));
        Assert.Contains("data-mark-on-scroll=\"true\"", await client.GetHtmlAsync("/reader"));
        // Opening still marks read (the scroll setting only adds marking in lists).
        await client.GetHtmlAsync($"/reader/entries/{ids[0]}");
        Assert.True((await app.Get<EntryStore>().GetAsync(ada, ids[0]))!.IsRead);
    }

    [Fact]
    public async Task A_bad_page_size_is_refused_with_a_reason_and_nothing_changes()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();
        foreach (var bad in new[] { "3", "5000", "lots" })
        {
            var token = await client.TokenFromAsync("/reader/settings");
            using var refused = await client.PostAsync("/reader/settings",
                [new("Language", "zh-CN"), new("Theme", "dark"), new("PageSize", bad), new("MarkRead", "never"), new("DefaultView", "all"), new("Order", "oldest")], token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"settings-error\"", html);
            Assert.Contains("10", html);
        }
        Assert.Equal(ReadingPreferences.Default, await app.Get<UserStore>().GetReadingPreferencesAsync(ada));
        Assert.Equal("", (await app.Get<UserStore>().GetAsync(ada))!.Language);
    }

    [Fact]
    public async Task Changing_the_password_checks_the_old_one_and_signs_out_other_browsers()
    {
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var here = app.Client();
        using var elsewhere = app.Client();
        (await here.SignInAsync("ada", "right-password-1")).Dispose();
        (await elsewhere.SignInAsync("ada", "right-password-1")).Dispose();

        async Task<HttpResponseMessage> Change(string current, string next, string confirm) =>
            await here.PostAsync("/reader/settings?handler=Password",
                [new("currentPassword", current), new("newPassword", next), new("confirmPassword", confirm)],
                await here.TokenFromAsync("/reader/settings"));

        foreach (var (current, next, confirm, reason) in new[]
                 {
                     ("wrong-password", "new-password-1", "new-password-1", "The current password is wrong."),
                     ("right-password-1", "short", "short", "at least 8 characters"),
                     ("right-password-1", "new-password-1", "new-password-2", "The two new passwords differ."),
                 })
        {
            using var refused = await Change(current, next, confirm);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/reader")).StatusCode);

        using (var changed = await Change("right-password-1", "new-password-1", "new-password-1"))
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/reader")).StatusCode);
        using var signedOut = await elsewhere.GetAsync("/reader");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/signin", signedOut.Headers.Location!.OriginalString);

        using var third = app.Client();
        using (var old = await third.SignInAsync("ada", "right-password-1")) Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using (var fresh = await third.SignInAsync("ada", "new-password-1")) Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }
}
