using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Inertia.Content;

namespace Inertia.Tests.Content;

/// <summary>
/// The sanitizer's safety property, checked the way a browser would see its output: re-parsed as HTML, the output
/// holds only allowlisted HTML elements and attributes (plus the ones the cleaner adds), no comments, nothing that
/// lands in the head, and every URL absolute http, https or mailto.
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
            }
        }
        return found;
    }
}
