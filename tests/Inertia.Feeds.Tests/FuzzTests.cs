namespace Inertia.Feeds.Tests;

/// <summary>Bounded fuzzing: mutated corpus files (fixed seed, fixed count) must never make Parse throw.</summary>
public class FuzzTests
{
    private const int Seed = 20261127;
    private const int Mutations = 3000;

    [Fact]
    public void Mutated_corpus_files_never_throw()
    {
        var rng = new Random(Seed);
        var files = new[] { "feedparser", "gofeed", "netnewswire", "miniflux", "jsonfeed-spec", "chardet" }
            .Select(d => Path.Combine(Corpus.Root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => new FileInfo(f).Length is > 0 and < 512 * 1024)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var file = files[rng.Next(files.Length)];
            var bytes = Mutate(File.ReadAllBytes(file), rng);
            try
            {
                var f = FeedParser.Parse(bytes, new FeedParseOptions { DocumentUrl = "https://fuzz.example/feed", ContentType = rng.Next(4) == 0 ? "text/xml" : null });
                Assert.NotNull(f.Format);
                Assert.DoesNotContain(f.Warnings, w => w.StartsWith(FeedParser.InternalErrorWarning, StringComparison.Ordinal));
                foreach (var e in f.Entries) Assert.False(string.IsNullOrEmpty(e.Key));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetRelativePath(Corpus.Root, file)} mutation {i}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static byte[] Mutate(byte[] input, Random rng)
    {
        var list = new List<byte>(input);
        var edits = 1 + rng.Next(8);
        for (var k = 0; k < edits && list.Count > 0; k++)
        {
            var pos = rng.Next(list.Count);
            switch (rng.Next(6))
            {
                case 0: list[pos] = (byte)rng.Next(256); break;                         // flip a byte
                case 1: list.RemoveRange(pos, Math.Min(list.Count - pos, 1 + rng.Next(64))); break; // cut a span
                case 2: list.InsertRange(pos, "<&]]><!--<![CDATA[&#x0;&bogus;"u8.ToArray().Skip(rng.Next(20)).Take(1 + rng.Next(12))); break;
                case 3: list.RemoveRange(pos, list.Count - pos); break;                  // truncate
                case 4: // duplicate a span somewhere else
                    var from = rng.Next(list.Count);
                    list.InsertRange(pos, list.GetRange(from, Math.Min(256, list.Count - from)));
                    break;
                case 5: list.Insert(pos, (byte)(rng.Next(2) == 0 ? '<' : '>')); break;
            }
        }
        return list.ToArray();
    }
}
