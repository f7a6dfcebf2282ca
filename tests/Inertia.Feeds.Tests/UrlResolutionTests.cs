using System.Text.RegularExpressions;

namespace Inertia.Feeds.Tests;

/// <summary>
/// The fast resolution of common URL shapes (<see cref="Urls.TryResolveSimple"/>) must give exactly what System.Uri
/// gives whenever it answers: compared on generated shapes (every printable ASCII character in each part) and on every
/// href/src value of the corpus against a set of bases.
/// </summary>
public partial class UrlResolutionTests
{
    private static readonly string[] Bases =
    [
        "https://e.com/d/", "https://e.com/d/feed.xml", "https://e.com", "http://e.com/", "http://a-b.example.org/x/y/z?q=1",
        "https://e.com/d/feed.xml?a=b&c=d#top", "https://e.com?only=query", "https://e.com#frag", "https://E.com/d/",
        "https://e.com:8080/d/", "https://e.com:443/d/", "https://user@e.com/d/", "https://e.com/a/./b/", "https://e.com/a/../b/",
        "https://e.com/%7Euser/", "https://e.com/a b/", "ftp://e.com/d/", "https://xn--bcher-kva.example/", "https://e.com/d//e/",
        "https://e.com/d/;p=1/", "https://e.com/~user/index.html", "http://192.168.0.1/x/", "https://e.com/d/ ",
        "https://e.com/" + new string('a', 300) + "/",
    ];

    [Fact]
    public void Simple_shapes_resolve_exactly_as_Uri_does()
    {
        var references = new List<string> { "", "/", "#", "?", "a", "/a", "?a", "#a", "a/b", "a?b#c", "/a/b?c=d&e=f#g", "a:b", "/a:b", "a/b:c", "./a", "../a", "a/./b", "a/../b", ".a", "a.b", "//host/x", "a#b#c", "?a#b", "#a?b" };
        for (var c = ' '; c <= '~'; c++)
            foreach (var shape in new[] { "{0}", "a{0}b", "/a{0}b", "?a{0}b", "#a{0}b", "/{0}", "{0}/x", "x/{0}{0}", "{0}{0}" })
                references.Add(string.Format(shape, c));
        AssertSameAsUri(references, Bases);
    }

    [Fact]
    public void Corpus_links_resolve_exactly_as_Uri_does()
    {
        var references = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Corpus.Root, "*", SearchOption.AllDirectories))
        {
            if (file.Contains("/.git/", StringComparison.Ordinal) || new FileInfo(file).Length > 2 * 1024 * 1024) continue;
            foreach (Match m in Attribute().Matches(File.ReadAllText(file))) references.Add(HtmlText.Decode(m.Groups[2].Value).Trim());
        }
        Assert.True(references.Count > 1000, "corpus looks incomplete");
        AssertSameAsUri(references, Bases.Take(8));
    }

    private static void AssertSameAsUri(IEnumerable<string> references, IEnumerable<string> bases)
    {
        var fast = 0;
        var differences = new List<string>();
        foreach (var b in bases)
            foreach (var r in references)
            {
                if (Urls.TryResolveSimple(b, r) is not { } simple) continue;
                fast++;
                var reference = Urls.ResolveWithUri(b, r);
                if (simple != reference) differences.Add($"{b} + {r}: {simple} (Uri: {reference})");
            }
        Assert.True(fast > 100, "the fast path answered too rarely to be tested");
        Assert.Empty(differences.Take(20));
    }

    [Fact]
    public void Tag_and_urn_ids_are_returned_as_Uri_returns_them()
    {
        var rng = new Random(20261207);
        var references = new List<string> { "tag:a", "urn:a", "tag:e.com,2016:/x//1.2", "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", "tag:", "urn:/x", "tag://x", "tag:a b", "TAG:a", "tag:%41" };
        for (var c = ' '; c <= '~'; c++)
            foreach (var shape in new[] { "tag:{0}", "urn:{0}", "tag:a{0}b", "urn:x:{0}{0}", "tag:e.com,2016:/{0}/1" })
                references.Add(string.Format(shape, c));
        const string alphabet = "abcXYZ019-._~/?#=&;,+!*()$:@";
        for (var n = 0; n < 3000; n++)
        {
            var chars = new char[rng.Next(1, 30)];
            for (var k = 0; k < chars.Length; k++) chars[k] = alphabet[rng.Next(alphabet.Length)];
            references.Add((rng.Next(2) == 0 ? "tag:" : "urn:") + new string(chars));
        }
        var recognised = 0;
        foreach (var r in references)
        {
            if (!Urls.IsTagOrUrn(r)) continue;
            recognised++;
            foreach (var b in Bases) Assert.Equal(Urls.ResolveWithUri(b, r), r);
            Assert.Equal(Urls.ResolveWithUri(null, r), r);
        }
        Assert.True(recognised > 2500, $"only {recognised} recognised");
    }

    [Fact]
    public void Common_references_take_the_fast_path()
    {
        Assert.Equal("https://e.com/p/1", Urls.TryResolveSimple("https://e.com/d/feed.xml", "/p/1"));
        Assert.Equal("https://e.com/d/img/1.png", Urls.TryResolveSimple("https://e.com/d/feed.xml", "img/1.png"));
        Assert.Equal("https://e.com/d/feed.xml#c", Urls.TryResolveSimple("https://e.com/d/feed.xml#top", "#c"));
        Assert.Null(Urls.TryResolveSimple("https://e.com/d/", "../x"));
        Assert.Null(Urls.TryResolveSimple("https://e.com/d/", "caf%C3%A9"));
    }

    [GeneratedRegex("""(href|src)\s*=\s*["']([^"']{1,200})["']""", RegexOptions.IgnoreCase)]
    private static partial Regex Attribute();
}
