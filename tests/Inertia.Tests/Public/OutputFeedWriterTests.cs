using System.Text.Json;
using System.Xml.Linq;
using Inertia.Feeds;
using Inertia.Public.Output;
using Inertia.Storage;

namespace Inertia.Tests.Public;

/// <summary>
/// Output feeds written from tricky entries and read back by Inertia's own parser, by Python feedparser, and checked
/// against the Atom and JSON Feed rules.
/// </summary>
public class OutputFeedWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    private static OutputFeed Sample() => new(
        "Inertia · 星标 & “friends”",
        HomeUrl: "http://127.0.0.1:5000/",
        SelfUrl: "http://127.0.0.1:5000/output/tok.rss",
        Updated: T0.AddHours(2),
        Entries:
        [
            new OutputEntry(41, "惯性聚合 — 你好 & ‘world’", "https://example.org/posts/1?a=1&b=2", "张三",
                T0, T0.AddHours(1), T0, T0.AddHours(1), "<p>摘要 summary</p>",
                "<p>Full <b>content</b> with a \u0001control char and an emoji 🎉</p>", "示例博客", "https://example.org/"),
            new OutputEntry(42, "Summary only", null, null, null, null, T0.AddMinutes(-5), T0.AddMinutes(-5),
                "<p>Only a summary</p>", null, "Second Feed", null),
        ],
        EntryUrl: id => $"http://127.0.0.1:5000/reader/entries/{id}");

    private static async Task<byte[]> WriteAsync(OutputFeed feed, OutputFormat format)
    {
        using var buffer = new MemoryStream();
        await OutputFeedWriter.WriteAsync(buffer, feed, format, CancellationToken.None);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(OutputFormat.Rss, "rss2.0", "rss20")]
    [InlineData(OutputFormat.Atom, "atom1.0", "atom10")]
    [InlineData(OutputFormat.Json, "json1.1", null)]
    public async Task Each_format_reads_back_with_Inertias_parser_and_python_feedparser(OutputFormat format, string inertiaFormat, string? pythonVersion)
    {
        var bytes = await WriteAsync(Sample(), format);
        // Debian's feedparser 6.0 reads RSS and Atom but not JSON Feed: JSON is checked by the rules test below.
        if (pythonVersion is not null) await AssertPythonReadsAsync(bytes, pythonVersion);

        var parsed = FeedParser.Parse(bytes, new FeedParseOptions { DocumentUrl = "http://127.0.0.1:5000/output/tok." + OutputFeed.Extension(format) });
        Assert.Equal(inertiaFormat, parsed.Format);
        Assert.Empty(parsed.Warnings);
        Assert.Equal("Inertia · 星标 & “friends”", parsed.Title);
        Assert.Equal(2, parsed.Entries.Count);
        var first = parsed.Entries[0];
        Assert.Equal("惯性聚合 — 你好 & ‘world’", first.Title);
        Assert.Equal("https://example.org/posts/1?a=1&b=2", first.Url);
        Assert.Equal("张三", first.Author);
        Assert.Equal(T0, first.Published);
        Assert.Contains("<b>content</b>", first.Content);
        Assert.Contains("🎉", first.Content);
        Assert.DoesNotContain("\u0001", first.Content, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:5000/reader/entries/41", first.Id);
        var second = parsed.Entries[1];
        Assert.Equal("http://127.0.0.1:5000/reader/entries/42", second.Url);
        Assert.Contains("Only a summary", second.Content ?? second.Summary);
    }

    private static async Task AssertPythonReadsAsync(byte[] bytes, string pythonVersion)
    {
        var py = await PythonFeedparser.ParseAsync(bytes);
        Assert.Equal(pythonVersion, py.GetProperty("version").GetString());
        Assert.False(py.GetProperty("bozo").GetBoolean(), py.GetProperty("bozo_exception").GetString());
        Assert.Equal("Inertia · 星标 & “friends”", py.GetProperty("title").GetString());
        var entries = py.GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal("惯性聚合 — 你好 & ‘world’", entries[0].GetProperty("title").GetString());
        Assert.Equal("https://example.org/posts/1?a=1&b=2", entries[0].GetProperty("link").GetString());
        Assert.Equal("http://127.0.0.1:5000/reader/entries/41", entries[0].GetProperty("id").GetString());
        Assert.Equal("张三", entries[0].GetProperty("author").GetString());
        var html = entries[0].GetProperty("content").EnumerateArray().Select(c => c.GetString()).FirstOrDefault()
                   ?? entries[0].GetProperty("summary").GetString();
        Assert.Contains("<b>content</b>", html);
        Assert.Equal("http://127.0.0.1:5000/reader/entries/42", entries[1].GetProperty("link").GetString());
    }

    [Fact]
    public async Task Atom_output_has_what_RFC_4287_requires()
    {
        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(await WriteAsync(Sample(), OutputFormat.Atom)));
        XNamespace a = "http://www.w3.org/2005/Atom";
        var feed = doc.Root!;
        Assert.Equal(a + "feed", feed.Name);
        foreach (var required in new[] { "id", "title", "updated" }) Assert.Single(feed.Elements(a + required));
        Assert.Equal("self", feed.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("rel")!.Value);
        Assert.NotNull(feed.Element(a + "author")?.Element(a + "name"));
        foreach (var entry in feed.Elements(a + "entry"))
        {
            foreach (var required in new[] { "id", "title", "updated" }) Assert.Single(entry.Elements(a + required));
            Assert.True(Uri.IsWellFormedUriString(entry.Element(a + "id")!.Value, UriKind.Absolute));
            Assert.True(DateTimeOffset.TryParse(entry.Element(a + "updated")!.Value, out _));
            // An entry without content must have an alternate link (it has both here).
            Assert.Contains(entry.Elements(a + "link"), l => (string?)l.Attribute("rel") == "alternate");
        }
    }

    [Fact]
    public async Task Json_feed_follows_version_1_1()
    {
        using var json = JsonDocument.Parse(await WriteAsync(Sample(), OutputFormat.Json));
        var root = json.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.Equal("http://127.0.0.1:5000/output/tok.rss", root.GetProperty("feed_url").GetString());
        var ids = new HashSet<string>();
        foreach (var item in root.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, item.GetProperty("id").ValueKind);
            Assert.True(ids.Add(item.GetProperty("id").GetString()!));
            Assert.True(item.TryGetProperty("content_html", out _) || item.TryGetProperty("content_text", out _));
            Assert.True(DateTimeOffset.TryParse(item.GetProperty("date_published").GetString(), out _));
            Assert.Equal(JsonValueKind.Array, item.GetProperty("authors").ValueKind);
            Assert.False(item.TryGetProperty("author", out _), "1.1 uses authors, not the deprecated author");
        }
    }
}
