using System.Buffers;

namespace Inertia.Html;

/// <summary>Whitespace folding shared by the HTML snippet here and the app's plain-text search documents.</summary>
public static class Whitespace
{
    // Every char that char.IsWhiteSpace accepts, so a vectorized search finds the same runs the per-char test did.
    private static readonly SearchValues<char> Spaces =
        SearchValues.Create(Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(char.IsWhiteSpace).ToArray());

    /// <summary>Runs of whitespace as one space, none at the ends.</summary>
    /// <remarks>
    /// Copies word by word between vectorized searches for the next whitespace, instead of testing and appending each
    /// character: it runs over every stored entry's text twice (the list snippet and the search document).
    /// </remarks>
    public static string Collapse(string text)
    {
        var rest = text.AsSpan().Trim();
        if (!rest.ContainsAny(Spaces)) return rest.Length == text.Length ? text : rest.ToString();
        return CollapseRuns(rest);
    }

    /// <summary>Runs of whitespace as one space, none at the ends.</summary>
    public static string Collapse(ReadOnlySpan<char> text)
    {
        var rest = text.Trim();
        return rest.ContainsAny(Spaces) ? CollapseRuns(rest) : rest.ToString();
    }

    static string CollapseRuns(ReadOnlySpan<char> rest)
    {
        var buffer = ArrayPool<char>.Shared.Rent(rest.Length);
        try
        {
            var length = 0;
            while (true)
            {
                var end = rest.IndexOfAny(Spaces);
                var word = end < 0 ? rest : rest[..end];
                word.CopyTo(buffer.AsSpan(length));
                length += word.Length;
                if (end < 0) return new string(buffer, 0, length);
                buffer[length++] = ' ';
                rest = rest[end..].TrimStart(); // never empty: the end was trimmed, so a word follows every run
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
