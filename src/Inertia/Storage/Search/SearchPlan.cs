using System.Text;

namespace Inertia.Storage.Search;

/// <summary>
/// A parsed search: every <see cref="Phrase"/> must match (AND). Syntax: words, "quoted phrases", and a trailing
/// * for prefix matching (secur* finds security). A CJK run is a phrase of its bigrams; a single CJK character is a
/// prefix match (it then finds the character anywhere). Rendered to FTS5 MATCH or tsquery syntax by the dialect.
/// </summary>
internal sealed class SearchPlan
{
    /// <summary>Tokens that must appear consecutively; the last one as a prefix when <see cref="Prefix"/>.</summary>
    internal sealed record Phrase(IReadOnlyList<string> Tokens, bool Prefix);

    /// <summary>What to highlight in the original text: the user's terms (without quotes and *).</summary>
    internal sealed record HighlightTerm(string Text, bool Prefix, bool IsCjk);

    private const int MaxPhrases = 16;

    public IReadOnlyList<Phrase> Phrases { get; }
    public IReadOnlyList<HighlightTerm> Highlights { get; }
    public bool IsEmpty => Phrases.Count == 0;

    private SearchPlan(IReadOnlyList<Phrase> phrases, IReadOnlyList<HighlightTerm> highlights)
    {
        Phrases = phrases;
        Highlights = highlights;
    }

    public static SearchPlan Parse(string? query)
    {
        var phrases = new List<Phrase>();
        var highlights = new List<HighlightTerm>();
        foreach (var (text, prefix) in Terms(query ?? ""))
        {
            // Consecutive words form one phrase; a term mixing scripts (iPhone手机) gives one phrase per run, all required.
            var words = new List<string>();
            foreach (var segment in SearchTokenizer.Segments(text))
            {
                if (!segment.IsCjk)
                {
                    words.Add(segment.Text);
                    highlights.Add(new HighlightTerm(segment.Text, prefix, IsCjk: false));
                    continue;
                }
                if (words.Count > 0) { phrases.Add(new Phrase(words.ToList(), Prefix: false)); words.Clear(); }
                var single = segment.Tokens.Count == 1;
                // A run's bigrams only: its trailing lone character is indexed after the last bigram and would break
                // adjacency. A lone character is a prefix: it matches the bigrams it starts and run-final characters.
                phrases.Add(single
                    ? new Phrase(segment.Tokens, Prefix: true)
                    : new Phrase(segment.Tokens.Take(segment.Tokens.Count - 1).ToList(), Prefix: false));
                highlights.Add(new HighlightTerm(segment.Text, Prefix: false, IsCjk: true));
            }
            if (words.Count > 0) phrases.Add(new Phrase(words, prefix));
        }
        return new SearchPlan(
            phrases.DistinctBy(p => string.Join(' ', p.Tokens) + (p.Prefix ? "*" : "")).Take(MaxPhrases).ToList(),
            highlights.DistinctBy(h => (h.Text, h.Prefix)).ToList());
    }

    /// <summary>Splits the query into terms: "quoted phrases" and whitespace-separated words; a trailing * marks a prefix.</summary>
    private static IEnumerable<(string Text, bool Prefix)> Terms(string query)
    {
        var i = 0;
        while (i < query.Length)
        {
            if (char.IsWhiteSpace(query[i])) { i++; continue; }
            string text;
            if (query[i] == '"')
            {
                var end = query.IndexOf('"', i + 1);
                if (end < 0) end = query.Length;
                text = query[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < query.Length && !char.IsWhiteSpace(query[end]) && query[end] != '"') end++;
                text = query[i..end];
                i = end;
            }
            var prefix = i < query.Length && query[i] == '*' || text.EndsWith('*');
            if (i < query.Length && query[i] == '*') i++;
            text = text.TrimEnd('*');
            if (text.Length > 0) yield return (text, prefix);
        }
    }
}
