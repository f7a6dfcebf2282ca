using AngleSharp;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Inertia.Html;

namespace Inertia.Bench.Ingest;

/// <summary>
/// The DOM-based sanitizer HtmlCleaner used until the streaming one (HtmlSanitizer 11 over AngleSharp, same
/// allowlists, same rewrites), kept here only to measure both on the same inputs and to compare their output.
/// </summary>
sealed class LegacyCleaner
{
    readonly HtmlSanitizer _sanitizer;
    [ThreadStatic] static IBrowsingContext? t_context;

    public LegacyCleaner()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(HtmlRules.Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(HtmlRules.Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite", "poster"], StringComparer.OrdinalIgnoreCase),
            UriListAttributes = new HashSet<string>(["srcset"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
            AllowDataAttributes = false,
        };
        _sanitizer = new HtmlSanitizer(options)
        {
            HtmlParserFactory = () => new HtmlParser(new HtmlParserOptions(), t_context ??= BrowsingContext.New(Configuration.Default)),
        };
        _sanitizer.PostProcessDom += (_, e) => Rewrite(e.Document.Body);
    }

    public string? Clean(string? html, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html)) return html is null ? null : "";
        if (!html.Contains('<')) return html.Trim();
        var resolvedBase = Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && (b.Scheme is "http" or "https") ? b.AbsoluteUri : "";
        return _sanitizer.Sanitize(html, resolvedBase).Trim();
    }

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
                case "img" when int.TryParse(element.GetAttribute("width"), out var w) && w <= 1 && int.TryParse(element.GetAttribute("height"), out var h) && h <= 1:
                    (pixels ??= []).Add(element);
                    break;
                case "img":
                    element.SetAttribute("loading", "lazy");
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
}
