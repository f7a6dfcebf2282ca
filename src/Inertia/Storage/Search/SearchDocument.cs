namespace Inertia.Storage.Search;

/// <summary>The terms an entry is found by: its title, and its author plus text content.</summary>
/// <remarks>
/// Held as two space-separated strings (tokens never contain spaces), not as lists of tokens: the background indexer
/// keeps a thousand documents between tokenizing and writing, and a million small strings living that long would be
/// promoted and pile up in the GC's oldest generation.
/// </remarks>
internal sealed class SearchDocument(string titleText, string bodyText)
{
    /// <summary>Bounds keep a pathological entry from bloating the index (PostgreSQL caps a tsvector at 1 MB).</summary>
    private const int MaxTitleTokens = 200;
    private const int MaxBodyTokens = 20_000;

    public static SearchDocument From(string? title, string? author, string? summary, string? content)
    {
        var text = PlainText.FromHtml(string.IsNullOrWhiteSpace(content) ? summary : content);
        return new SearchDocument(
            SearchTokenizer.Joined(title, MaxTitleTokens),
            SearchTokenizer.Joined(author, text, MaxBodyTokens));
    }

    /// <summary>For FTS5 (two columns, tokens separated by spaces).</summary>
    public string TitleText { get; } = titleText;
    public string BodyText { get; } = bodyText;

    /// <summary>A PostgreSQL tsvector literal: title tokens weighted A, body tokens D, positions in order (capped at
    /// 16383 as PostgreSQL does) so phrase queries work.</summary>
    public string ToTsVector()
    {
        var sb = new System.Text.StringBuilder(TitleText.Length + BodyText.Length * 2);
        var position = 0;
        foreach (var t in TitleText.Split(' ', StringSplitOptions.RemoveEmptyEntries)) Append(t, "A");
        position++; // a gap so a phrase never spans title and body
        foreach (var t in BodyText.Split(' ', StringSplitOptions.RemoveEmptyEntries)) Append(t, "");
        return sb.ToString();

        void Append(string token, string weight)
        {
            position = Math.Min(position + 1, 16383);
            if (sb.Length > 0) sb.Append(' ');
            sb.Append('\'').Append(token.Replace("\\", "\\\\").Replace("'", "''")).Append("':").Append(position).Append(weight);
        }
    }
}
