using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Inertia.Content.FullArticle;

/// <summary>
/// The article in a web page: the elements a CSS selector names, else Mozilla's readability algorithm (SmartReader).
/// Returns raw page markup: the caller sanitizes it.
/// </summary>
public static class FullArticleExtractor
{
    static FullArticleExtractor() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The page as a document: the HTTP charset when given, else AngleSharp's own detection (BOM, meta).</summary>
    public static IHtmlDocument Parse(byte[] body, string? contentType)
    {
        var parser = new HtmlParser();
        if (Charset(contentType) is { } encoding) return parser.ParseDocument(encoding.GetString(body));
        using var stream = new MemoryStream(body, writable: false);
        return parser.ParseDocument(stream);
    }

    /// <summary>The article's HTML, or null when nothing was found.</summary>
    /// <exception cref="FullArticleException">The selector is not valid CSS.</exception>
    public static string? Extract(IHtmlDocument document, string pageUrl, string? selector)
    {
        if (!string.IsNullOrWhiteSpace(selector)) return BySelector(document, selector.Trim());
        var article = new SmartReader.Reader(pageUrl, document).GetArticle();
        // Readability returns its best attempt even for a page without an article (a menu, a consent wall).
        return article.IsReadable && (article.TextContent?.Trim().Length ?? 0) >= MinReadableChars ? article.Content : null;
    }

    /// <summary>Less text than this from readability is not an article (a selector's choice is trusted as it is).</summary>
    public const int MinReadableChars = 100;

    static string? BySelector(IHtmlDocument document, string selector)
    {
        IHtmlCollection<IElement> matches;
        try
        {
            matches = document.QuerySelectorAll(selector);
        }
        catch (DomException e)
        {
            throw new FullArticleException(FullArticleProblem.InvalidSelector, $"invalid CSS selector \"{selector}\": {e.Message}");
        }
        // "article, p" matches paragraphs inside the article too: keep only the outermost of nested matches.
        var kept = new List<IElement>();
        foreach (var element in matches)
            if (!kept.Any(outer => outer.Contains(element))) kept.Add(element);
        return kept.Count == 0 ? null : string.Concat(kept.Select(e => e.OuterHtml));
    }

    static Encoding? Charset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || string.IsNullOrWhiteSpace(media.CharSet)) return null;
        try
        {
            return Encoding.GetEncoding(media.CharSet.Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            return null; // an unknown label: let the document's own declaration decide
        }
    }

    /// <summary>Whether a response is a web page (a missing type is given the benefit of the doubt).</summary>
    public static bool IsHtml(string? contentType) =>
        !MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is null
        || media.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
}
