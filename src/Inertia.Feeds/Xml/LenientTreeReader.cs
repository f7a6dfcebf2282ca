namespace Inertia.Feeds.Xml;

/// <summary>
/// The recovery path: a forgiving tokenizer for documents no XML reader accepts (unclosed or mismatched tags, truncated
/// files, undeclared prefixes, HTML served as a feed). Produces the same <see cref="Node"/> tree as the strict reader.
/// </summary>
internal static class LenientTreeReader
{
    /// <summary>Prefixes feeds commonly use without declaring them.</summary>
    private static readonly Dictionary<string, string> WellKnownPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["media"] = "http://search.yahoo.com/mrss/",
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["atom"] = Namespaces.Atom10,
        ["rdf"] = Namespaces.Rdf,
        ["slash"] = "http://purl.org/rss/1.0/modules/slash/",
        ["wfw"] = "http://wellformedweb.org/CommentAPI/",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["xml"] = Namespaces.Xml,
        ["podcast"] = "https://podcastindex.org/namespace/1.0",
        ["georss"] = "http://www.georss.org/georss",
        ["geo"] = "http://www.w3.org/2003/01/geo/wgs84_pos#",
        ["xhtml"] = Namespaces.Xhtml,
        ["feedburner"] = "http://rssnamespace.org/feedburner/ext/1.0",
        ["thr"] = "http://purl.org/syndication/thread/1.0",
    };

    public static Node? Read(string text, ITreeSink sink, string? documentBase, List<string> warnings, string? documentLanguage = null)
    {
        var b = new TreeBuilder(sink, documentBase, warnings, documentLanguage);
        var mismatched = 0;
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            if (text[i] != '<')
            {
                var lt = text.IndexOf('<', i);
                var end = lt < 0 ? n : lt;
                b.Text(HtmlText.Decode(text[i..end]));
                i = end;
                continue;
            }
            if (Starts(text, i, "<!--")) { i = SkipPast(text, i + 4, "-->"); continue; }
            if (Starts(text, i, "<![CDATA["))
            {
                var end = text.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                if (end < 0) { b.Text(text[(i + 9)..]); warnings.Add("unterminated CDATA section"); i = n; continue; }
                b.Text(text[(i + 9)..end]);
                i = end + 3;
                continue;
            }
            if (Starts(text, i, "<!") || Starts(text, i, "<?")) { i = SkipPast(text, i + 2, ">"); continue; }
            if (i + 1 < n && text[i + 1] == '/')
            {
                var gt = text.IndexOf('>', i);
                var name = text[(i + 2)..(gt < 0 ? n : gt)].Trim();
                var idx = b.FindOpen(name);
                if (idx >= 0)
                {
                    if (idx != b.Depth - 1) mismatched++;
                    b.CloseTo(idx);
                }
                else mismatched++;
                i = gt < 0 ? n : gt + 1;
                continue;
            }
            if (i + 1 < n && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                i = ReadStartTag(text, i, b);
                continue;
            }
            b.Text("<");
            i++;
        }
        var unclosed = b.CloseAll();
        if (mismatched > 0) warnings.Add($"ignored {mismatched} mismatched end tag(s)");
        if (unclosed > 0) warnings.Add($"closed {unclosed} element(s) left open at the end of the document");
        return b.Root;
    }

    private static bool Starts(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static int SkipPast(string s, int from, string end)
    {
        var e = s.IndexOf(end, from, StringComparison.Ordinal);
        return e < 0 ? s.Length : e + end.Length;
    }

    private static int ReadStartTag(string s, int i, TreeBuilder b)
    {
        var n = s.Length;
        var p = i + 1;
        var nameStart = p;
        while (p < n && !char.IsWhiteSpace(s[p]) && s[p] != '>' && s[p] != '/') p++;
        var qname = s[nameStart..p];
        var raw = new List<(string Name, string Value)>();
        var selfClosing = false;
        while (p < n)
        {
            while (p < n && char.IsWhiteSpace(s[p])) p++;
            if (p >= n) break;
            if (s[p] == '>') { p++; break; }
            if (s[p] == '/') { selfClosing = true; p++; continue; }
            if (s[p] == '<') break; // unterminated tag: the next one starts here
            var an = p;
            while (p < n && !char.IsWhiteSpace(s[p]) && s[p] is not '=' and not '>' and not '/' and not '<') p++;
            var attrName = s[an..p];
            if (attrName.Length == 0) { p++; continue; }
            selfClosing = false;
            while (p < n && char.IsWhiteSpace(s[p])) p++;
            string value = "";
            if (p < n && s[p] == '=')
            {
                p++;
                while (p < n && char.IsWhiteSpace(s[p])) p++;
                if (p < n && s[p] is '"' or '\'')
                {
                    var q = s[p];
                    var close = s.IndexOf(q, p + 1);
                    if (close < 0) close = n;
                    value = s[(p + 1)..close];
                    p = Math.Min(n, close + 1);
                }
                else
                {
                    var vs = p;
                    while (p < n && !char.IsWhiteSpace(s[p]) && s[p] != '>') p++;
                    value = s[vs..p];
                }
            }
            raw.Add((attrName, HtmlText.Decode(value)));
        }

        List<KeyValuePair<string, string>>? decls = null;
        foreach (var (name, value) in raw)
        {
            if (name == "xmlns") (decls ??= []).Add(new("", value));
            else if (name.StartsWith("xmlns:", StringComparison.Ordinal)) (decls ??= []).Add(new(name[6..], value));
        }
        string Resolve(string prefix, bool isAttribute)
        {
            if (prefix.Length == 0 && isAttribute) return "";
            if (decls is not null)
                foreach (var kv in decls) if (kv.Key == prefix) return kv.Value;
            var found = b.LookupNamespace(prefix);
            if (found is not null) return found;
            if (prefix.Length == 0) return "";
            return WellKnownPrefixes.TryGetValue(prefix, out var wk) ? wk : "";
        }

        var (ep, el) = Split(qname);
        var node = new Node(Resolve(ep, false), el, ep) { Declarations = decls };
        foreach (var (name, value) in raw)
        {
            if (name == "xmlns" || name.StartsWith("xmlns:", StringComparison.Ordinal)) continue;
            var (ap, al) = Split(name);
            node.AddAttribute(new NodeAttribute(Resolve(ap, true), al, value, ap.Length == 0 ? null : ap));
        }
        b.Open(node);
        if (selfClosing) b.Close();
        return p;
    }

    private static (string Prefix, string Local) Split(string qname)
    {
        var c = qname.IndexOf(':');
        return c <= 0 ? ("", qname) : (qname[..c], qname[(c + 1)..]);
    }
}
