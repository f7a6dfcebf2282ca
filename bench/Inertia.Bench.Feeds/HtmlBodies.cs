using System.Diagnostics;
using System.Text;

namespace Inertia.Bench.Feeds;

/// <summary>
/// `--html [seconds] [each]`: the large CDATA bodies of the real feeds, decoded and resolved against a page URL in a loop —
/// the content-URL stage alone (Urls.ResolveInHtml), for a profiler or a before/after comparison of that stage; `each`
/// adds the parts (trimming only, the '&lt;' search alone) and every body on its own.
/// </summary>
public static class HtmlBodies
{
    public static void Run(double seconds, bool each)
    {
        var bodies = new List<byte[]>();
        foreach (var name in Inputs.RealFeeds.Keys)
        {
            var doc = Inputs.Real(name).AsSpan();
            while (doc.IndexOf("<![CDATA["u8) is var start and >= 0)
            {
                doc = doc[(start + 9)..];
                var end = doc.IndexOf("]]>"u8);
                if (end > 10_000) bodies.Add(doc[..end].ToArray());
                doc = doc[(end + 3)..];
            }
        }
        var texts = bodies.Select(b => Encoding.UTF8.GetString(b)).ToArray();
        const string page = "https://www.dcrainmaker.com/2017/11/trainers-power-meters-fenix5-sale.html";
        Console.WriteLine($"{texts.Length} bodies, {texts.Sum(t => t.Length)} chars");
        void Time(string what, Action pass)
        {
            for (var w = 0; w < 50; w++) pass();
            var medians = new List<double>();
            var until = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < until)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                for (var r = 0; r < 50; r++) pass();
                medians.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / 50);
            }
            Console.WriteLine($"{what,-24} {medians.Order().ElementAt(medians.Count / 2),8:F3} ms per pass (CPU, median of {medians.Count})");
        }
        Time("decode (GetString)", () => { foreach (var b in bodies) _ = Encoding.UTF8.GetString(b); });
        var buffer = new char[bodies.Max(b => b.Length)];
        // What the pooled-buffer path costs instead of GetString (no new string per body).
        Time("Utf8.ToUtf16 to buffer", () => { foreach (var b in bodies) System.Text.Unicode.Utf8.ToUtf16(b, buffer, out _, out _, replaceInvalidSequences: false); });
        Time("ResolveInHtml", () => { foreach (var t in texts) _ = global::Inertia.Feeds.Urls.ResolveInHtml(t, page, trim: true); });
        if (!each) return;
        Time("trim only (no base)", () => { foreach (var t in texts) _ = global::Inertia.Feeds.Urls.ResolveInHtml(t, null, trim: true); });
        Time("IndexOf '<' loop", () => { foreach (var t in texts) { var i = 0; while ((i = t.IndexOf('<', i)) >= 0) i++; } });
        foreach (var t in texts)
        {
            var changed = global::Inertia.Feeds.Urls.ResolveInHtml(t, page) != t;
            Time($"{t.Length} chars{(changed ? ", rewritten" : "")}", () => _ = global::Inertia.Feeds.Urls.ResolveInHtml(t, page, trim: true));
        }
    }
}
