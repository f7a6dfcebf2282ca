using Inertia.Feeds.Model;
using Inertia.Storage;

namespace Inertia.Tests.Storage;

/// <summary>The hashes stored with every entry: a refresh compares them with what it computes now.</summary>
public sealed class EntryRowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_content_hash_stays_the_one_stored_by_earlier_builds()
    {
        // Values computed by the build that stored today's entries (8bc8c1c): a different hash for the same entry would
        // make every stored entry look changed at its next refresh, and rewrite it.
        var entry = new EntryData("k1", "urn:1", "https://example.org/a?x=1&y=\"2\"", "漏洞 <b>Café</b> \u00e9t\u00e9 \ud83d\ude00",
            "Ana María", "<p>Résumé — summary</p>", "<p>内容 &amp; \"content\"\n\ttabs</p>",
            new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero), null, ["新闻", "Tech"],
            [new Enclosure("https://example.org/a.mp3", "audio/mpeg", 1234)], "https://example.org/c", null);
        Assert.Equal("2f2aaa087226b8d98c59f789c6ef0b248f20a061e01f591636264e2e9be92abf", EntryRow.From(entry, Now).ContentHash);

        var bare = new EntryData("k2", null, null, null, null, null, null, null, null, [], [], null, null);
        Assert.Equal("01bd02ce7a668c23611f8c419f00846759cb8b1ac26648cdff258c24758e727e", EntryRow.From(bare, Now).ContentHash);
    }

    [Fact]
    public void A_huge_entry_hashes_as_its_serialized_JSON_and_the_next_entry_as_before()
    {
        var huge = new EntryData("k3", "urn:3", null, "Huge", null, null, "<p>" + new string('x', 3 << 20) + " 漏洞</p>",
            null, null, [], [], null, null);
        var row = EntryRow.From(huge, Now);
        // Its JSON outgrows the per-thread buffer's cap, which is then dropped: the hash is still that of the whole JSON.
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            huge.Guid, huge.Url, huge.Title, huge.Author, huge.Summary, huge.Content, null, null, "[]", "[]", null, null,
        });
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json)), row.ContentHash);

        var bare = new EntryData("k2", null, null, null, null, null, null, null, null, [], [], null, null);
        Assert.Equal("01bd02ce7a668c23611f8c419f00846759cb8b1ac26648cdff258c24758e727e", EntryRow.From(bare, Now).ContentHash);
    }
}
