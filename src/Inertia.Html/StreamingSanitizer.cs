using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;

namespace Inertia.Html;

/// <summary>
/// One pass over AngleSharp's HTML5 tokenizer (which does the hard part: states, character references, attribute
/// quoting): allowlisted tags and attributes are written through <see cref="HtmlWriter"/>, everything else is dropped
/// with its content (as the DOM-based sanitizer did; only <see cref="HtmlRules.Unwrapped"/> elements leave their content
/// behind), comments and doctypes vanish, and an element stack keeps the
/// output balanced, closing what HTML's tree builder would close implicitly (p before a block, li before li, cells
/// and rows). No DOM is built. Not thread-safe: one instance per call.
/// </summary>
internal sealed class StreamingSanitizer
{
    readonly HtmlTokenizer _tokenizer;
    readonly HtmlWriter _writer;
    readonly Uri? _base;
    readonly bool _readerAttributes;
    // Open elements: Kept ones were written; the first dropped one starts a region whose content is dropped.
    readonly List<(string Name, bool Kept)> _open = [];
    readonly List<KeyValuePair<string, string>> _attributes = [];
    int _dropFrom = -1;
    int _foreign; // open svg/math elements: their content is not raw text, and "/>" closes
    bool _afterPre; // a newline right after <pre> is not content (the tree builder drops it)

    StreamingSanitizer(string html, Uri? baseUri, bool readerAttributes)
    {
        _tokenizer = new HtmlTokenizer(new TextSource(html), HtmlEntityProvider.Resolver) { SkipComments = true };
        _writer = new HtmlWriter(html.Length);
        _base = baseUri;
        _readerAttributes = readerAttributes;
    }

    public static string Sanitize(string html, Uri? baseUri, bool readerAttributes = true)
    {
        var sanitizer = new StreamingSanitizer(html, baseUri, readerAttributes);
        sanitizer.Run();
        return sanitizer._writer.ToStringAndReturn();
    }

    bool Dropping => _dropFrom >= 0;

    void Run()
    {
        // The struct token API is the one AngleSharp's own tree builder reads: no object per token, names and text
        // as slices of the tokenizer's buffers (valid until the next token, so whatever is kept is copied at once).
        for (ref var token = ref _tokenizer.GetStructToken(); token.Type != HtmlTokenType.EndOfFile; token = ref _tokenizer.GetStructToken())
        {
            var afterPre = _afterPre;
            _afterPre = false;
            switch (token.Type)
            {
                case HtmlTokenType.Character when !Dropping:
                    ReadOnlySpan<char> text = token.Data;
                    _writer.Text(afterPre && text.StartsWith('\n') ? text[1..] : text);
                    break;
                case HtmlTokenType.StartTag:
                    Start(ref token);
                    break;
                case HtmlTokenType.EndTag:
                    End(HtmlRules.TagName(token.Name));
                    break;
            }
        }
        CloseTo(0);
    }

    void Start(ref StructHtmlToken tag)
    {
        var name = HtmlRules.TagName(tag.Name);
        if (name == "image") name = "img";
        if (HtmlRules.Ignored.Contains(name) || HtmlRules.Unwrapped.Contains(name)) return;
        var isVoid = HtmlRules.Void.Contains(name);
        var foreignRoot = name is "svg" or "math";
        // In svg/math "/>" closes any element; in HTML it closes nothing (only void elements have no end tag).
        var closed = isVoid || (tag.IsSelfClosing && (_foreign > 0 || foreignRoot));
        // An element that is dropped anyway and written "<x/>" is taken as empty, as the XML tools that write most
        // feeds mean it: "<iframe src=…/> text" keeps its text instead of losing the rest of the entry as the
        // iframe's content. (Kept elements follow HTML, where "/>" closes nothing.)
        var droppedEmpty = closed || tag.IsSelfClosing;
        if (Dropping)
        {
            if (!droppedEmpty) Open(name, kept: false, foreignRoot);
            return;
        }
        CloseImplied(name);
        if (!HtmlRules.Tags.Contains(name))
        {
            if (!droppedEmpty) Open(name, kept: false, foreignRoot);
            return;
        }
        if (!Attributes(name, tag.Attributes)) return;
        _writer.StartTag(name, _attributes);
        if (!closed) Open(name, kept: true, foreignRoot: false);
        _afterPre = name == "pre";
    }

    void Open(string name, bool kept, bool foreignRoot)
    {
        if (!kept && _dropFrom < 0) _dropFrom = _open.Count;
        _open.Add((name, kept));
        if (foreignRoot) _foreign++;
        else if (_foreign == 0 && HtmlRules.TextMode(name) is { } mode) _tokenizer.State = mode;
        _tokenizer.IsAcceptingCharacterData = _foreign > 0;
    }

    void End(string name)
    {
        if (HtmlRules.Ignored.Contains(name) || HtmlRules.Unwrapped.Contains(name)) return;
        var at = _open.FindLastIndex(e => e.Name == name);
        if (at < 0)
        {
            // Stray </br> and </p> make elements in a browser; keep the output what the browser would show.
            if (Dropping) return;
            if (name == "br") _writer.Raw("<br>");
            else if (name == "p") _writer.Raw("<p></p>");
            return;
        }
        CloseTo(at);
        if (_tokenizer.State != HtmlParseMode.Plaintext) _tokenizer.State = HtmlParseMode.PCData;
    }

    /// <summary>Pops the open elements from the top down to <paramref name="at"/>, writing end tags of kept ones.</summary>
    void CloseTo(int at)
    {
        for (var i = _open.Count - 1; i >= at; i--)
        {
            var (name, kept) = _open[i];
            if (kept) _writer.EndTag(name);
            if (name is "svg" or "math") _foreign--;
        }
        _open.RemoveRange(at, _open.Count - at);
        if (_dropFrom >= _open.Count) _dropFrom = -1;
        _tokenizer.IsAcceptingCharacterData = _foreign > 0;
    }

    /// <summary>The end tags HTML's tree builder implies when <paramref name="name"/> starts.</summary>
    void CloseImplied(string name)
    {
        if (HtmlRules.ClosesParagraph.Contains(name)) CloseNearest("p", "table", "td", "th", "caption", "button", "object");
        if (HtmlRules.IsHeading(name) && _open.Count > 0 && HtmlRules.IsHeading(_open[^1].Name)) CloseTo(_open.Count - 1);
        switch (name)
        {
            case "li": CloseNearest("li", "ul", "ol", "menu", "dir", "table", "td", "th"); break;
            case "dd" or "dt": CloseNearest(["dd", "dt"], "dl", "table", "td", "th"); break;
            case "td" or "th": CloseNearest(["td", "th"], "tr", "table"); break;
            case "tr": CloseNearest("tr", "thead", "tbody", "tfoot", "table"); break;
            case "thead" or "tbody" or "tfoot": CloseNearest(["thead", "tbody", "tfoot"], "table"); break;
            case "rp" or "rt": CloseNearest(["rp", "rt"], "ruby"); break;
            case "a": CloseNearest("a", "table", "td", "th"); break; // links do not nest
        }
    }

    void CloseNearest(string target, params ReadOnlySpan<string> boundaries) => CloseNearest([target], boundaries);

    void CloseNearest(ReadOnlySpan<string> targets, params ReadOnlySpan<string> boundaries)
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            var name = _open[i].Name;
            if (targets.Contains(name)) { CloseTo(i); return; }
            if (boundaries.Contains(name)) return;
        }
    }

    /// <summary>Fills <see cref="_attributes"/>; false when the element is dropped (a tracking pixel).</summary>
    bool Attributes(string name, StructAttributes attributes)
    {
        _attributes.Clear();
        var controls = false;
        string? width = null, height = null;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            var key = HtmlRules.AllowedAttribute(attribute.Name);
            // A repeated attribute keeps its first value, as in the DOM.
            if (key is null || _attributes.Exists(a => a.Key == key)) continue;
            var value = key == "srcset" ? SafeUrl.CleanList(attribute.Value.ToString(), _base)
                : key == "style" ? SafeStyle.Clean(attribute.Value.ToString())
                : HtmlRules.UrlAttributes.Contains(key) ? SafeUrl.Clean(attribute.Value.ToString(), _base)
                : attribute.Value.ToString();
            if (value is null) continue;
            switch (key)
            {
                case "width": width = value; break;
                case "height": height = value; break;
                case "controls" when name is "video" or "audio": controls = true; value = ""; break;
            }
            _attributes.Add(new(key, value));
        }
        // 1×1 images exist only to report that the reader opened the entry.
        if (name == "img" && int.TryParse(width, out var w) && w <= 1 && int.TryParse(height, out var h) && h <= 1) return false;
        if (!_readerAttributes) return true;
        switch (name)
        {
            case "a" when _attributes.Exists(a => a.Key == "href"):
                _attributes.Add(new("rel", "noopener noreferrer"));
                _attributes.Add(new("target", "_blank"));
                break;
            case "img":
                _attributes.Add(new("loading", "lazy"));
                // Many image hosts refuse foreign referrers but serve requests without one.
                _attributes.Add(new("referrerpolicy", "no-referrer"));
                break;
            case "video" or "audio":
                if (!controls) _attributes.Add(new("controls", ""));
                _attributes.Add(new("preload", "none"));
                break;
        }
        return true;
    }
}
