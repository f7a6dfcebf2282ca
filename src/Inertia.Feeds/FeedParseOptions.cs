namespace Inertia.Feeds;

/// <summary>What the caller knows about a document besides its bytes.</summary>
public sealed record FeedParseOptions
{
    /// <summary>The URL the document was fetched from; base for relative links.</summary>
    public string? DocumentUrl { get; init; }

    /// <summary>The HTTP Content-Type header, whose charset parameter takes part in charset detection.</summary>
    public string? ContentType { get; init; }

    /// <summary>The HTTP Content-Language header: the language of text that declares none (xml:lang wins).</summary>
    public string? ContentLanguage { get; init; }

    /// <summary>Hard cap on entries kept from one document (the rest are dropped with a warning).</summary>
    public int MaxEntries { get; init; } = 100_000;
}
