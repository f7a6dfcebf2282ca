using System.Net;
using System.Text.Json;
using Inertia.Storage;

namespace Inertia.Tests.Reader;

public sealed class ReadingTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lists_show_entries_newest_first_and_opening_one_renders_it_and_marks_it_read()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feedId, ids) = await app.SeedFeedAsync("Ada's notes",
        [
            ReaderApp.Entry("old", "Older post", "<p>old body</p>", Day),
            ReaderApp.Entry("new", "Newer <post>", "<p>The <strong>newest</strong> body</p>", Day.AddHours(5)),
        ], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var list = await client.GetHtmlAsync("/reader");
        Assert.True(list.IndexOf("Newer &lt;post&gt;", StringComparison.Ordinal) < list.IndexOf("Older post", StringComparison.Ordinal),
            "newest first, and feed text is HTML-encoded in the list");
        Assert.Contains("data-testid=\"unread-count\" data-unread-total>2<", list);

        var newId = (await app.Get<EntryStore>().ListAsync(ada, new EntryQuery(FeedId: feedId, Limit: 1)))[0].Id;
        var page = await client.GetHtmlAsync($"/reader/entries/{newId}?in=unread");
        Assert.Contains("<p>The <strong>newest</strong> body</p>", page); // stored content is sanitized already: rendered as HTML
        Assert.Contains("href=\"https://example.org/new\" target=\"_blank\" rel=\"noopener noreferrer\" data-testid=\"read-original\"", page);
        Assert.Contains("data-testid=\"entry-next\"", page); // the older entry follows in the unread list

        var entry = await app.Get<EntryStore>().GetAsync(ada, newId);
        Assert.True(entry!.IsRead);

        // Without JS, "mark as unread" on the entry page goes back to the list, so reopening does not undo it.
        var unreadButton = System.Text.RegularExpressions.Regex.Match(page, "formaction=\"([^\"]+)\" name=\"read\" value=\"false\"");
        Assert.True(unreadButton.Success);
        using (var keep = await client.PostAsync(System.Net.WebUtility.HtmlDecode(unreadButton.Groups[1].Value),
                   [new("read", "false"), new("returnUrl", $"/reader/entries/{newId}?in=unread")], ReaderClient.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, keep.StatusCode);
            Assert.Equal("/reader/unread", keep.Headers.Location!.OriginalString);
        }
        Assert.False((await app.Get<EntryStore>().GetAsync(ada, newId))!.IsRead);
        (await client.GetAsync($"/reader/entries/{newId}")).Dispose();
        Assert.Equal(1, await app.Get<EntryStore>().CountUnreadAsync(ada));
        Assert.Contains(ids, id => id == newId);
    }

    [Fact]
    public async Task Star_and_read_toggles_answer_scripts_with_json_and_forms_with_a_redirect()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feedId, ids) = await app.SeedFeedAsync("Feed", [ReaderApp.Entry("a", "A", "<p>a</p>", Day)], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();
        var token = await client.TokenFromAsync("/reader");

        using var star = await client.PostAsync($"/reader/entries/{ids[0]}/star", [new("starred", "true")], token, json: true);
        Assert.Equal(HttpStatusCode.OK, star.StatusCode);
        using var state = JsonDocument.Parse(await star.Content.ReadAsStringAsync());
        Assert.True(state.RootElement.GetProperty("starred").GetBoolean());
        Assert.Equal(feedId, state.RootElement.GetProperty("feedId").GetInt64());

        using var read = await client.PostAsync($"/reader/entries/{ids[0]}/read", [new("read", "true"), new("returnUrl", "/reader/all")], token);
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Equal("/reader/all", read.Headers.Location!.OriginalString);

        var entry = await app.Get<EntryStore>().GetAsync(ada, ids[0]);
        Assert.True(entry!.IsStarred);
        Assert.True(entry.IsRead);
        Assert.Contains("data-testid=\"entry-link\"", await client.GetHtmlAsync("/reader/starred"));
    }

    [Fact]
    public async Task Mark_all_read_stops_at_the_time_the_list_was_rendered()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feedId, _) = await app.SeedFeedAsync("Feed",
            [ReaderApp.Entry("a", "A", "<p>a</p>", Day), ReaderApp.Entry("b", "B", "<p>b</p>", Day.AddHours(1))], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();
        var html = await client.GetHtmlAsync($"/reader/feeds/{feedId}");
        Assert.Contains("data-testid=\"mark-all-read\"", html);

        // An entry published after the list was rendered arrives before the click.
        await app.Get<EntryStore>().UpsertAsync(feedId, [ReaderApp.Entry("c", "C", "<p>c</p>", DateTimeOffset.UtcNow.AddMinutes(5))], DateTimeOffset.UtcNow);
        var upTo = System.Text.RegularExpressions.Regex.Match(html, "name=\"upTo\" value=\"(\\d+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/reader/mark-all-read",
            [new("feed", feedId.ToString()), new("upTo", upTo), new("returnUrl", $"/reader/feeds/{feedId}")], ReaderClient.Token(html), json: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unread = await app.Get<EntryStore>().ListAsync(ada, new EntryQuery(EntryFilter.Unread, FeedId: feedId));
        Assert.Equal(["C"], unread.Select(e => e.Title));
    }

    [Fact]
    public async Task Keyset_paging_offers_more_until_the_list_ends()
    {
        await using var app = await ReaderApp.StartAsync("--Reader:PageSize=2");
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.SeedFeedAsync("Feed", Enumerable.Range(1, 5).Select(i => ReaderApp.Entry($"e{i}", $"Entry {i}", "<p>x</p>", Day.AddHours(i))).ToList(), ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var titles = new List<string>();
        string? next = "/reader/all";
        while (next is not null)
        {
            var html = await client.GetHtmlAsync(next);
            titles.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"entry-link\">([^<]+)<").Select(m => m.Groups[1].Value));
            var more = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]+)\" rel=\"next\" data-testid=\"more\"");
            next = more.Success ? System.Net.WebUtility.HtmlDecode(more.Groups[1].Value) : null;
        }

        Assert.Equal(["Entry 5", "Entry 4", "Entry 3", "Entry 2", "Entry 1"], titles);

        // Oldest first: the same paging backwards, and an opened entry's "next" follows that order.
        var oldest = await client.GetHtmlAsync("/reader/all?order=oldest");
        Assert.Equal(["Entry 1", "Entry 2"], System.Text.RegularExpressions.Regex.Matches(oldest, "data-testid=\"entry-link\">([^<]+)<").Select(m => m.Groups[1].Value));
        var firstPath = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(oldest, "href=\"([^\"]+)\" data-testid=\"entry-link\"").Groups[1].Value);
        Assert.EndsWith("&order=oldest", firstPath);
        var first = await client.GetHtmlAsync(firstPath);
        Assert.Matches("rel=\"next\" data-testid=\"entry-next\" title=\"Entry 2\"", first);
        Assert.DoesNotContain("data-testid=\"entry-prev\"", first);
    }
}
