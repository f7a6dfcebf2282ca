using System.Security.Cryptography;
using System.Text;
using Inertia.Feeds.Model;
using Inertia.Fetching;

namespace Inertia.Tests.Fetching;

/// <summary>The source hash a refresh compares to skip unchanged entries (<see cref="EntrySource"/>).</summary>
public sealed class EntrySourceTests
{
    /// <summary>Its definition: SHA-256 of the UTF-8 of the fields joined with unit separators, null as U+0001.</summary>
    static string Joined(ParsedEntry e, string baseUrl)
    {
        var text = new StringBuilder();
        void Add(string? value) => text.Append(value ?? "\u0001").Append('\u001f');
        Add(EntrySource.Build); Add(baseUrl);
        Add(e.Key); Add(e.Id); Add(e.Url); Add(e.Title); Add(e.Author); Add(e.Summary); Add(e.Content);
        Add(e.Published?.UtcTicks.ToString()); Add(e.Updated?.UtcTicks.ToString());
        Add(e.CommentsUrl); Add(e.ImageUrl);
        foreach (var c in e.Categories) Add(c);
        text.Append('\u001e');
        foreach (var x in e.Enclosures) { Add(x.Url); Add(x.Type); Add(x.Length?.ToString()); }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    static ParsedEntry Entry()
    {
        var e = new ParsedEntry
        {
            Key = "urn:1", Id = "urn:1", Url = "https://example.org/1", Title = "标题 and title", Author = null,
            Summary = "<p>short</p>", Content = "<p>" + string.Concat(Enumerable.Repeat("内容 content 😀 ", 300)) + "</p>",
            Published = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), Updated = null, CommentsUrl = "",
        };
        e.Categories.AddRange(["a", "分类"]);
        e.Enclosures.Add(new Enclosure("https://example.org/a.mp3", "audio/mpeg", 12345));
        e.Enclosures.Add(new Enclosure("https://example.org/b.mp3"));
        return e;
    }

    [Fact]
    public void Hashed_field_by_field_it_equals_the_hash_of_the_joined_fields()
    {
        var e = Entry();
        Assert.Equal(Joined(e, "https://example.org/feed"), EntrySource.Hash(e, "https://example.org/feed"));
        var bare = new ParsedEntry { Key = "k" };
        Assert.Equal(Joined(bare, ""), EntrySource.Hash(bare, ""));
    }

    [Fact]
    public void Every_field_and_the_difference_between_empty_and_missing_change_the_hash()
    {
        var baseline = EntrySource.Hash(Entry(), "https://example.org/feed");
        var changes = new Action<ParsedEntry>[]
        {
            e => e.Title += "!", e => e.Content += " ", e => e.Author = "", e => e.CommentsUrl = null,
            e => e.Published = e.Published!.Value.AddTicks(1), e => e.Updated = e.Published, e => e.Categories.Add("c"),
            e => e.Enclosures[1] = new Enclosure("https://example.org/b.mp3", null, 0),
        };
        Assert.NotEqual(baseline, EntrySource.Hash(Entry(), "https://example.org/other"));
        foreach (var change in changes)
        {
            var e = Entry();
            change(e);
            Assert.NotEqual(baseline, EntrySource.Hash(e, "https://example.org/feed"));
        }
    }
}
