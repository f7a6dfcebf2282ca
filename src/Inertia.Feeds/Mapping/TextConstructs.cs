using System.Text;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>Reads text constructs (Atom type/mode, RSS guesswork) into <see cref="TextDetail"/> with URLs resolved.</summary>
internal static class TextConstructs
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Xhtml = "application/xhtml+xml";

    /// <summary>Atom text construct (also Atom 0.3's mode="escaped|xml|base64").</summary>
    public static TextDetail Atom(Node n, string? fallbackBase)
    {
        var rawType = (n.Attr("type") ?? "text").Trim().ToLowerInvariant();
        var mode = n.Attr("mode")?.Trim().ToLowerInvariant();
        var type = rawType switch
        {
            "text" or "" => Plain,
            "html" => Html,
            "xhtml" => Xhtml,
            _ => rawType,
        };
        var baseUrl = n.Base ?? fallbackBase;
        string value;
        if (type == Html && mode is null && n.PendingText is { } pending)
            return new TextDetail(Urls.ResolveInHtml(pending, baseUrl), type, n.Lang, baseUrl); // as Finish, from the buffer
        if (mode == "base64" || (mode is null && IsBinary(type)))
        {
            // Atom 0.3 says so with mode="base64"; Atom 1.0 (RFC 4287 §4.1.3.3) implies it for non-text media types.
            value = FromBase64(n.Text);
        }
        else if (rawType == "xhtml" || (type == Xhtml && n.Ns == Namespaces.Atom10))
        {
            value = XhtmlValue(n); // Atom 1.0: the wrapping div is not part of the content
        }
        else if (n.HasElements)
        {
            value = n.InnerXml().Trim(); // inline markup (Atom 0.3 mode="xml", or a careless type)
            if (type == Plain) type = Html;
        }
        else value = n.Text;
        return Finish(value, type, n, baseUrl);
    }

    private static bool IsBinary(string type) =>
        type.Contains('/') && !type.StartsWith("text/", StringComparison.Ordinal) && !type.EndsWith("+xml", StringComparison.Ordinal)
        && !type.EndsWith("/xml", StringComparison.Ordinal) && type is not (Html or Xhtml or Plain);

    /// <summary>RSS (and other non-Atom) elements: the type is guessed from the content.</summary>
    public static TextDetail Rss(Node n, string defaultType, string? fallbackBase)
    {
        // The common large body (content:encoded in CDATA): the trimmed, resolved string is built straight from its buffer.
        if (defaultType == Html && n.PendingText is { } pending && n.Attr("mode") is null)
            return new TextDetail(Urls.ResolveInHtml(pending, n.Base ?? fallbackBase, trim: true), Html, n.Lang, n.Base ?? fallbackBase);
        string value;
        var type = defaultType;
        if (n.HasElements)
        {
            var inlineXhtml = n.Elements().FirstOrDefault(e => e.Ns == Namespaces.Xhtml);
            value = inlineXhtml is not null && n.Elements().Count() == 1 && inlineXhtml.Name == "div" ? inlineXhtml.InnerXml() : n.InnerXml();
            type = Html;
        }
        else value = n.Text;
        var mode = n.Attr("mode")?.Trim().ToLowerInvariant();
        if (mode == "base64") value = FromBase64(value);
        if (type == Plain && HtmlText.LooksLikeHtml(value)) type = Html;
        if (type is Html or Xhtml)
            return new TextDetail(Urls.ResolveInHtml(value, n.Base ?? fallbackBase, trim: true), type, n.Lang, n.Base ?? fallbackBase);
        return Finish(value.Trim(), type, n, n.Base ?? fallbackBase);
    }

    /// <summary>A whole element's inline XHTML (xhtml:body, xhtml:div).</summary>
    public static TextDetail InlineXhtml(Node n, string? fallbackBase) =>
        Finish(n.InnerXml().Trim(), Xhtml, n, n.Base ?? fallbackBase);

    private static TextDetail Finish(string value, string type, Node n, string? baseUrl)
    {
        if (type is Html or Xhtml || type.EndsWith("html", StringComparison.Ordinal)) value = Urls.ResolveInHtml(value, baseUrl);
        return new TextDetail(value, type, n.Lang, baseUrl);
    }

    /// <summary>Inner XML of an xhtml construct: the content of its single wrapping div, per RFC 4287 §3.1.1.3.</summary>
    private static string XhtmlValue(Node n)
    {
        Node? div = null;
        foreach (var c in n.Children)
        {
            if (c is string s) { if (!string.IsNullOrWhiteSpace(s)) return n.InnerXml().Trim(); continue; }
            if (div is not null) return n.InnerXml().Trim();
            div = (Node)c;
        }
        if (div is not null && div.Name == "div" && div.Ns == Namespaces.Xhtml) return div.InnerXml();
        return n.InnerXml().Trim();
    }

    private static string FromBase64(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
        }
        catch (FormatException)
        {
            return text;
        }
    }

    /// <summary>Plain text for a display field (titles): markup removed, entities decoded.</summary>
    public static string ToPlain(TextDetail d) => d.Type == Plain ? d.Value.Trim() : HtmlText.ToPlainText(d.Value);

    /// <summary>HTML for a body field (summary/content): plain text is escaped.</summary>
    public static string ToHtml(TextDetail d) => d.Type == Plain ? HtmlText.Escape(d.Value) : d.Value;
}
