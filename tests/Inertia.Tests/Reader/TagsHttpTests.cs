using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Inertia.Storage;

namespace Inertia.Tests.Reader;

/// <summary>Tagging entries, the tag lists and their management, over plain HTTP (no JavaScript).</summary>
public sealed class TagsHttpTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static List<EntryData> Five() =>
        Enumerable.Range(0, 5).Select(i => ReaderApp.Entry($"e{i}", $"Entry {i}", $"<p>{i}</p>", Day.AddHours(-i))).ToList();

    private static IReadOnlyList<string> Matches(string html, string pattern) =>
        Regex.Matches(html, pattern).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    private static async Task<HttpResponseMessage> TagAsync(ReaderClient client, long entryId, string name, string token, bool json = false) =>
        await client.PostAsync($"/reader/entries/{entryId}/tags", [new("name", name), new("returnUrl", $"/reader/entries/{entryId}?in=all")], token, json);

    [Fact]
    public async Task Tags_are_added_from_the_entry_page_shown_in_lists_and_the_sidebar_and_removed()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (feedId, ids) = await app.SeedFeedAsync("Five", Five(), ada);
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var page = await client.GetHtmlAsync($"/reader/entries/{ids[1]}?in=all");
        Assert.Contains("data-testid=\"tag-input\"", page);
        var token = ReaderClient.Token(page);

        // "a, b" adds two tags; without JS the form goes back to the entry.
        using (var added = await TagAsync(client, ids[1], " Linux ,  稍后读 ", token))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            Assert.Equal($"/reader/entries/{ids[1]}?in=all", added.Headers.Location!.OriginalString);
        }
        (await TagAsync(client, ids[3], "linux", token)).Dispose(); // the same tag, whatever the case
        var tags = await app.Get<TagStore>().ListAsync(ada);
        Assert.Equal([("Linux", 2), ("稍后读", 1)], tags.Select(t => (t.Name, t.Count)));
        var linux = tags[0];

        page = await client.GetHtmlAsync($"/reader/entries/{ids[1]}?in=all");
        Assert.Equal(["Linux", "稍后读"], Matches(page, "data-testid=\"entry-tag\"><a href=\"/reader/tags/\\d+\" dir=\"auto\">([^<]*)</a>"));
        Assert.Contains("<option value=\"Linux\"></option>", page); // suggestions for the field

        // The list shows each entry's tags; the sidebar lists the tags with their entry counts.
        var list = await client.GetHtmlAsync($"/reader/feeds/{feedId}");
        Assert.Equal(["Linux", "稍后读", "Linux"], Matches(list, "data-testid=\"item-tag\">([^<]*)</a>"));
        Assert.Equal(["Linux", "稍后读"], Matches(list, "data-testid=\"sidebar-tag\" data-tag-id=\"\\d+\">\\s*<span[^>]*>#</span><span class=\"label\" dir=\"auto\">([^<]*)</span>"));
        Assert.Equal(["2", "1"], Matches(list, "data-testid=\"tag-count\">(\\d+)</span>"));

        // In place: JSON with the entry's tags.
        using (var json = await TagAsync(client, ids[0], "Linux", token, json: true))
        {
            using var state = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            Assert.Equal(["Linux"], state.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        }

        using (var removed = await client.PostAsync($"/reader/entries/{ids[1]}/tags/remove",
                   [new("tag", linux.Id.ToString()), new("returnUrl", $"/reader/entries/{ids[1]}?in=all")], token))
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(["稍后读"], (await app.Get<TagStore>().OfEntriesAsync(ada, [ids[1]]))[ids[1]].Select(t => t.Name));

        // Without the antiforgery token nothing changes.
        using (var forged = await TagAsync(client, ids[2], "forged", token: null!))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(await app.Get<TagStore>().FindAsync(ada, "forged"));
    }

    [Theory]
    [InlineData("en", "   ", "A tag needs a name.")]
    [InlineData("en", "good, bell\u0007", "A tag cannot contain control characters.")]
    [InlineData("zh-CN", "   ", "标签名称不能为空。")]
    [InlineData("zh-CN", "12345678901234567890123456789012345678901234567890123456789012345", "标签最多 64 个字符。")]
    public async Task A_refused_name_is_explained_and_changes_nothing(string language, string name, string message)
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Five", Five(), ada);
        using var client = app.Client(language);
        (await client.SignInAsync("ada", "right-password-1")).Dispose();
        var token = await client.TokenFromAsync($"/reader/entries/{ids[0]}?in=all");

        // One bad name among good ones: none is added.
        using (var refused = await TagAsync(client, ids[0], name, token))
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = await client.GetHtmlAsync($"/reader/entries/{ids[0]}?in=all");
        Assert.Contains($"data-testid=\"flash-error\">{WebUtility.HtmlEncode(message)}</p>", page);
        Assert.Empty(await app.Get<TagStore>().ListAsync(ada));

        using var json = await TagAsync(client, ids[0], name, token, json: true);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(message, JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Another_users_entries_and_tags_are_out_of_reach()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        var (_, ids) = await app.SeedFeedAsync("Ada's", Five(), ada);
        var adaTag = (await app.Get<TagStore>().AddAsync(ada, ids[0], "secret"))!;
        using var client = app.Client();
        (await client.SignInAsync("bob", "right-password-2")).Dispose();
        var token = await client.TokenFromAsync("/reader/settings");

        using (var tagging = await TagAsync(client, ids[1], "mine", token))
            Assert.Equal(HttpStatusCode.NotFound, tagging.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/reader/tags/{adaTag.Id}")).StatusCode);
        using (var rename = await client.PostAsync($"/reader/tags/{adaTag.Id}/rename", [new("name", "hacked")], token))
            Assert.Equal(HttpStatusCode.NotFound, rename.StatusCode);
        using (var delete = await client.PostAsync($"/reader/tags/{adaTag.Id}/delete", [], token))
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        using (var remove = await client.PostAsync($"/reader/entries/{ids[0]}/tags/remove", [new("tag", adaTag.Id.ToString())], token))
            Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode); // nothing of Bob's to remove
        Assert.Equal("secret", (await app.Get<TagStore>().GetAsync(ada, adaTag.Id))!.Name);
        Assert.Single(await app.Get<TagStore>().EntriesAsync(ada, adaTag.Id, new EntryQuery()));
        Assert.DoesNotContain("secret", await client.GetHtmlAsync("/reader/all"));

        // Signed out: the sign-in page, not the tag.
        using var visitor = app.Client();
        using var anonymous = await visitor.GetAsync($"/reader/tags/{adaTag.Id}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/signin", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_tag_page_lists_pages_and_marks_its_entries_and_renames_and_deletes_the_tag()
    {
        await using var app = await ReaderApp.StartAsync("--Reader:PageSize=2");
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var (_, ids) = await app.SeedFeedAsync("Five", Five(), ada);
        var (_, other) = await app.SeedFeedAsync("Other", [ReaderApp.Entry("o", "Untagged newest", "<p>o</p>", Day.AddHours(1))], ada);
        var store = app.Get<TagStore>();
        foreach (var i in new[] { 0, 1, 3 }) await store.AddAsync(ada, ids[i], "kernel");
        var tag = (await store.FindAsync(ada, "kernel"))!;
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var page = await client.GetHtmlAsync($"/reader/tags/{tag.Id}");
        Assert.Contains("data-list=\"tag-" + tag.Id + "\"", page);
        Assert.Equal(["Entry 0", "Entry 1"], Matches(page, "data-testid=\"entry-link\">([^<]*)</a>"));
        // Entry links carry the tag, so next and previous stay in it.
        Assert.Contains($"/reader/entries/{ids[0]}?in=all&amp;tag={tag.Id}", page);
        var more = Matches(page, "href=\"([^\"]+)\" rel=\"next\" data-testid=\"more\"").Single();
        Assert.StartsWith($"/reader/tags/{tag.Id}?after=", more);
        Assert.Equal(["Entry 3"], Matches(await client.GetHtmlAsync(more), "data-testid=\"entry-link\">([^<]*)</a>"));
        var entry = await client.GetHtmlAsync($"/reader/entries/{ids[1]}?in=all&tag={tag.Id}");
        Assert.Contains($"href=\"/reader/entries/{ids[3]}?in=all&amp;tag={tag.Id}\" rel=\"next\"", entry);
        Assert.Contains($"href=\"/reader/entries/{ids[0]}?in=all&amp;tag={tag.Id}\" rel=\"prev\"", entry);

        // Mark all as read: the tag's entries only.
        page = await client.GetHtmlAsync($"/reader/tags/{tag.Id}");
        var upTo = Regex.Match(page, "name=\"upTo\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.Contains($"name=\"tag\" value=\"{tag.Id}\"", page);
        using (var marked = await client.PostAsync("/reader/mark-all-read", [new("tag", tag.Id.ToString()), new("upTo", upTo)], ReaderClient.Token(page), json: true))
            Assert.Equal(2, JsonDocument.Parse(await marked.Content.ReadAsStringAsync()).RootElement.GetProperty("marked").GetInt32()); // 1 was read when opened
        var unread = (await app.Get<EntryStore>().ListAsync(ada, new EntryQuery(EntryFilter.Unread))).Select(e => e.Id);
        Assert.Equal([other[0], ids[2], ids[4]], unread);

        // Rename: another tag's name is refused with a message; then renamed.
        await store.AddAsync(ada, ids[4], "Linux");
        var token = ReaderClient.Token(page);
        using (var taken = await client.PostAsync($"/reader/tags/{tag.Id}/rename", [new("name", "linux")], token))
            Assert.Equal($"/reader/tags/{tag.Id}", taken.Headers.Location!.OriginalString);
        Assert.Contains("You already have a tag with that name.", await client.GetHtmlAsync($"/reader/tags/{tag.Id}"));
        using (var renamed = await client.PostAsync($"/reader/tags/{tag.Id}/rename", [new("name", "内核")], token))
            Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains("data-testid=\"list-heading\">内核</h1>", await client.GetHtmlAsync($"/reader/tags/{tag.Id}"));

        using (var deleted = await client.PostAsync($"/reader/tags/{tag.Id}/delete", [], token))
            Assert.Equal("/reader", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/reader/tags/{tag.Id}")).StatusCode);
        Assert.Equal(["Linux"], (await store.ListAsync(ada)).Select(t => t.Name));
        Assert.Equal(6, (await app.Get<EntryStore>().ListAsync(ada, new EntryQuery())).Count); // the entries stay
    }
}
