using System.Text;
using System.Text.Json;
using Inertia.Feeds.Model;

namespace Inertia.Feeds.Tests;

/// <summary>
/// The byte-level tokenizer must read every document exactly as the XmlReader path does, or hand it over: each corpus
/// file (and a set of mutated ones) is parsed both ways and the results compared field by field.
/// </summary>
public class Utf8TokenizerTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static (string Json, bool Tokenized) ParseBothWays(byte[] bytes, FeedParseOptions options, out string reference)
    {
        FeedParser.DisableUtf8Tokenizer = true;
        try { reference = JsonSerializer.Serialize(FeedParser.Parse(bytes, options), Json); }
        finally { FeedParser.DisableUtf8Tokenizer = false; }
        var fast = JsonSerializer.Serialize(FeedParser.Parse(bytes, options), Json);
        return (fast, FeedParser.LastParseTokenized);
    }

    [Fact]
    public void Every_corpus_file_reads_the_same_as_with_XmlReader()
    {
        var files = Directory.EnumerateFiles(Corpus.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && new FileInfo(f).Length is > 0 and < 4 * 1024 * 1024)
            .Where(f => Path.GetExtension(f) is ".xml" or ".rss" or ".atom" or ".rdf" or ".opml" or ".json" or "")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(files.Length > 1000, "corpus looks incomplete");
        var options = new FeedParseOptions { DocumentUrl = "https://corpus.example/dir/feed.xml" };
        var differences = new List<string>();
        var tokenized = 0;
        foreach (var file in files)
        {
            var (fast, used) = ParseBothWays(File.ReadAllBytes(file), options, out var reference);
            if (used) tokenized++;
            if (fast != reference) differences.Add($"{Path.GetRelativePath(Corpus.Root, file)}:\n  xmlreader {reference[..Math.Min(600, reference.Length)]}\n  tokenizer {fast[..Math.Min(600, fast.Length)]}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} file(s) differ:\n" + string.Join("\n", differences.Take(10)));
        Assert.True(tokenized > files.Length / 2, $"only {tokenized} of {files.Length} files took the tokenizer");
    }

    [Fact]
    public void Mutated_documents_read_the_same_or_are_handed_over()
    {
        var rng = new Random(20261128);
        var sources = new[] { "feedparser/tests/wellformed", "netnewswire", "miniflux" }
            .Select(d => Path.Combine(Corpus.Root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.xml", SearchOption.AllDirectories))
            .Where(f => new FileInfo(f).Length < 256 * 1024)
            .Order(StringComparer.Ordinal).ToArray();
        // Small edits that keep most documents well-formed-looking: the cases where a lax tokenizer would accept too much.
        string[] inserts = ["<", ">", "&", "&amp;", "&#0;", "&#x41;", "]]>", "<!-- - -->", "<!---->", "<?pi x?>", "<?xml x?>",
            "\r", "\r\n", " xmlns:a=\"\"", " a=\"1\" a=\"2\"", "<a:b/>", "</x>", "<![CDATA[x]]>", "&nbsp;", "\"", "'", "=", "<x y='<'/>"];
        var differences = new List<string>();
        for (var n = 0; n < 1500; n++)
        {
            var file = sources[rng.Next(sources.Length)];
            var text = File.ReadAllText(file);
            var pos = rng.Next(text.Length + 1);
            var mutated = Encoding.UTF8.GetBytes(text.Insert(pos, inserts[rng.Next(inserts.Length)]));
            var (fast, _) = ParseBothWays(mutated, new FeedParseOptions(), out var reference);
            if (fast != reference) differences.Add($"{Path.GetRelativePath(Corpus.Root, file)} at {pos}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} mutation(s) differ: " + string.Join("; ", differences.Take(10)));
    }

    /// <summary>
    /// The tokenizer reuses a mapped entry's elements for what follows it: generated feeds put feed-level elements between
    /// and after entries, nest items in items (RSS 1.0 items sit at depth 1, so an inner one is an entry too), and vary
    /// the entries' shapes, so that a reused element still in the tree would show as a difference.
    /// </summary>
    [Fact]
    public void Entries_and_the_elements_around_them_read_as_with_XmlReader()
    {
        var rng = new Random(20261207);
        string Entry(string tag, int n, int depth)
        {
            var sb = new StringBuilder($"<{tag}><title>t{n}</title>");
            for (var k = rng.Next(4); k > 0; k--)
                sb.Append(rng.Next(3) switch
                {
                    0 => $"<link>https://e.example/{n}/{k}</link><category>c{k}</category>",
                    1 => $"<description><![CDATA[<p>d{n} <a href=\"/r{k}\">r</a></p>]]></description>",
                    _ => $"<author><name>a{k}</name><uri>/u{k}</uri></author>",
                });
            if (depth < 2 && rng.Next(4) == 0) sb.Append(Entry(tag, n * 10 + 1, depth + 1));
            return sb.Append($"</{tag}>").ToString();
        }
        string Around(int n) => rng.Next(3) switch
        {
            0 => $"<link>https://site.example/{n}</link>",
            1 => $"<image><url>/i{n}.png</url><title>i{n}</title></image>",
            _ => $"<description>feed {n}</description>",
        };
        var compared = 0;
        for (var f = 0; f < 300; f++)
        {
            var rdf = f % 2 == 0;
            var sb = new StringBuilder(rdf
                ? "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>f</title></channel>"
                : "<rss version=\"2.0\"><channel><title>f</title>");
            for (var n = rng.Next(1, 8); n > 0; n--)
            {
                if (rng.Next(2) == 0) sb.Append(Around(n));
                sb.Append(Entry("item", n, 0));
            }
            sb.Append(Around(0)).Append(rdf ? "</rdf:RDF>" : "</channel></rss>");
            var (fast, used) = ParseBothWays(Encoding.UTF8.GetBytes(sb.ToString()), new FeedParseOptions { DocumentUrl = "https://e.example/feed" }, out var reference);
            Assert.True(used, "the tokenizer should read these");
            Assert.Equal(reference, fast);
            compared++;
        }
        Assert.Equal(300, compared);
    }

    /// <summary>
    /// CDATA bodies of each size the tokenizer treats apart (short, medium through the char buffer, large in a pooled
    /// buffer) holding CRs, C1 controls (mojibake the builder repairs, C2 80–9F) and other C2 characters (no-break
    /// spaces), in every order: one search decides about the CR and the C1 check, so each combination must read as with
    /// XmlReader.
    /// </summary>
    [Fact]
    public void Cdata_bodies_with_carriage_returns_and_c1_controls_read_as_with_XmlReader()
    {
        string[] pieces = ["<p>text</p>", "\r\n", "\r", "\u0092", "\u0085", "\u00A0", "é", "’", "\n", "x"];
        var rng = new Random(20261207);
        foreach (var size in new[] { 100, 1_500, 6_000 })
            for (var n = 0; n < 60; n++)
            {
                // Each body draws from its own few special pieces, so that many hold C1 controls but no CR.
                var own = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => pieces[rng.Next(1, pieces.Length)]).ToArray();
                var sb = new StringBuilder();
                while (sb.Length < size)
                    sb.Append(rng.Next(8) == 0 ? own[rng.Next(own.Length)] : "<p>plain text</p>");
                var xml = $"<rss version=\"2.0\"><channel><title>f</title><item><title>t</title><description><![CDATA[{sb}]]></description></item></channel></rss>";
                var (fast, used) = ParseBothWays(Encoding.UTF8.GetBytes(xml), new FeedParseOptions(), out var reference);
                Assert.True(used, "the tokenizer should read these");
                Assert.Equal(reference, fast);
            }
    }

    [Fact]
    public void Text_and_attributes_with_references_decode_as_with_XmlReader()
    {
        // Pieces around the decoder's 16-byte blocks: ASCII, 2-, 3- and 4-byte characters, every kind of reference,
        // line breaks and tabs (normalized differently in text and in attribute values).
        string[] pieces = ["a", "abcdefghijklmnop", "é", "中文", "😀", "&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#10;", "&#x9;",
            "&#x1F600;", "&#233;", "\r", "\r\n", "\n", "\t", " ", "&lt;p&gt;", "x&amp;y", "Ω"];
        var rng = new Random(20261206);
        var differences = new List<string>();
        var tokenized = 0;
        for (var n = 0; n < 400; n++)
        {
            var sb = new StringBuilder();
            var count = rng.Next(0, 40);
            for (var k = 0; k < count; k++) sb.Append(pieces[rng.Next(pieces.Length)]);
            var value = sb.ToString();
            var attr = value.Replace("<", "&lt;");
            var xml = $"<feed xmlns='http://www.w3.org/2005/Atom'><title>{value}</title><entry><id>x</id><title type='html'>{value}</title>"
                      + $"<category term='{attr.Replace("'", "&apos;")}' label=\"{attr.Replace("\"", "&quot;")}\"/></entry></feed>";
            var (fast, used) = ParseBothWays(Encoding.UTF8.GetBytes(xml), new FeedParseOptions(), out var reference);
            if (used) tokenized++;
            if (fast != reference) differences.Add($"{value}:\n  xmlreader {reference}\n  tokenizer {fast}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} differ:\n" + string.Join("\n", differences.Take(5)));
        Assert.True(tokenized > 300, $"only {tokenized} took the tokenizer");
    }

    /// <summary>The tokenizer checks UTF-8 validity itself, in every range it decodes or skips: bad bytes anywhere hand the document over.</summary>
    [Theory]
    [InlineData("<title>a{0}b</title>")]                                     // text
    [InlineData("<title>a &amp; {0}</title>")]                               // text with references
    [InlineData("<title>a\r\n{0}</title>")]                                // text with line breaks
    [InlineData("<title><![CDATA[a{0}]]></title>")]                          // small CDATA
    [InlineData("<title><![CDATA[a\r{0}]]></title>")]                       // CDATA with a carriage return
    [InlineData("<description><![CDATA[<p>{1}{0}</p>]]></description>")]    // large CDATA (pooled buffer)
    [InlineData("<title a='{0}'>x</title>")]                                 // short attribute value
    [InlineData("<title a='{1}{0}'>x</title>")]                              // long attribute value
    [InlineData("<title a='&amp;{0}'>x</title>")]                            // attribute value with a reference
    [InlineData("<!-- {0} --><title>x</title>")]                             // comment
    [InlineData("<?pi {0}?><title>x</title>")]                               // processing instruction
    public void Invalid_utf8_anywhere_hands_the_document_over(string item)
    {
        var filler = new string('x', 5000);
        foreach (var bad in new byte[][] { [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80] })
        {
            var parts = string.Format("<rss version=\"2.0\"><channel><item>" + item + "</item></channel></rss>", "\u0001", filler).Split('\u0001');
            var bytes = Encoding.UTF8.GetBytes(parts[0]).Concat(bad).Concat(Encoding.UTF8.GetBytes(parts[1])).ToArray();
            Assert.False(System.Text.Unicode.Utf8.IsValid(bytes));
            var (fast, tokenized) = ParseBothWays(bytes, new FeedParseOptions(), out var reference);
            Assert.False(tokenized, item);
            Assert.Equal(reference, fast);
            Assert.Contains("not valid utf-8", fast);
        }
    }

    [Fact]
    public void Utf8_decoding_matches_the_runtime_and_rejects_what_it_rejects()
    {
        var rng = new Random(7);
        var pieces = new[] { "a", "é", "中", "😀", "\u0080", "<", " ", "\uFFFD" };
        for (var n = 0; n < 3000; n++)
        {
            var sb = new StringBuilder();
            var count = rng.Next(0, 90);
            for (var k = 0; k < count; k++) sb.Append(pieces[rng.Next(pieces.Length)]);
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            Assert.True(Inertia.Feeds.Xml.Utf8Text.TryDecode(bytes, out var text), $"{Convert.ToHexString(bytes)} {Inertia.Feeds.Xml.Utf8Text.Utf16Length(bytes)} {sb.Length}");
            Assert.Equal(sb.ToString(), text);
            if (bytes.Length == 0) continue;
            // One byte changed or dropped: decoded exactly when the runtime calls it valid.
            var broken = bytes.ToList();
            var at = rng.Next(broken.Count);
            if (rng.Next(2) == 0) broken.RemoveAt(at); else broken[at] = (byte)rng.Next(0x80, 0x100);
            var array = broken.ToArray();
            var valid = System.Text.Unicode.Utf8.IsValid(array);
            Assert.Equal(valid, Inertia.Feeds.Xml.Utf8Text.TryDecode(array, out var again));
            if (valid) Assert.Equal(Encoding.UTF8.GetString(array), again);
        }
    }

    [Fact]
    public void A_plain_feed_takes_the_tokenizer()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
                  + "<title>A &amp; B &#x4E2D;</title><item><title><![CDATA[x < y]]></title><dc:creator>Ann</dc:creator>"
                  + "<description a='1&#10;2'>one\r\ntwo</description></item></channel></rss>";
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(xml));
        Assert.True(FeedParser.LastParseTokenized);
        Assert.Equal("A & B 中", feed.Title);
        Assert.Equal("x < y", feed.Entries[0].Title);
        Assert.Equal("Ann", feed.Entries[0].Author);
        Assert.Equal("one\ntwo", feed.Entries[0].Summary);
        Assert.False(feed.Bozo);
    }

    [Theory]
    [InlineData("a > b ]] > c ]>")]
    [InlineData("]>]>]]")]
    [InlineData("> &amp; >")]
    public void Greater_than_signs_in_text_are_read_by_the_tokenizer(string title)
    {
        var xml = $"<rss><channel><title>t</title><item><title>{title}</title></item></channel></rss>";
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(xml));
        Assert.True(FeedParser.LastParseTokenized);
        Assert.Equal(System.Net.WebUtility.HtmlDecode(title), feed.Entries[0].Title);
        Assert.False(feed.Bozo);
    }

    [Theory]
    [InlineData("<rss><channel><title>x</title></channel></rss><rss/>")]     // two roots
    [InlineData("<rss><channel><title>x &nbsp;</title></channel></rss>")]     // undefined entity
    [InlineData("<rss><channel><title>x</titel></channel></rss>")]            // mismatched end tag
    [InlineData("<rss><channel><a:title>x</a:title></channel></rss>")]        // unbound prefix
    [InlineData("<rss a='1' a='2'><channel/></rss>")]                          // duplicate attribute
    [InlineData("<rss><channel><!-- a -- b --></channel></rss>")]             // "--" in a comment
    [InlineData("<rss><channel><title>]]></title></channel></rss>")]          // "]]>" in text
    [InlineData("<rss><channel><title>a > b ]]> c</title></channel></rss>")]  // "]]>" after another '>'
    [InlineData("<rss><channel><title>a &amp; ]]></title></channel></rss>")]  // "]]>" after a reference
    [InlineData("<rss><channel><title a='<'>x</title></channel></rss>")]      // "<" in an attribute
    [InlineData("<rss><channel><title>x</title></channel>")]                  // truncated
    public void Malformed_documents_are_handed_to_the_strict_reader_and_flagged(string xml)
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(xml));
        Assert.False(FeedParser.LastParseTokenized);
        Assert.True(feed.Bozo);
    }
}
