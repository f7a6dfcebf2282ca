using System.Text;

namespace Inertia.Bench.Feeds;

/// <summary>The documents benchmarked: large real feeds from ../shared/corpus and a generated set of 10,000 feeds.</summary>
public static class Inputs
{
    public static string CorpusRoot { get; } = FindCorpus();

    private static string FindCorpus()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inertia.slnx"))) dir = dir.Parent;
        var root = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
        return root is not null && Directory.Exists(root)
            ? root
            : Environment.GetEnvironmentVariable("INERTIA_CORPUS") ?? throw new InvalidOperationException("corpus not found; set INERTIA_CORPUS");
    }

    /// <summary>
    /// Large real-world feeds (name → path below the corpus root) that all three parsers read. (cloudblog.rss, 230 KB,
    /// is left out: SyndicationFeed throws on it.)
    /// </summary>
    public static readonly Dictionary<string, string> RealFeeds = new()
    {
        ["dcrainmaker rss2 383KB"] = "netnewswire/Modules/RSParser/Tests/RSParserTests/Resources/dcrainmaker.xml",
        ["miniflux atom 186KB"] = "miniflux/internal/reader/parser/testdata/large_atom.xml",
        ["daringfireball atom 165KB"] = "netnewswire/Modules/RSParser/Tests/RSParserTests/Resources/DaringFireball.rss",
    };

    public static byte[] Real(string name) => File.ReadAllBytes(Path.Combine(CorpusRoot, RealFeeds[name]));

    /// <summary>
    /// 10,000 small feeds (RSS 2.0 and Atom 1.0 alternating, 3–10 entries each, HTML content, fixed seed): the shape of a
    /// refresh round of a large instance.
    /// </summary>
    public static byte[][] GeneratedSet(int count = 10_000, int seed = 42)
    {
        var rng = new Random(seed);
        var feeds = new byte[count][];
        for (var i = 0; i < count; i++) feeds[i] = Encoding.UTF8.GetBytes(i % 2 == 0 ? Rss(i, rng) : Atom(i, rng));
        return feeds;
    }

    private static string Words(Random rng, int n)
    {
        string[] vocabulary = ["feed", "parser", "speed", "reader", "inertia", "news", "update", "release", "notes", "today", "data", "web"];
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++) sb.Append(i == 0 ? "" : " ").Append(vocabulary[rng.Next(vocabulary.Length)]);
        return sb.ToString();
    }

    private static string Rss(int i, Random rng)
    {
        var sb = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>Feed {i}</title>\n<link>https://site{i}.example/</link>\n<description>{Words(rng, 8)}</description>\n");
        var entries = 3 + rng.Next(8);
        for (var e = 0; e < entries; e++)
        {
            sb.Append($"<item>\n<title>{Words(rng, 6)}</title>\n<link>https://site{i}.example/p/{e}</link>\n<guid>https://site{i}.example/p/{e}</guid>\n")
              .Append($"<pubDate>Sun, {1 + e % 28:00} May 2026 10:{e % 60:00}:00 +0800</pubDate>\n<dc:creator>Author {e % 3}</dc:creator>\n")
              .Append($"<description>{Words(rng, 15)}</description>\n<content:encoded><![CDATA[<p>{Words(rng, 40)}</p><p><a href=\"/p/{e}\">more</a> <img src=\"img/{e}.png\"></p>]]></content:encoded>\n</item>\n");
        }
        return sb.Append("</channel>\n</rss>\n").ToString();
    }

    private static string Atom(int i, Random rng)
    {
        var sb = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Feed {i}</title>\n<link href=\"https://site{i}.example/\"/>\n<id>urn:feed:{i}</id>\n<updated>2026-05-24T10:00:00Z</updated>\n");
        var entries = 3 + rng.Next(8);
        for (var e = 0; e < entries; e++)
        {
            sb.Append($"<entry>\n<title>{Words(rng, 6)}</title>\n<link href=\"https://site{i}.example/e/{e}\"/>\n<id>urn:feed:{i}:{e}</id>\n")
              .Append($"<updated>2026-05-{1 + e % 28:00}T10:{e % 60:00}:00+08:00</updated>\n<author><name>Author {e % 3}</name></author>\n")
              .Append($"<summary>{Words(rng, 15)}</summary>\n<content type=\"html\">&lt;p&gt;{Words(rng, 40)}&lt;/p&gt;&lt;p&gt;&lt;a href=\"/e/{e}\"&gt;more&lt;/a&gt;&lt;/p&gt;</content>\n</entry>\n");
        }
        return sb.Append("</feed>\n").ToString();
    }
}
