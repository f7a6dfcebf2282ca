using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Inertia.Html;

namespace Inertia.Tests.Content;

/// <summary>
/// The sanitizer's safety property, checked the way a browser would see its output: re-parsed as HTML, the output
/// holds only allowlisted HTML elements and attributes (plus the ones the cleaner adds), no comments, nothing that
/// lands in the head, every URL absolute http, https or mailto, and no inline style that could load, run or move anything.
/// </summary>
internal static class SafeHtml
{
    static readonly HashSet<string> Added = ["rel", "target", "loading", "referrerpolicy", "preload"];
    static readonly HashSet<string> Schemes = ["http", "https", "mailto"];

    public static List<string> Violations(string html)
    {
        var document = new HtmlParser().ParseDocument("<!doctype html><html><head></head><body>" + html + "</body></html>");
        var found = new List<string>();
        if (document.Head!.ChildNodes.Length > 0) found.Add("content in <head>: " + document.Head.InnerHtml);
        var body = document.Body!;
        if (body.Descendants<IComment>().Any()) found.Add("a comment");
        foreach (var element in body.Descendants<IElement>())
        {
            if (element.NamespaceUri != NamespaceNames.HtmlUri) found.Add($"foreign element <{element.LocalName}>");
            if (!HtmlRules.Tags.Contains(element.LocalName)) found.Add($"element <{element.LocalName}>");
            foreach (var attribute in element.Attributes)
            {
                if (!HtmlRules.Attributes.Contains(attribute.Name) && !Added.Contains(attribute.Name)) found.Add($"attribute {attribute.Name} on <{element.LocalName}>");
                var urls = attribute.Name == "srcset"
                    ? attribute.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split(' ')[0])
                    : HtmlRules.UrlAttributes.Contains(attribute.Name) ? [attribute.Value] : [];
                foreach (var url in urls)
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
                        found.Add($"URL {attribute.Name}=\"{url}\" on <{element.LocalName}>");
                if (attribute.Name == "style" && StyleHazard(attribute.Value) is { } hazard)
                    found.Add($"style \"{attribute.Value}\" ({hazard}) on <{element.LocalName}>");
            }
        }
        return found;
    }

    /// <summary>What would let an inline style load, run, escape or move content: null when there is none.</summary>
    static string? StyleHazard(string style)
    {
        foreach (var bad in (string[])["\\", "/", "@", "{", "}", "<", "url(", "expression", "!"])
            if (style.Contains(bad, StringComparison.OrdinalIgnoreCase)) return bad;
        if (style.Replace("rgb(", "").Replace("rgba(", "").Contains('(')) return "a function other than rgb()";
        foreach (System.Text.RegularExpressions.Match declaration in System.Text.RegularExpressions.Regex.Matches(style, @"(?:^|;)\s*([^:;]+):([^;]*)"))
        {
            var name = declaration.Groups[1].Value.Trim().ToLowerInvariant();
            if (name is "position" or "z-index" or "transform" or "behavior" || name.StartsWith('-')) return "property " + name;
            if (System.Text.RegularExpressions.Regex.IsMatch(declaration.Groups[2].Value, @"(^|[\s,])-")) return "a negative value";
        }
        return null;
    }
}
