using System.Text;
using AngleSharp;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Inertia.Content;

/// <summary>
/// Makes feed HTML safe to show: an allowlist for article markup (no script, style, iframe, form, event handler,
/// inline style or javascript: URL), links that open in a new tab without leaking the reader, lazy images.
/// One instance is shared: the sanitizer is thread-safe once configured.
/// </summary>
public sealed class HtmlCleaner
{
    static readonly string[] Tags =
    [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small",
        "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    ];

    // No class/id/style: feed styles fight the reader's, and ids could clobber the page's DOM.
    static readonly string[] Attributes =
    [
        "href", "src", "srcset", "sizes", "alt", "title", "width", "height", "colspan", "rowspan", "headers", "scope",
        "abbr", "datetime", "cite", "lang", "dir", "start", "reversed", "type", "open", "controls", "poster",
        "loop", "muted", "media", "span", "align", "valign",
    ];

    readonly HtmlSanitizer _sanitizer;

    // The sanitizer's default parser factory builds a CSS-enabled browsing context per call, which costs several
    // times the parse itself. One plain context per thread is reused instead (no CSS: styles are not allowed anyway).
    [ThreadStatic] static IBrowsingContext? t_context;

    static HtmlParser NewParser() => new(new HtmlParserOptions(), t_context ??= BrowsingContext.New(Configuration.Default));

    public HtmlCleaner()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite", "poster"], StringComparer.OrdinalIgnoreCase),
            UriListAttributes = new HashSet<string>(["srcset"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
            AllowDataAttributes = false,
        };
        _sanitizer = new HtmlSanitizer(options) { HtmlParserFactory = NewParser };
        _sanitizer.PostProcessDom += (_, e) => Rewrite(e.Document.Body);
    }

    /// <summary>Sanitized HTML; relative URLs resolved against <paramref name="baseUrl"/> when it is absolute.</summary>
    public string? Clean(string? html, string? baseUrl = null)
    {
        if (string.IsNullOrWhiteSpace(html)) return html is null ? null : "";
        // Without '<' there is no markup at all: the text is already safe HTML (entities stay entities).
        if (!html.Contains('<')) return html.Trim();
        var resolvedBase = Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && (b.Scheme is "http" or "https") ? b.AbsoluteUri : "";
        return _sanitizer.Sanitize(html, resolvedBase).Trim();
    }

    // One walk over the sanitized tree (no selector to parse, no pass per tag name): this runs per entry.
    static void Rewrite(IElement? root)
    {
        if (root is null) return;
        List<IElement>? pixels = null;
        foreach (var element in root.Descendants<IElement>())
        {
            switch (element.LocalName)
            {
                case "a" when element.HasAttribute("href"):
                    element.SetAttribute("rel", "noopener noreferrer");
                    element.SetAttribute("target", "_blank");
                    break;
                case "img" when IsTrackingPixel(element):
                    (pixels ??= []).Add(element); // removed after the walk, which must not see the tree change
                    break;
                case "img":
                    element.SetAttribute("loading", "lazy");
                    // Many image hosts refuse foreign referrers but serve requests without one.
                    element.SetAttribute("referrerpolicy", "no-referrer");
                    break;
                case "video" or "audio":
                    element.SetAttribute("controls", "");
                    element.SetAttribute("preload", "none");
                    break;
            }
        }
        pixels?.ForEach(pixel => pixel.Remove());
    }

    /// <summary>1×1 images exist only to report that the reader opened the entry.</summary>
    static bool IsTrackingPixel(IElement image) =>
        int.TryParse(image.GetAttribute("width"), out var w) && w <= 1 &&
        int.TryParse(image.GetAttribute("height"), out var h) && h <= 1;

    static readonly HashSet<string> Invisible = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "template", "noscript", "head", "title" };

    static readonly HashSet<string> Breaking = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    };

    /// <summary>
    /// Plain text for list views: tags dropped (blocks become spaces), entities decoded, whitespace collapsed,
    /// cut at a word boundary near <paramref name="maxChars"/>. The result is text, to be HTML-encoded when shown.
    /// </summary>
    public static string Snippet(string? html, int maxChars = 200)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var document = NewParser().ParseDocument("<body>" + html);
        var text = new StringBuilder();
        AppendText(document.Body, text, maxChars * 2);
        return Truncate(Collapse(text.ToString()), maxChars);
    }

    static void AppendText(INode? node, StringBuilder text, int enough)
    {
        if (node is null) return;
        foreach (var child in node.ChildNodes)
        {
            if (text.Length > enough) return;
            if (child is IText t) text.Append(t.Data);
            else if (child is IElement e && !Invisible.Contains(e.LocalName))
            {
                var block = Breaking.Contains(e.LocalName);
                if (block) text.Append(' ');
                AppendText(e, text, enough);
                if (block) text.Append(' ');
            }
        }
    }

    static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = result.Length > 0; continue; }
            if (space) { result.Append(' '); space = false; }
            result.Append(c);
        }
        return result.ToString();
    }

    static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars) return text;
        var cut = text.LastIndexOf(' ', maxChars);
        // CJK text has no spaces: cut at the limit rather than far back.
        if (cut < maxChars * 2 / 3) cut = maxChars;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut].TrimEnd() + "…";
    }
}
