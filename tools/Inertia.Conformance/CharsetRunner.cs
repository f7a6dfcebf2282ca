using Inertia.Feeds;

namespace Inertia.Conformance;

/// <summary>Every feed in chardet/tests/&lt;CHARSET&gt;/ must decode as that charset (names compared through aliases).</summary>
public static class CharsetRunner
{
    public sealed record Report(ChecksRunner.Tally Tally, List<string> Mismatches);

    private static readonly Dictionary<string, string[]> Accepted = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Big5"] = ["big5"],
        ["CP932"] = ["shift_jis"],
        ["CP949"] = ["euc-kr", "ks_c_5601-1987"],
        ["EUC-JP"] = ["euc-jp"],
        ["EUC-KR"] = ["euc-kr", "ks_c_5601-1987"],
        ["GB2312"] = ["gb18030", "gb2312"],
        ["IBM855"] = ["ibm855"],
        ["IBM866"] = ["cp866", "ibm866"],
        ["KOI8-R"] = ["koi8-r"],
        ["MacCyrillic"] = ["x-mac-cyrillic"],
        ["SHIFT_JIS"] = ["shift_jis"],
        ["TIS-620"] = ["windows-874", "tis-620"],
        ["ascii"] = ["us-ascii", "utf-8"],
        ["iso-8859-2-hungarian"] = ["iso-8859-2"],
        ["iso-8859-5-bulgarian"] = ["iso-8859-5"],
        ["iso-8859-5-russian"] = ["iso-8859-5"],
        ["iso-8859-7-greek"] = ["iso-8859-7"],
        ["iso-8859-9-turkish"] = ["iso-8859-9", "windows-1254"],
        ["utf-8"] = ["utf-8"],
        ["windows-1250-hungarian"] = ["windows-1250"],
        ["windows-1251-bulgarian"] = ["windows-1251"],
        ["windows-1251-russian"] = ["windows-1251"],
        ["windows-1255-hebrew"] = ["windows-1255"],
    };

    public static Report Run(string dir)
    {
        var tally = new ChecksRunner.Tally();
        var mismatches = new List<string>();
        foreach (var folder in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var accepted = Accepted.TryGetValue(name, out var a) ? a : [name.ToLowerInvariant()];
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file).StartsWith("LICENSE", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal)) continue;
                var f = FeedParser.Parse(File.ReadAllBytes(file));
                if (accepted.Contains(f.Encoding ?? "", StringComparer.OrdinalIgnoreCase)) tally.Passed++;
                else
                {
                    tally.Failed++;
                    mismatches.Add($"{name}/{Path.GetFileName(file)}: decoded as {f.Encoding}");
                }
            }
        }
        return new Report(tally, mismatches);
    }
}
