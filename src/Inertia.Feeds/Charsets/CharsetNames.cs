using System.Text;

namespace Inertia.Feeds.Charsets;

/// <summary>Maps charset labels to decoders; labels that name a subset are widened (gb2312 → gb18030) as browsers do.</summary>
internal static class CharsetNames
{
    static CharsetNames() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static void EnsureRegistered() { }

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gb2312"] = "gb18030", ["gbk"] = "gb18030", ["x-gbk"] = "gb18030", ["cp936"] = "gb18030", ["euc-cn"] = "gb18030",
        ["csgb2312"] = "gb18030", ["chinese"] = "gb18030", ["x-euc-cn"] = "gb18030", ["gb_2312-80"] = "gb18030",
        ["big5-hkscs"] = "big5", ["x-x-big5"] = "big5", ["cn-big5"] = "big5",
        ["sjis"] = "shift_jis", ["x-sjis"] = "shift_jis", ["ms_kanji"] = "shift_jis", ["cp932"] = "shift_jis", ["windows-31j"] = "shift_jis",
        ["cp949"] = "euc-kr", ["uhc"] = "euc-kr", ["ks_c_5601-1987"] = "euc-kr",
        ["utf8"] = "utf-8", ["unicode-1-1-utf-8"] = "utf-8",
        ["latin1"] = "iso-8859-1", ["latin-1"] = "iso-8859-1", ["l1"] = "iso-8859-1", ["iso8859-1"] = "iso-8859-1",
        ["iso_8859-1"] = "iso-8859-1", ["cp819"] = "iso-8859-1", ["ibm819"] = "iso-8859-1",
        ["ascii"] = "us-ascii", ["ansi_x3.4-1968"] = "us-ascii", ["iso646-us"] = "us-ascii",
        ["tis-620"] = "windows-874", ["tis620"] = "windows-874", ["iso-8859-11"] = "windows-874",
        ["maccyrillic"] = "x-mac-cyrillic", ["x-mac-cyrillic"] = "x-mac-cyrillic",
        ["ibm855"] = "ibm855", ["cp855"] = "ibm855", ["ibm866"] = "cp866", ["cp866"] = "cp866",
        ["csucs4"] = "utf-32be", ["iso-10646-ucs-4"] = "utf-32be", ["ucs-4"] = "utf-32be", ["ucs4"] = "utf-32be",
        ["csunicode"] = "utf-16be", ["iso-10646-ucs-2"] = "utf-16be", ["ucs-2"] = "utf-16be", ["ucs2"] = "utf-16be",
        ["unicode"] = "utf-16", ["utf16"] = "utf-16", ["utf32"] = "utf-32",
        ["utf-16be"] = "utf-16be", ["utf-16le"] = "utf-16le", ["utf-32be"] = "utf-32be", ["utf-32le"] = "utf-32le",
        ["unicodefffe"] = "utf-16be", ["u16"] = "utf-16", ["u32"] = "utf-32", ["u8"] = "utf-8", ["utf"] = "utf-8",
        // Python codec names seen in the wild (and in feedparser's suite).
        ["mac"] = "macintosh", ["macroman"] = "macintosh", ["csmacintosh"] = "macintosh", ["mac-roman"] = "macintosh",
        ["mac-cyrillic"] = "x-mac-cyrillic", ["maccentraleurope"] = "x-mac-ce", ["mac-centraleurope"] = "x-mac-ce",
        ["macgreek"] = "x-mac-greek", ["mac-greek"] = "x-mac-greek", ["maciceland"] = "x-mac-icelandic", ["mac-iceland"] = "x-mac-icelandic",
        ["macturkish"] = "x-mac-turkish", ["mac-turkish"] = "x-mac-turkish",
        ["ms-ansi"] = "windows-1252", ["dbcs"] = "windows-1252", ["mbcs"] = "windows-1252", ["ms-arab"] = "windows-1256",
        ["ms-cyrl"] = "windows-1251", ["ms-ee"] = "windows-1250", ["ms-greek"] = "windows-1253", ["ms-hebr"] = "windows-1255",
        ["ms-turk"] = "windows-1254", ["winbaltrim"] = "windows-1257", ["cp_is"] = "ibm861",
        ["ebcdic-cp-us"] = "ibm037", ["ebcdic-cp-ca"] = "ibm037", ["ebcdic-cp-nl"] = "ibm037", ["ebcdic-cp-wt"] = "ibm037",
        ["ebcdic_cp_us"] = "ibm037", ["ebcdic_cp_ca"] = "ibm037", ["ebcdic_cp_nl"] = "ibm037", ["ebcdic_cp_wt"] = "ibm037",
        ["viscii"] = "viscii", ["csviscii"] = "viscii", ["viscii1.1-1"] = "viscii",
        ["tcvn"] = "tcvn", ["tcvn-5712"] = "tcvn", ["tcvn5712-1"] = "tcvn", ["tcvn5712-1:1993"] = "tcvn",
        ["cp1125"] = "cp1125", ["ibm1125"] = "cp1125", ["cp866u"] = "cp1125", ["ruscii"] = "cp1125",
        ["ebcdic-cp-be"] = "ibm500", ["ebcdic-cp-ch"] = "ibm500", ["ebcdic_cp_be"] = "ibm500", ["ebcdic_cp_ch"] = "ibm500",
    };

    /// <summary>cp850, ibm850, csibm850, cspc850multilingual, 850 …: labels that are a code page number in disguise.</summary>
    private static readonly System.Text.RegularExpressions.Regex CodePageLabel =
        new(@"^(?:cs)?(?:ibm|cp|pc|windows-|win|ms|x-cp)?[-_]?0*(?<n>\d{3,5})(?:[a-z]*)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    // Resolving a label asks the code-page provider (under a lock) and may run a regex; every document asks at least once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Resolved = new(StringComparer.Ordinal);

    /// <summary>The canonical lower-case name for a label, or null when no decoder exists.</summary>
    public static string? Canonical(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        if (Resolved.TryGetValue(label, out var known)) return known;
        var canonical = Resolve(label);
        if (Resolved.Count < 1024 && label.Length <= 64) Resolved.TryAdd(label, canonical); // bounded: labels come from documents
        return canonical;
    }

    private static string? Resolve(string label)
    {
        label = label.Trim().Trim('"', '\'').Trim();
        if (Aliases.TryGetValue(label, out var a)) return a;
        if (label.Contains('_') && Aliases.TryGetValue(label.Replace('_', '-'), out a)) return a;
        if (label.Contains('_')) label = label.Replace('_', '-');
        try
        {
            var e = Encoding.GetEncoding(label);
            return NameOf(e);
        }
        catch (ArgumentException)
        {
        }
        var m = CodePageLabel.Match(label);
        if (m.Success && int.TryParse(m.Groups["n"].Value, out var cp))
        {
            try { return NameOf(Encoding.GetEncoding(cp)); }
            catch (ArgumentException) { }
            catch (NotSupportedException) { }
        }
        return null;
    }

    public static string NameOf(Encoding e) => e.CodePage switch
    {
        1200 => "utf-16le",
        1201 => "utf-16be",
        12000 => "utf-32le",
        12001 => "utf-32be",
        936 => "gb18030",
        54936 => "gb18030",
        _ => e.WebName.ToLowerInvariant(),
    };

    /// <summary>A strict decoder (throws on invalid bytes) for a canonical name.</summary>
    public static Encoding? Strict(string canonical)
    {
        try
        {
            if (TableEncoding.Get(canonical) is { } table) return table;
            var e = canonical switch
            {
                "utf-8" => new UTF8Encoding(false, true),
                "utf-16le" or "utf-16" => new UnicodeEncoding(false, false, true),
                "utf-16be" => new UnicodeEncoding(true, false, true),
                "utf-32le" or "utf-32" => new UTF32Encoding(false, false, true),
                "utf-32be" => new UTF32Encoding(true, false, true),
                // Browsers decode Latin-1 labels as windows-1252: feeds labelled latin-1 routinely contain its quotes.
                "iso-8859-1" => Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
                _ => Encoding.GetEncoding(canonical, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
            };
            return e;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
