using System.Collections.Frozen;
using AngleSharp.Html.Parser;

namespace Inertia.Html;

/// <summary>
/// What <see cref="HtmlCleaner"/> lets through (tags, attributes, URL schemes) and the few facts of HTML parsing the
/// streaming sanitizer needs to balance tags the way a browser's tree builder would.
/// </summary>
internal static class HtmlRules
{
    public static readonly FrozenSet<string> Tags = FrozenSet.ToFrozenSet(
    [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small",
        "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
        // Display-only elements (no form behaviour, no script): old list containers, boxes with a caption,
        // gauges, and label/output, whose text would otherwise vanish with them.
        "dir", "menu", "fieldset", "legend", "meter", "progress", "label", "output",
    ]);

    // No class/id: feed classes would pick up the reader's rules, and ids could clobber the page's DOM. style is
    // kept only as the declarations SafeStyle lets through. The legacy presentational attributes (tables, images,
    // rules) are what old feeds format their content with; none loads anything or runs anything.
    public static readonly FrozenSet<string> Attributes = FrozenSet.ToFrozenSet(
    [
        "href", "src", "srcset", "sizes", "alt", "title", "width", "height", "colspan", "rowspan", "headers", "scope",
        "abbr", "datetime", "cite", "lang", "dir", "start", "reversed", "type", "open", "controls", "poster",
        "loop", "muted", "media", "span", "align", "valign", "style",
        "bgcolor", "border", "cellpadding", "cellspacing", "frame", "rules", "summary", "nowrap", "hspace", "vspace",
        "noshade", "size", "clear", "hidden", "value", "min", "max", "low", "high", "optimum",
        // Inert here: attributes of form controls, maps and old browsers that do nothing on the elements above (no
        // request, no script, no focus or input), kept so content reads as its author wrote it, as feedparser's and
        // html5lib's allowlists keep them. URL-valued ones of this kind (action, dynsrc, lowsrc, longdesc) are not
        // kept; nor anything that acts in the reader's page: id (DOM clobbering), for (a label working the reader's
        // controls), accesskey (its shortcuts), autofocus, contenteditable, draggable, ping (tracking), rel/target
        // and preload (the reader sets its own), background (loads an image without the reader's referrer policy).
        "balance", "bgproperties", "bordercolor", "bordercolordark", "bordercolorlight", "bottompadding", "toppadding",
        "ch", "char", "charoff", "challenge", "charset", "color", "cols", "coords", "datafld", "datasrc", "delay",
        "disabled", "enctype", "face", "gutter", "hidefocus", "icon", "inputmode", "ismap", "keytype", "label", "list",
        "loopcount", "loopend", "loopstart", "maxlength", "method", "multiple", "pattern", "pqg", "prompt",
        "radiogroup", "readonly", "repeat-min", "replace", "required", "rev", "selected", "step", "suppress",
        "unselectable", "urn", "usemap", "variable", "volume", "vrml", "wrap",
    ]);

    public static readonly FrozenSet<string> UrlAttributes = FrozenSet.ToFrozenSet(["href", "src", "cite", "poster"]);

    public static readonly FrozenSet<string> Schemes = FrozenSet.ToFrozenSet(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Elements without an end tag or content.</summary>
    public static readonly FrozenSet<string> Void = FrozenSet.ToFrozenSet(
    [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr",
    ]);

    /// <summary>Tags of the document around a fragment: a tree builder in body ignores them, their content stays.</summary>
    public static readonly FrozenSet<string> Ignored = FrozenSet.ToFrozenSet(["html", "head", "body", "frameset"]);

    /// <summary>
    /// Dropped elements whose content a browser shows as ordinary content, so it stays (sanitized) without the tag:
    /// an object's or applet's fallback (exactly what shows when the plugin is gone, as it is here), and legacy
    /// effects around text. Every other element that is not allowlisted goes with its content.
    /// </summary>
    public static readonly FrozenSet<string> Unwrapped = FrozenSet.ToFrozenSet(["object", "applet", "blink", "marquee"]);

    /// <summary>Start tags that close an open &lt;p&gt; (HTML's "close a p element").</summary>
    public static readonly FrozenSet<string> ClosesParagraph = FrozenSet.ToFrozenSet(
    [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary", "table", "ul", "xmp",
    ]);

    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Known = Tags.Concat(Void).Concat(Ignored).Concat(ClosesParagraph)
        .Concat(["script", "style", "iframe", "noembed", "noframes", "textarea", "title", "noscript", "template", "svg", "math", "image",
            "font", "form", "input", "button", "select", "option", "object", "nav", "main", "applet", "blink", "marquee"])
        .ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownAttributes =
        Attributes.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The tag name as a string, without allocating one for the names the rules know.</summary>
    public static string TagName(ReadOnlySpan<char> name) => Known.TryGetValue(name, out var known) ? known : name.ToString();

    /// <summary>The allowlisted attribute name as a string, or null when the attribute is not allowed.</summary>
    public static string? AllowedAttribute(ReadOnlySpan<char> name) => KnownAttributes.TryGetValue(name, out var known) ? known : null;

    public static bool IsHeading(string name) => name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6';

    /// <summary>How the tokenizer must read an element's content (null: as markup), as the tree builder tells it.</summary>
    public static HtmlParseMode? TextMode(string name) => name switch
    {
        "script" => HtmlParseMode.Script,
        "style" or "xmp" or "iframe" or "noembed" or "noframes" => HtmlParseMode.Rawtext,
        "textarea" or "title" => HtmlParseMode.RCData,
        "plaintext" => HtmlParseMode.Plaintext,
        _ => null,
    };
}
