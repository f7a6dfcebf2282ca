using System.Text.RegularExpressions;

namespace Inertia.Feeds.Tests;

/// <summary>
/// <see cref="Urls.ResolveInHtml"/> skips fragments that cannot need a rewrite and builds rewritten ones in one copy; its
/// results must stay those of the plain tag-by-tag scan it replaced (kept below as the reference), on every piece of HTML
/// in the corpus.
/// </summary>
public partial class HtmlUrlResolutionTests
{
    [Fact]
    public void Corpus_html_resolves_as_with_the_plain_scan()
    {
        var compared = 0;
        var rewritten = 0;
        var differences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Corpus.Root, "*", SearchOption.AllDirectories))
        {
            if (file.Contains("/.git/", StringComparison.Ordinal) || new FileInfo(file).Length > 2 * 1024 * 1024) continue;
            var text = File.ReadAllText(file);
            if (text.IndexOf('<') < 0) continue;
            // Escaped HTML (RSS descriptions, Atom type="html") becomes markup once decoded; both forms are compared.
            foreach (var html in new[] { text, System.Net.WebUtility.HtmlDecode(text) })
                for (var at = 0; at < html.Length; at += 8192)
                {
                    var piece = html.Substring(at, Math.Min(8192, html.Length - at));
                    foreach (var baseUrl in new[] { "https://e.com/d/feed.xml", "http://x.example" })
                        foreach (var trim in new[] { false, true })
                        {
                            var expected = Reference.Resolve(piece, baseUrl, trim);
                            var actual = Urls.ResolveInHtml(piece, baseUrl, trim);
                            compared++;
                            if (!ReferenceEquals(expected, piece) && expected != piece) rewritten++;
                            if (actual != expected) differences.Add($"{Path.GetRelativePath(Corpus.Root, file)} @{at}");
                        }
                }
        }
        Assert.True(compared > 10_000 && rewritten > 1_000, $"too little compared ({compared}, {rewritten} rewritten)");
        Assert.Empty(differences.Take(20));
    }

    /// <summary>
    /// Markup soup made of the pieces the scan decides on — tags, closing tags, '=' inside and outside tags, quotes (also
    /// unclosed, or holding '&lt;' and '&gt;'), comments, URL and other attribute names, relative and absolute values —
    /// so that the jump between tags (straight to the last '&gt;' before the next '=') meets every arrangement of them.
    /// </summary>
    [Fact]
    public void Generated_markup_resolves_as_with_the_plain_scan()
    {
        string[] pieces =
        [
            "<", ">", "=", "\"", "'", " ", "\n", "/", "a", "p", "x", "<a ", "<p>", "</p>", "</a>", "<br/>", "<!-- ", " -->", "<!x",
            "href", "HREF", "src", "data-href", "title", "class", "=\"", "='", "\">", "'>", "#fn1", "/img.png", "?q=1",
            "http://h.example/", "mailto:m@x", "&amp;", " = ", "text ", "<sup id=\"r\">", "<a href=\"#fn2\">", "<img src=",
        ];
        var rng = new Random(20261207);
        var rewritten = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var sb = new System.Text.StringBuilder();
            var count = rng.Next(1, 40);
            for (var k = 0; k < count; k++) sb.Append(pieces[rng.Next(pieces.Length)]);
            var html = sb.ToString();
            foreach (var trim in new[] { false, true })
            {
                var expected = Reference.Resolve(html, "https://e.com/d/page", trim);
                Assert.Equal(expected, Urls.ResolveInHtml(html, "https://e.com/d/page", trim));
                if (expected != (trim ? html.Trim() : html)) rewritten++;
            }
        }
        Assert.True(rewritten > 2_000, $"only {rewritten} rewritten");
    }

    [Theory]
    [InlineData("<a title=\"t\"href=\"/x\">", "<a title=\"t\"href=\"https://e.com/x\">")]
    [InlineData("<a data-href=\"/x\" href = '/y'>", "<a data-href=\"/x\" href=\"https://e.com/y\">")]
    [InlineData("text href=/x outside a tag", "text href=/x outside a tag")]
    [InlineData("<img SRC=\"a&amp;b.png\">", "<img SRC=\"https://e.com/d/a&amp;b.png\">")]
    public void Edge_cases_resolve_as_with_the_plain_scan(string html, string expected)
    {
        Assert.Equal(expected, Urls.ResolveInHtml(html, "https://e.com/d/"));
        Assert.Equal(expected, Reference.Resolve(html, "https://e.com/d/"));
    }

    [Theory]
    [InlineData("<img \u017Frc=\"/x\" dyn\u017Frc='/y' SRC='/z'>")]
    [InlineData("<a hRef=\"/x\"><link \u0131con=\"/i\"><a href=\"HTTP://E.COM/\"><a href=\"MA\u0131LTO:x\"><a href=\"\u017Fttp://x\">")]
    [InlineData("<a h\u212Aef=\"/x\" hre\u0130=\"/y\" data='/d' Data='/e'>")]
    public void Case_folding_in_names_and_schemes_is_as_with_the_plain_scan(string html) =>
        Assert.Equal(Reference.Resolve(html, "https://e.com/d/"), Urls.ResolveInHtml(html, "https://e.com/d/"));

    [Fact]
    public void Letter_comparison_is_OrdinalIgnoreCase_for_every_character()
    {
        for (var l = 'a'; l <= 'z'; l++)
            for (var c = 0; c <= char.MaxValue; c++)
                Assert.True(
                    string.Equals(((char)c).ToString(), l.ToString(), StringComparison.OrdinalIgnoreCase) == Urls.SameLetter((char)c, l),
                    $"U+{c:X4} vs {l}");
    }

    /// <summary>The previous implementation, verbatim.</summary>
    private static class Reference
    {
        private static readonly string[] UrlAttributes =
        [
            "href", "src", "cite", "action", "background", "longdesc", "usemap", "poster", "codebase", "data", "profile",
            "dynsrc", "lowsrc", "formaction", "icon", "manifest",
        ];

        private static bool IsUrlAttribute(ReadOnlySpan<char> name)
        {
            foreach (var a in UrlAttributes)
                if (a.Length == name.Length && name.Equals(a, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        private static bool LooksAbsolute(ReadOnlySpan<char> v) =>
            v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || v.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || v.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

            public static string Resolve(string html, string? baseUrl, bool trim = false)
        {
            // Trimming is folded in so that a large body is copied at most once (trim and rewrite together).
            var start = 0;
            var end = html.Length;
            if (trim)
            {
                while (start < end && char.IsWhiteSpace(html[start])) start++;
                while (end > start && char.IsWhiteSpace(html[end - 1])) end--;
            }
            string Trimmed() => start == 0 && end == html.Length ? html : html[start..end];
            if (string.IsNullOrEmpty(baseUrl) || html.IndexOf('<') < 0) return Trimmed();
            // The rewritten copy is built in a pooled buffer: content is often large, and a StringBuilder of its size would be a
            // large-object-heap allocation per entry on top of the result string.
            var sb = new PooledChars();
            var copied = start;
            var i = 0;
            while (i < html.Length && (i = html.IndexOf('<', i)) >= 0)
            {
                i++;
                if (i >= html.Length || !char.IsAsciiLetter(html[i])) continue;
                // A tag without '=' has no attribute values to resolve (<p>, <br/>, <li>): skip it in one vectorized search.
                var stop = html.AsSpan(i).IndexOfAny('=', '>');
                if (stop < 0) break;
                if (html[i + stop] == '>') { i += stop + 1; continue; }
                while (i < html.Length && html[i] is not ('>' or ' ' or '\t' or '\n' or '\r' or '/')) i++; // tag name
                while (i < html.Length && html[i] != '>')
                {
                    // One attribute: name [= value]
                    while (i < html.Length && (char.IsWhiteSpace(html[i]) || html[i] == '/')) i++;
                    var nameStart = i;
                    while (i < html.Length && html[i] is not ('=' or '>' or ' ' or '\t' or '\n' or '\r' or '/')) i++;
                    var name = html.AsSpan(nameStart, i - nameStart);
                    while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                    if (i >= html.Length || html[i] != '=') { if (i == nameStart) i++; continue; }
                    i++;
                    while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                    if (i >= html.Length) break;
                    int valueStart, valueEnd, next;
                    if (html[i] is '"' or '\'')
                    {
                        var close = html.IndexOf(html[i], i + 1);
                        if (close < 0) return sb.IsEmpty ? Trimmed() : sb.Finish(html.AsSpan(copied, end - copied));
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
                        var raw = html.AsSpan(valueStart, valueEnd - valueStart);
                        if (!LooksAbsolute(raw))
                        {
                            var decoded = HtmlText.Decode(raw.ToString()).Trim();
                            var resolved = decoded.Length == 0 ? null : Urls.Resolve(baseUrl, decoded);
                            if (resolved is not null && resolved != decoded)
                            {
                                if (sb.IsEmpty) sb.Start(end - start + 256);
                                sb.Append(html.AsSpan(copied, nameStart - copied));
                                sb.Append(name);
                                sb.Append("=\"");
                                sb.AppendEscaped(resolved);
                                sb.Append("\"");
                                copied = next;
                            }
                        }
                    }
                    i = next;
                }
            }
            if (sb.IsEmpty) return Trimmed();
            return sb.Finish(html.AsSpan(copied, end - copied));
        }

        /// <summary>A growable char buffer rented from the shared pool; <see cref="Finish"/> returns it.</summary>
        private struct PooledChars
        {
            private char[]? _buffer;
            private int _length;

            public readonly bool IsEmpty => _buffer is null;

            public void Start(int capacity) => _buffer = System.Buffers.ArrayPool<char>.Shared.Rent(capacity);

            public void Append(ReadOnlySpan<char> s)
            {
                if (_length + s.Length > _buffer!.Length)
                {
                    var bigger = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + s.Length));
                    _buffer.AsSpan(0, _length).CopyTo(bigger);
                    System.Buffers.ArrayPool<char>.Shared.Return(_buffer);
                    _buffer = bigger;
                }
                s.CopyTo(_buffer.AsSpan(_length));
                _length += s.Length;
            }

            public void AppendEscaped(string s)
            {
                var from = 0;
                for (var k = 0; k < s.Length; k++)
                {
                    var entity = s[k] switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", _ => null };
                    if (entity is null) continue;
                    Append(s.AsSpan(from, k - from));
                    Append(entity);
                    from = k + 1;
                }
                Append(s.AsSpan(from));
            }

            public string Finish(ReadOnlySpan<char> tail)
            {
                Append(tail);
                var result = new string(_buffer!, 0, _length);
                System.Buffers.ArrayPool<char>.Shared.Return(_buffer!);
                _buffer = null;
                return result;
            }
        }
    }
}
