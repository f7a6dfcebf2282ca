using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Inertia.Feeds;

/// <summary>Resolution of relative URLs: single values and every URL attribute inside an HTML fragment.</summary>
internal static partial class Urls
{
    /// <summary>Absolute form of <paramref name="url"/> against <paramref name="baseUrl"/>; the input unchanged when it cannot be resolved.</summary>
    public static string? Resolve(string? baseUrl, string? url)
    {
        if (url is null) return null;
        url = url.Trim();
        if (LooksAbsolute(url) && IsPlainAscii(url)) return url;
        if (IsTagOrUrn(url)) return url;
        if (baseUrl is not null && TryResolveSimple(baseUrl, url) is { } simple) return simple;
        return ResolveWithUri(baseUrl, url);
    }

    /// <summary>
    /// Atom ids are mostly tag: or urn: URIs, which Uri accepts as absolute and <see cref="ResolveWithUri"/> then returns
    /// unchanged: recognised here without parsing them twice through Uri, for the characters Uri copies as they are and
    /// without the "//" that would make it read an authority (a test compares with Uri on generated shapes).
    /// </summary>
    internal static bool IsTagOrUrn(string url)
    {
        if (url.Length < 5 || url[3] != ':' || url[4] == '/' || !(url.StartsWith("tag", StringComparison.Ordinal) || url.StartsWith("urn", StringComparison.Ordinal)))
            return false;
        return url.AsSpan().IndexOfAnyExcept(SimpleChars) < 0;
    }

    /// <summary><see cref="IsSimpleChar"/> as a vectorized set.</summary>
    private static readonly SearchValues<char> SimpleChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/?#=&;,+!*()$:@");

    /// <summary>The general resolution through <see cref="Uri"/>: every shape of base and reference (the reference for <see cref="TryResolveSimple"/>).</summary>
    internal static string ResolveWithUri(string? baseUrl, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var abs) && abs.Scheme.Length > 1 && !url.StartsWith('/'))
            return url;
        if (string.IsNullOrEmpty(baseUrl) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var b)) return url;
        if (b.Scheme is not ("http" or "https" or "ftp" or "file")) return url;
        return Uri.TryCreate(b, url, out var r) ? r.OriginalString.Length > 0 ? Format(r) : url : url;
    }

    /// <summary>
    /// The common shapes without <see cref="Uri"/> (which costs two parses and a canonicalization per link): a plain
    /// http(s) base (lower-case host, no port, user info, escapes or dot segments) and a reference made of characters
    /// Uri neither escapes nor rewrites — "/path", "path", "?query", "#fragment", with no dot segment. Anything else
    /// returns null and takes the general path, so results are the same as Uri's (tests compare the two).
    /// </summary>
    internal static string? TryResolveSimple(string baseUrl, string url)
    {
        if (url.Length == 0 || url.Length > 2000 || !IsSimpleReference(url)) return null;
        var b = baseUrl.AsSpan().Trim();
        int authorityStart;
        if (b.StartsWith("https://", StringComparison.Ordinal)) authorityStart = 8;
        else if (b.StartsWith("http://", StringComparison.Ordinal)) authorityStart = 7;
        else return null;
        var pathStart = b[authorityStart..].IndexOfAny('/', '?', '#');
        pathStart = pathStart < 0 ? b.Length : authorityStart + pathStart;
        var host = b[authorityStart..pathStart];
        if (host.Length == 0) return null;
        foreach (var c in host)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')) return null; // ports, user info, IDN, upper case
        if (host[0] is '.' or '-' || host[^1] is '.' or '-') return null;
        var fragment = b[pathStart..].IndexOf('#');
        var withoutFragment = fragment < 0 ? b : b[..(pathStart + fragment)];
        var query = withoutFragment[pathStart..].IndexOf('?');
        var path = query < 0 ? withoutFragment[pathStart..] : withoutFragment.Slice(pathStart, query);
        if (!IsSimplePath(path) || (query >= 0 && !IsSimpleTail(withoutFragment[(pathStart + query)..]))) return null;
        var origin = b[..pathStart];
        // An empty base path is "/" (http://host is http://host/).
        return url[0] switch
        {
            '/' => string.Concat(origin, url),
            '#' => path.Length == 0 ? string.Concat(origin, "/", withoutFragment[pathStart..], url) : string.Concat(withoutFragment, url),
            '?' => string.Concat(origin, path.Length == 0 ? "/" : path, url),
            _ => string.Concat(origin, path.Length == 0 ? "/" : path[..(path.LastIndexOf('/') + 1)], url),
        };
    }

    /// <summary>A relative reference of unreserved characters and delimiters only, no dot segment and no scheme.</summary>
    private static bool IsSimpleReference(string url)
    {
        if (url.StartsWith("//", StringComparison.Ordinal)) return false; // network-path reference: another host
        var hashes = 0;
        var inPath = url[0] is not ('?' or '#');
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c is '?' or '#') inPath = false;
            if (c == '#' && ++hashes > 1) return false;
            if (c == ':' && inPath && url.AsSpan(0, i).IndexOf('/') < 0) return false; // a scheme ("mailto:", "javascript:")
            if (c == '.' && inPath && (i == 0 || url[i - 1] == '/')) return false; // "." and ".." segments (and ".hidden", conservatively)
            if (!IsSimpleChar(c)) return false;
        }
        return true;
    }

    private static bool IsSimplePath(ReadOnlySpan<char> path)
    {
        if (path.Length > 0 && path[0] != '/') return false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c is '?' or '#' || !IsSimpleChar(c)) return false;
            if (c == '.' && path[i - 1] == '/') return false;
        }
        return true;
    }

    private static bool IsSimpleTail(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c == '#' || !IsSimpleChar(c)) return false;
        return true;
    }

    /// <summary>Characters that Uri copies unchanged into AbsoluteUri (no '%': escapes may be normalized; no '\', spaces, quotes, braces).</summary>
    private static bool IsSimpleChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/' or '?' or '#' or '=' or '&' or ';' or ',' or '+' or '!' or '*' or '(' or ')' or '$' or ':' or '@';

    private static bool IsPlainAscii(string s) => s.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0; // vectorized: every link passes here

    /// <summary>Absolute URI text; non-ASCII characters the input spelled literally stay literal (IRIs), as feeds wrote them.</summary>
    private static string Format(Uri u)
    {
        var s = u.AbsoluteUri;
        return s.Contains('%') && u.OriginalString.Any(c => c > 127) ? NonAsciiEscapes().Replace(s, m => DecodeUtf8(m.Value)) : s;
    }

    [GeneratedRegex(@"(?:%[89A-Fa-f][0-9A-Fa-f])+", RegexOptions.CultureInvariant)]
    private static partial Regex NonAsciiEscapes();

    private static string DecodeUtf8(string escaped)
    {
        var bytes = new byte[escaped.Length / 3];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(escaped.Substring(i * 3 + 1, 2), 16);
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return escaped; }
    }

    private static readonly string[] UrlAttributes =
    [
        "href", "src", "cite", "action", "background", "longdesc", "usemap", "poster", "codebase", "data", "profile",
        "dynsrc", "lowsrc", "formaction", "icon", "manifest",
    ];

    /// <summary>
    /// Rewrites relative URLs in an HTML fragment to absolute ones. A hand-rolled scan rather than regular expressions or
    /// a DOM: this runs on every summary and content, and most fragments need no change, so they cost no allocation.
    /// </summary>
    public static string ResolveInHtml(string html, string? baseUrl, bool trim = false) =>
        ResolveInHtml(html.AsMemory(), html, baseUrl, trim);

    /// <summary>The same for a body still in its pooled buffer: the result is the only string made of it.</summary>
    public static string ResolveInHtml(Xml.PendingText html, string? baseUrl, bool trim = false) =>
        ResolveInHtml(html.Memory, null, baseUrl, trim);

    /// <param name="source">The characters to resolve in.</param>
    /// <param name="original">The same characters as a string, returned when nothing changes; null to make one.</param>
    private static string ResolveInHtml(ReadOnlyMemory<char> source, string? original, string? baseUrl, bool trim)
    {
        var html = source.Span;
        // Trimming is folded in so that a large body is copied at most once (trim and rewrite together).
        var start = 0;
        var end = html.Length;
        if (trim)
        {
            while (start < end && char.IsWhiteSpace(html[start])) start++;
            while (end > start && char.IsWhiteSpace(html[end - 1])) end--;
        }
        if (string.IsNullOrEmpty(baseUrl) || html.IndexOf('<') < 0 || !MayHaveRelativeUrl(html)) return Apply(source, original, start, end, null);
        List<(int Start, int End, string Text)>? edits = null;
        var i = 0;
        var nextEquals = -1; // the '=' the last jump was made towards
        while (i < html.Length)
        {
            // Between tags, skip what the scan would only walk through: from here to the next '=', every tag ends at its
            // first '>' (an attribute value needs an '='), so the scan is back between tags right after the last '>'
            // before that '='. Only tags holding an '=' are looked at one by one (a sixth of a footnoted body's tags).
            if (i > nextEquals)
            {
                nextEquals = IndexOf(html, '=', i);
                if (nextEquals < 0) break; // no attribute value ahead: nothing left to rewrite
                var lastClose = html[i..nextEquals].LastIndexOf('>');
                if (lastClose >= 0) i += lastClose + 1;
            }
            if ((i = IndexOf(html, '<', i)) < 0) break;
            i++;
            if (i >= html.Length || !char.IsAsciiLetter(html[i])) continue;
            // A tag without '=' has no attribute values to resolve (<p>, <br/>, <li>): skip it in one vectorized search.
            var stop = html[i..].IndexOfAny('=', '>');
            if (stop < 0) break;
            if (html[i + stop] == '>') { i += stop + 1; continue; }
            while (i < html.Length && html[i] is not ('>' or ' ' or '\t' or '\n' or '\r' or '/')) i++; // tag name
            while (i < html.Length && html[i] != '>')
            {
                // One attribute: name [= value]
                while (i < html.Length && (char.IsWhiteSpace(html[i]) || html[i] == '/')) i++;
                var nameStart = i;
                while (i < html.Length && html[i] is not ('=' or '>' or ' ' or '\t' or '\n' or '\r' or '/')) i++;
                var name = html.Slice(nameStart, i - nameStart);
                while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                if (i >= html.Length || html[i] != '=') { if (i == nameStart) i++; continue; }
                i++;
                while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                if (i >= html.Length) break;
                int valueStart, valueEnd, next;
                if (html[i] is '"' or '\'')
                {
                    var close = IndexOf(html, html[i], i + 1);
                    if (close < 0) return Apply(source, original, start, end, edits);
                    valueStart = i + 1; valueEnd = close; next = close + 1;
                }
                else
                {
                    valueStart = i;
                    while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                    valueEnd = i; next = i;
                }
                if (IsUrlAttribute(name))
                {
                    var raw = html.Slice(valueStart, valueEnd - valueStart);
                    if (!LooksAbsolute(raw))
                    {
                        var decoded = HtmlText.Decode(raw.ToString()).Trim();
                        var resolved = decoded.Length == 0 ? null : Resolve(baseUrl, decoded);
                        if (resolved is not null && resolved != decoded)
                            (edits ??= []).Add((nameStart, next, string.Concat(name, "=\"", HtmlText.Escape(resolved), "\"")));
                    }
                }
                i = next;
            }
        }
        return Apply(source, original, start, end, edits);
    }

    private static int IndexOf(ReadOnlySpan<char> s, char c, int from)
    {
        var at = s[from..].IndexOf(c);
        return at < 0 ? -1 : from + at;
    }

    /// <summary>The fragment between start and end with the edits applied, built in one copy.</summary>
    private static string Apply(ReadOnlyMemory<char> source, string? original, int start, int end, List<(int Start, int End, string Text)>? edits)
    {
        if (edits is null)
            return original is not null && start == 0 && end == original.Length ? original : new string(source.Span[start..end]);
        var length = end - start;
        foreach (var e in edits) length += e.Text.Length - (e.End - e.Start);
        return string.Create(length, (source, start, end, edits), static (span, state) =>
        {
            var (source, copied, last, list) = state;
            var text = source.Span;
            var o = 0;
            foreach (var e in list)
            {
                text[copied..e.Start].CopyTo(span[o..]);
                o += e.Start - copied;
                e.Text.CopyTo(span[o..]);
                o += e.Text.Length;
                copied = e.End;
            }
            text[copied..last].CopyTo(span[o..]);
        });
    }

    /// <summary>
    /// Cheap pre-check over the whole fragment: is there any '=' preceded by a URL attribute's name and followed by a value
    /// that is not absolute? Every rewrite <see cref="ResolveInHtml"/> makes is at such a place (the name the tag scanner
    /// reads always ends right before the '=', whitespace aside), so when there is none the fragment is returned as is
    /// without scanning its tags.
    /// </summary>
    private static bool MayHaveRelativeUrl(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (true)
        {
            var eq = s[i..].IndexOf('=');
            if (eq < 0) return false;
            eq += i;
            i = eq + 1;
            var nameEnd = eq;
            while (nameEnd > 0 && char.IsWhiteSpace(s[nameEnd - 1])) nameEnd--;
            if (!EndsWithUrlAttribute(s[..nameEnd])) continue;
            var v = eq + 1;
            while (v < s.Length && char.IsWhiteSpace(s[v])) v++;
            if (v < s.Length && s[v] is '"' or '\'') v++;
            if (!LooksAbsolute(s[v..])) return true;
        }
    }

    private static bool EndsWithUrlAttribute(ReadOnlySpan<char> s)
    {
        if (s.Length < 3) return false;
        // Dispatch on the last letter, then compare the few names ending with it (was: every name, through the culture-free
        // OrdinalIgnoreCase comparer, which showed in profiles of large bodies).
        return (char)(s[^1] | 0x20) switch
        {
            'f' => EndsWithName(s, "href"),
            'c' => EndsWithName(s, "src") || EndsWithName(s, "longdesc"), // also dynsrc, lowsrc
            'e' => EndsWithName(s, "cite") || EndsWithName(s, "codebase") || EndsWithName(s, "profile"),
            'n' => EndsWithName(s, "action") || EndsWithName(s, "icon"), // also formaction
            'd' => EndsWithName(s, "background"),
            'p' => EndsWithName(s, "usemap"),
            'r' => EndsWithName(s, "poster"),
            'a' => EndsWithName(s, "data"),
            't' => EndsWithName(s, "manifest"),
            _ => false,
        };
    }

    /// <summary>s ends with name (lower-case ASCII letters) ignoring case exactly as OrdinalIgnoreCase does.</summary>
    private static bool EndsWithName(ReadOnlySpan<char> s, string name)
    {
        if (s.Length < name.Length) return false;
        var tail = s[^name.Length..];
        for (var i = 0; i < name.Length; i++)
            if (!SameLetter(tail[i], name[i])) return false;
        return true;
    }

    /// <summary>
    /// c equals the lower-case ASCII letter under OrdinalIgnoreCase: exactly its two cases (OrdinalIgnoreCase folds no
    /// other character, not even 'ſ' or 'ı', to an ASCII letter; a test checks every character).
    /// </summary>
    internal static bool SameLetter(char c, char lower) =>
        (c | 0x20) == lower;

    private static bool StartsWithName(ReadOnlySpan<char> s, string lowerPrefix)
    {
        if (s.Length < lowerPrefix.Length) return false;
        for (var i = 0; i < lowerPrefix.Length; i++)
        {
            var p = lowerPrefix[i];
            if (char.IsAsciiLetterLower(p) ? !SameLetter(s[i], p) : s[i] != p) return false;
        }
        return true;
    }

    private static bool IsUrlAttribute(ReadOnlySpan<char> name)
    {
        // Most attributes (class, style, alt, width, …) are rejected by length or first letter without a comparison.
        if (name.Length is < 3 or > 10) return false;
        var first = (char)(name[0] | 0x20);
        if (first is not ('h' or 's' or 'c' or 'a' or 'b' or 'l' or 'u' or 'p' or 'd' or 'f' or 'i' or 'm')) return false;
        foreach (var a in UrlAttributes)
            if (a.Length == name.Length && StartsWithName(name, a)) return true;
        return false;
    }

    /// <summary>Cheap test for the common case: an absolute http(s)/mailto/data URL needs no resolution.</summary>
    private static bool LooksAbsolute(ReadOnlySpan<char> v) => v.Length >= 5 && (char)(v[0] | 0x20) switch
    {
        'h' => StartsWithName(v, "http://") || StartsWithName(v, "https://"),
        'm' => StartsWithName(v, "mailto:"),
        'd' => StartsWithName(v, "data:"),
        _ => false,
    };
}
