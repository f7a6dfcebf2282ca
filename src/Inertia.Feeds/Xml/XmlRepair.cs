using System.Text;
using System.Text.RegularExpressions;

namespace Inertia.Feeds.Xml;

/// <summary>
/// Text-level repairs for documents the strict reader rejected: junk before the root, the DOCTYPE (its simple internal
/// entities are expanded, anything else dropped), characters XML forbids, bare ampersands and HTML named entities.
/// Every repair made is added to the warnings.
/// </summary>
internal static partial class XmlRepair
{
    private const int MaxEntityValue = 1024;

    public static string Repair(string text, List<string> warnings)
    {
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        text = StripJunkBeforeRoot(text, warnings);
        text = StripDoctype(text, entities, warnings);
        var sb = new StringBuilder(text.Length + 64);
        int controls = 0, bareAmps = 0, htmlEntities = 0, undefined = 0;
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '<' && Starts(text, i, "<![CDATA["))
            {
                var end = text.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                var stop = end < 0 ? text.Length : end + 3;
                AppendValid(sb, text, i, stop, ref controls);
                i = stop;
                continue;
            }
            if (ch == '<' && Starts(text, i, "<!--"))
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3; // comments carry nothing a feed needs
                continue;
            }
            if (ch == '&')
            {
                i = RepairReference(text, i, sb, entities, ref bareAmps, ref htmlEntities, ref undefined);
                continue;
            }
            if (!IsXmlChar(text, i, out var width)) { controls++; i++; continue; }
            sb.Append(text, i, width);
            i += width;
        }
        if (controls > 0) warnings.Add($"removed {controls} character(s) not allowed in XML");
        if (bareAmps > 0) warnings.Add($"escaped {bareAmps} bare '&' character(s)");
        if (htmlEntities > 0) warnings.Add($"replaced {htmlEntities} HTML entity reference(s) undefined in XML");
        if (undefined > 0) warnings.Add($"kept {undefined} undefined entity reference(s) as text");
        return sb.ToString();
    }

    private static bool Starts(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static void AppendValid(StringBuilder sb, string s, int from, int to, ref int controls)
    {
        var i = from;
        while (i < to)
        {
            if (!IsXmlChar(s, i, out var w)) { controls++; i++; continue; }
            sb.Append(s, i, w);
            i += w;
        }
    }

    private static bool IsXmlChar(string s, int i, out int width)
    {
        var c = s[i];
        width = 1;
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { width = 2; return true; }
            return false;
        }
        if (char.IsLowSurrogate(c)) return false;
        return c >= 0x20 ? c != '\uFFFE' && c != '\uFFFF' : c is '\t' or '\n' or '\r';
    }

    private static int RepairReference(string text, int i, StringBuilder sb, Dictionary<string, string> entities,
        ref int bareAmps, ref int htmlEntities, ref int undefined)
    {
        var semi = text.IndexOf(';', i + 1, Math.Min(40, text.Length - i - 1));
        if (semi > i + 1)
        {
            var name = text.AsSpan(i + 1, semi - i - 1);
            if (name[0] == '#')
            {
                if (TryCharRef(name[1..], out var cp) && IsAllowedCodePoint(cp))
                {
                    sb.Append(text, i, semi - i + 1);
                    return semi + 1;
                }
            }
            else if (IsName(name))
            {
                var n = name.ToString();
                switch (n)
                {
                    case "amp" or "lt" or "gt" or "quot" or "apos":
                        sb.Append(text, i, semi - i + 1);
                        return semi + 1;
                }
                if (entities.TryGetValue(n, out var declared))
                {
                    HtmlText.AppendEscaped(sb, declared, attribute: true);
                    return semi + 1;
                }
                var html = HtmlText.NamedEntity(n);
                if (html is not null)
                {
                    htmlEntities++;
                    foreach (var r in html.EnumerateRunes()) sb.Append("&#").Append(r.Value).Append(';');
                    return semi + 1;
                }
                undefined++;
                sb.Append("&amp;").Append(name).Append(';');
                return semi + 1;
            }
        }
        bareAmps++;
        sb.Append("&amp;");
        return i + 1;
    }

    private static bool TryCharRef(ReadOnlySpan<char> digits, out int cp)
    {
        cp = 0;
        if (digits.Length == 0) return false;
        if (digits[0] is 'x' or 'X')
            return int.TryParse(digits[1..], System.Globalization.NumberStyles.AllowHexSpecifier, null, out cp);
        return int.TryParse(digits, System.Globalization.NumberStyles.None, null, out cp);
    }

    private static bool IsAllowedCodePoint(int cp) =>
        cp is 0x9 or 0xA or 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);

    private static bool IsName(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !(char.IsLetter(s[0]) || s[0] == '_')) return false;
        foreach (var c in s) if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':')) return false;
        return true;
    }

    /// <summary>Drops anything before the XML declaration or the first element (server banners, PHP notices, BOM debris).</summary>
    public static string StripJunkBeforeRoot(string text, List<string>? warnings)
    {
        var i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF')) i++;
        if (i < text.Length && text[i] == '<') return i == 0 ? text : text[i..];
        var start = FirstMarkup().Match(text);
        if (!start.Success) return text;
        warnings?.Add("removed text before the root element");
        return text[start.Index..];
    }

    [GeneratedRegex(@"<(\?xml|!DOCTYPE|[A-Za-z_][\w.:-]*[\s>/])", RegexOptions.CultureInvariant)]
    private static partial Regex FirstMarkup();

    [GeneratedRegex(@"<!DOCTYPE(?:[^\[>]*\[(?<subset>.*?)\]\s*>|[^>]*>)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Doctype();

    [GeneratedRegex(@"<!ENTITY\s+(?<name>[A-Za-z_][\w.-]*)\s+(?:""(?<v>[^""]*)""|'(?<v>[^']*)')\s*>", RegexOptions.CultureInvariant)]
    private static partial Regex EntityDecl();

    /// <summary>
    /// Removes the DOCTYPE; entity declarations with plain values (no references, so no expansion bombs) are returned
    /// in <paramref name="entities"/> to be expanded in place.
    /// </summary>
    public static string StripDoctype(string text, Dictionary<string, string> entities, List<string>? warnings)
    {
        var m = Doctype().Match(text);
        if (!m.Success || m.Index > 4096) return text;
        var subset = m.Groups["subset"];
        if (subset.Success)
        {
            foreach (Match e in EntityDecl().Matches(subset.Value))
            {
                var v = e.Groups["v"].Value;
                if (v.Length <= MaxEntityValue && v.IndexOfAny(['&', '%', '<']) < 0) entities[e.Groups["name"].Value] = v;
                else warnings?.Add($"ignored entity '{e.Groups["name"].Value}' whose value is not plain text");
            }
        }
        return text.Remove(m.Index, m.Length);
    }

    /// <summary>
    /// For documents that are well-formed but declare their own entities (which the safe reader does not expand): expands
    /// plain-valued ones, returns null when there is nothing to do.
    /// </summary>
    public static string? ExpandDeclaredEntities(string text)
    {
        var m = Doctype().Match(text);
        if (!m.Success || !m.Groups["subset"].Success || m.Index > 4096) return null;
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        var stripped = StripDoctype(text, entities, null);
        if (entities.Count == 0) return null;
        var sb = new StringBuilder(stripped.Length);
        var i = 0;
        while (i < stripped.Length)
        {
            var amp = stripped.IndexOf('&', i);
            if (amp < 0) { sb.Append(stripped, i, stripped.Length - i); break; }
            sb.Append(stripped, i, amp - i);
            var semi = stripped.IndexOf(';', amp);
            if (semi > amp + 1 && semi - amp < 40 && entities.TryGetValue(stripped.Substring(amp + 1, semi - amp - 1), out var v))
            {
                HtmlText.AppendEscaped(sb, v, attribute: true);
                i = semi + 1;
            }
            else { sb.Append('&'); i = amp + 1; }
        }
        return sb.ToString();
    }
}
