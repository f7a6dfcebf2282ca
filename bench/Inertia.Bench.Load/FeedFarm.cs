using System.Text;

namespace Inertia.Bench.Load;

/// <summary>
/// Ten thousand (or N) static feed files: 5–100 KB, 20–50 items, RSS 2.0 and Atom 1.0 mixed, spread over many
/// loopback host names so per-host limits behave as they do on the internet. Deterministic for a given seed.
/// </summary>
public sealed class FeedFarm(string root, int feedCount, int hostCount, int port, int seed = 42)
{
    public string Root { get; } = root;
    public int FeedCount { get; } = feedCount;

    public string Host(int feed) => $"127.0.1.{1 + feed % hostCount}";

    public IEnumerable<string> Hosts => Enumerable.Range(0, Math.Min(hostCount, FeedCount)).Select(Host);

    public string Url(int feed) => $"http://{Host(feed)}:{port}/f/{feed}.xml";

    public string PathOf(int feed) => Path.Combine(Root, "f", $"{feed}.xml");

    public long TotalBytes { get; private set; }

    private readonly Dictionary<int, (int Items, int Size, bool Atom, int Top)> shapes = [];

    /// <summary>Rounds published so far (kept in the state file with the farm, so a reused farm goes on from there).</summary>
    public int Round { get; private set; }

    string StatePath => Path.Combine(Root, "state.txt");

    public void Generate()
    {
        Directory.CreateDirectory(Path.Combine(Root, "f"));
        var random = new Random(seed);
        TotalBytes = 0;
        for (var i = 0; i < FeedCount; i++)
        {
            var shape = (Items: random.Next(20, 51), Size: random.Next(5_000, 100_001), Atom: random.Next(10) < 4, Top: 0);
            shape.Top = shape.Items;
            shapes[i] = shape;
            TotalBytes += Write(i);
        }
        SaveState();
    }

    /// <summary>
    /// Takes up a farm an earlier run generated and published to (its files and state file as left), without
    /// rewriting a file: nginx's validators stay valid, so the next cycle is warm. False when there is none.
    /// </summary>
    public bool Reuse()
    {
        if (!File.Exists(StatePath)) return false;
        var lines = File.ReadAllLines(StatePath);
        if (lines.Length != FeedCount + 1) return false;
        var random = new Random(seed);
        Round = int.Parse(lines[0]);
        for (var i = 0; i < FeedCount; i++)
        {
            var shape = (Items: random.Next(20, 51), Size: random.Next(5_000, 100_001), Atom: random.Next(10) < 4, Top: int.Parse(lines[i + 1]));
            shapes[i] = shape;
            TotalBytes += new FileInfo(PathOf(i)).Length;
        }
        return true;
    }

    void SaveState() =>
        File.WriteAllLines(StatePath, [Round.ToString(), .. Enumerable.Range(0, FeedCount).Select(i => shapes[i].Top.ToString())]);

    /// <summary>Adds <paramref name="newItems"/> entries to a share of the feeds (nginx then serves new validators).</summary>
    public int Publish(double share, int newItems)
    {
        var random = new Random(seed + ++Round);
        var changed = 0;
        for (var i = 0; i < FeedCount; i++)
        {
            if (random.NextDouble() >= share) continue;
            var shape = shapes[i];
            shape.Top += newItems;
            shapes[i] = shape;
            Write(i);
            changed++;
        }
        SaveState();
        return changed;
    }

    public void WriteOpml(string path)
    {
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\"><head><title>farm</title></head><body>\n");
        for (var i = 0; i < FeedCount; i++) text.Append($"<outline text=\"Farm {i}\" type=\"rss\" xmlUrl=\"{Url(i)}\"/>\n");
        File.WriteAllText(path, text.Append("</body></opml>\n").ToString());
    }

    private long Write(int feed)
    {
        var (items, size, atom, top) = shapes[feed];
        var bodyLength = Math.Max(100, size / items - 300);
        var text = new StringBuilder(size + 1024);
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var host = Host(feed);
        if (atom)
        {
            text.Append($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Farm feed {feed}</title>")
                .Append($"<id>urn:farm:{feed}</id><link href=\"http://{host}/\"/><updated>{epoch.AddHours(top):O}</updated>\n");
            for (var k = top; k > top - items; k--)
                text.Append($"<entry><id>urn:farm:{feed}:{k}</id><title>Post {k} of feed {feed}</title><link href=\"http://{host}/{feed}/{k}\"/>")
                    .Append($"<updated>{epoch.AddHours(k):O}</updated><author><name>Author {k % 7}</name></author>")
                    .Append($"<content type=\"html\">{Escape(Body(feed, k, bodyLength))}</content></entry>\n");
            text.Append("</feed>\n");
        }
        else
        {
            text.Append($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Farm feed {feed}</title>")
                .Append($"<link>http://{host}/</link><description>Generated</description>\n");
            for (var k = top; k > top - items; k--)
                text.Append($"<item><title>Post {k} of feed {feed}</title><link>http://{host}/{feed}/{k}</link><guid>farm-{feed}-{k}</guid>")
                    .Append($"<pubDate>{epoch.AddHours(k):R}</pubDate><description><![CDATA[{Body(feed, k, bodyLength)}]]></description></item>\n");
            text.Append("</channel></rss>\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        File.WriteAllBytes(PathOf(feed), bytes);
        return bytes.Length;
    }

    /// <summary>Paragraphs of mixed Latin and CJK text with a link and an image, like real posts.</summary>
    private static string Body(int feed, int k, int length)
    {
        var text = new StringBuilder($"<p>Entry {k} of feed {feed}. <a href=\"/post/{k}\">relative link</a> <img src=\"/img/{k}.png\" alt=\"\"></p>");
        const string latin = "The quick brown fox jumps over the lazy dog while the scheduler keeps polling. ";
        const string cjk = "惯性聚合高效追踪和阅读你感兴趣的博客、新闻、科技资讯。";
        while (text.Length < length) text.Append("<p>").Append(latin).Append(cjk).Append(latin).Append("</p>");
        return text.ToString();
    }

    private static string Escape(string html) => html.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
