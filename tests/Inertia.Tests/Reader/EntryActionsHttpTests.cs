using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Inertia.Storage;

namespace Inertia.Tests.Reader;

/// <summary>Mark above as read, keep unread, copy link and the help overlay, over plain HTTP.</summary>
public sealed class EntryActionsHttpTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static IEnumerable<EntryData> Five() =>
        Enumerable.Range(0, 5).Select(i => ReaderApp.Entry($"e{i}", $"Entry {i}", $"<p>{i}</p>", Day.AddHours(-i)));

    [Fact]
    public async Task Mark_above_as_read_marks_the_entries_listed_above_in_this_list_only()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feedId, ids) = await app.SeedFeedAsync("Five", Five().ToList(), ada);
        var (_, others) = await app.SeedFeedAsync("Other", [ReaderApp.Entry("o", "Newest elsewhere", "<p>o</p>", Day.AddHours(1))], ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var list = await client.GetHtmlAsync($"/reader/feeds/{feedId}");
        var actions = Regex.Matches(list, "formaction=\"([^\"]*mark-above-read[^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(4, actions.Count); // nothing is above the first entry
        Assert.Equal($"/reader/entries/{ids[2]}/mark-above-read?in=all&feed={feedId}", actions[1]);
        var upTo = Regex.Match(list, "name=\"upTo\" value=\"(\\d+)\"").Groups[1].Value;

        using (var posted = await client.PostAsync(actions[1], [new("upTo", upTo), new("returnUrl", $"/reader/feeds/{feedId}")], ReaderClient.Token(list)))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal($"/reader/feeds/{feedId}", posted.Headers.Location!.OriginalString);
        }
        var states = await app.Get<EntryStore>().ListAsync(ada, new EntryQuery(FeedId: feedId, Limit: 10));
        Assert.Equal([true, true, false, false, false], states.Select(s => s.IsRead));
        Assert.False((await app.Get<EntryStore>().GetAsync(ada, others[0]))!.IsRead); // another feed's newer entry

        // In place: JSON with the new unread total.
        using var json = await client.PostAsync(actions[3], [new("upTo", upTo)], ReaderClient.Token(list), json: true);
        using var state = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal(2, state.RootElement.GetProperty("marked").GetInt32());
        Assert.Equal(2, state.RootElement.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Keep_unread_stops_opening_from_marking_read_until_the_entry_is_marked_read()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Feed", Five().ToList(), ada);
        var entries = app.Get<EntryStore>();
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var page = await client.GetHtmlAsync($"/reader/entries/{ids[0]}?in=unread");
        Assert.True((await entries.GetAsync(ada, ids[0]))!.IsRead);
        Assert.Contains("data-testid=\"keep-unread\" aria-pressed=\"false\"", page);
        using (var kept = await client.PostAsync($"/reader/entries/{ids[0]}/keep-unread", [new("keep", "true"), new("returnUrl", $"/reader/entries/{ids[0]}?in=unread")], ReaderClient.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
            Assert.Equal($"/reader/entries/{ids[0]}?in=unread", kept.Headers.Location!.OriginalString);
        }
        // Back on the entry (the redirect), and again later: it stays unread.
        var reopened = await client.GetHtmlAsync($"/reader/entries/{ids[0]}?in=unread");
        await client.GetHtmlAsync($"/reader/entries/{ids[0]}");
        Assert.False((await entries.GetAsync(ada, ids[0]))!.IsRead);
        Assert.Contains("data-testid=\"keep-unread\" aria-pressed=\"true\"", reopened);
        Assert.Contains("name=\"keep\" value=\"false\"", reopened);

        // Marking it read by hand ends it: the next opening marks read as usual.
        using (var read = await client.PostAsync($"/reader/entries/{ids[0]}/read", [new("read", "true")], ReaderClient.Token(reopened), json: true))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await client.PostAsync($"/reader/entries/{ids[0]}/read", [new("read", "false")], ReaderClient.Token(reopened), json: true);
        await client.GetHtmlAsync($"/reader/entries/{ids[0]}");
        Assert.True((await entries.GetAsync(ada, ids[0]))!.IsRead);

        using var json = await client.PostAsync($"/reader/entries/{ids[1]}/keep-unread", [new("keep", "true")], ReaderClient.Token(reopened), json: true);
        using var state = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.True(state.RootElement.GetProperty("keepUnread").GetBoolean());
        Assert.False(state.RootElement.GetProperty("read").GetBoolean());
    }

    [Fact]
    public async Task Lists_offer_copy_link_and_the_help_overlay_lists_the_new_shortcuts()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        await app.SeedFeedAsync("Feed", Five().ToList(), ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var list = await client.GetHtmlAsync("/reader/all");
        Assert.Contains("data-copy=\"https://example.org/e0\" data-copied=\"Copied\" data-testid=\"item-copy-link\"", list);
        foreach (var key in new[] { "<kbd>f</kbd>", "<kbd>u</kbd>", "<kbd>c</kbd>", "<kbd>M</kbd>" }) Assert.Contains(key, list);
        Assert.Contains("<dd>Mark the entries above as read</dd>", list);
        Assert.Contains("<dd>Fetch full article / switch version</dd>", list);
        Assert.Contains("<dd>Keep unread</dd>", list);
    }
}
