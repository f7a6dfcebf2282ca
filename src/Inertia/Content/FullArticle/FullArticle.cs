namespace Inertia.Content.FullArticle;

/// <summary>An entry's page, extracted and sanitized. <see cref="Selector"/> is "" when readability chose the content.</summary>
public sealed record FullArticle(long EntryId, string Url, string Selector, string Content, DateTimeOffset FetchedAt);

/// <summary>An entry whose feed wants its full article fetched as it arrives.</summary>
public sealed record PendingFullArticle(long EntryId, string? Url, string? Selector);

public enum FullArticleProblem
{
    /// <summary>The entry has no http(s) link to fetch.</summary>
    NoLink,
    /// <summary>The page could not be fetched (network, status, limits, blocked address).</summary>
    Unreachable,
    /// <summary>The link answered with something other than a web page.</summary>
    NotAPage,
    /// <summary>Nothing readable was found in the page.</summary>
    NothingExtracted,
    InvalidSelector,
}

/// <summary>Why no full article could be had; the entry is left as it was.</summary>
public sealed class FullArticleException(FullArticleProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public FullArticleProblem Problem { get; } = problem;
}
