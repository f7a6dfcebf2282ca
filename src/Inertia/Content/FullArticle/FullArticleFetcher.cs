using Inertia.Fetching;
using Inertia.Fetching.Http;
using Inertia.Html;
using Inertia.Storage;

namespace Inertia.Content.FullArticle;

/// <summary>
/// The full text of an entry whose feed carries only a teaser: the entry's page fetched through the guarded HTTP
/// layer (SSRF guard, limits), the article extracted (a CSS selector, else readability), sanitized with relative URLs
/// resolved against the page, cached per entry. On any failure the entry stays as it was.
/// </summary>
public sealed class FullArticleFetcher(EntryStore entries, FeedStore feeds, FullArticleStore cache, HttpFetcher http, HtmlCleaner cleaner, TimeProvider clock)
{
    public Task<FullArticle?> GetCachedAsync(long userId, long entryId, CancellationToken ct = default) => cache.GetAsync(userId, entryId, ct);

    /// <summary>
    /// The entry's full article: the cached one when it was extracted the same way (same selector) and
    /// <paramref name="refresh"/> is false, else fetched now. Null when the user has no such entry.
    /// </summary>
    /// <param name="selector">A CSS selector naming the article's elements; null: the feed's own setting; empty: readability.</param>
    /// <exception cref="FullArticleException">Nothing could be had; the message says why.</exception>
    public async Task<FullArticle?> FetchAsync(long userId, long entryId, string? selector = null, bool refresh = false, CancellationToken ct = default)
    {
        var entry = await entries.GetAsync(userId, entryId, ct);
        if (entry is null) return null;
        selector ??= (await feeds.GetAsync(entry.FeedId, ct))?.Settings.ArticleSelector;
        selector = selector?.Trim() ?? "";
        if (!refresh && await cache.GetAsync(userId, entryId, ct) is { } cached && cached.Selector == selector) return cached;
        return await FetchPageAsync(entry.Id, entry.Url, selector, ct);
    }

    /// <summary>
    /// Fetches, extracts, sanitizes and caches the article at <paramref name="url"/> for an entry, with no user
    /// scope: for callers that act for the feed rather than a reader (fetching full articles as entries arrive).
    /// </summary>
    /// <exception cref="FullArticleException">Nothing could be had; the message says why.</exception>
    public async Task<FullArticle> FetchPageAsync(long entryId, string? url, string? selector = null, CancellationToken ct = default)
    {
        selector = selector?.Trim() ?? "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
            throw new FullArticleException(FullArticleProblem.NoLink, "the entry has no web page to fetch");

        FetchResult page;
        try
        {
            page = await http.FetchAsync(new FetchRequest(link.AbsoluteUri) { IgnoreHttpCache = true }, ct);
        }
        catch (FetchException e)
        {
            throw new FullArticleException(FullArticleProblem.Unreachable, e.Message, e);
        }
        if (!FullArticleExtractor.IsHtml(page.ContentType))
            throw new FullArticleException(FullArticleProblem.NotAPage, $"the link is {page.ContentType}, not a web page");

        using var document = FullArticleExtractor.Parse(page.Body, page.ContentType);
        var extracted = FullArticleExtractor.Extract(document, page.FinalUrl, selector);
        // Sanitized like feed HTML, relative links and images resolved against where the page really was.
        var content = cleaner.Clean(extracted, page.FinalUrl);
        if (string.IsNullOrWhiteSpace(content) || (HtmlCleaner.Snippet(content, 40).Length == 0 && !content.Contains("<img", StringComparison.OrdinalIgnoreCase)))
            throw new FullArticleException(FullArticleProblem.NothingExtracted,
                selector.Length > 0 ? $"nothing in the page matches \"{selector}\"" : "no article text found in the page");

        var article = new FullArticle(entryId, page.FinalUrl, selector, content, clock.GetUtcNow());
        await cache.SaveAsync(article, ct);
        return article;
    }
}
