using System.Buffers;

namespace Inertia.Html;

/// <summary>Whitespace folding shared by the HTML snippet here and the app's plain-text search documents.</summary>
public static class Whitespace
{
    /// <summary>Runs of whitespace as one space, none at the ends.</summary>
    /// <remarks>
    /// One pass, char by char: text made from HTML has a space every few characters, and a vectorized search for the
    /// next one per word cost more than it saved (≈ 1.7 times this pass's time over the shared corpus's texts). Text
    /// that needs no change — single spaces only, nothing at the ends — comes back as the same string, without a copy.
    /// It runs over every stored entry's text twice (the list snippet and the search document).
    /// </remarks>
    public static string Collapse(string text)
    {
        var rest = text.AsSpan().Trim();
        var first = FirstChange(rest);
        if (first < 0) return rest.Length == text.Length ? text : rest.ToString();
        return CollapseFrom(rest, first);
    }

    /// <summary>Runs of whitespace as one space, none at the ends.</summary>
    public static string Collapse(ReadOnlySpan<char> text)
    {
        var rest = text.Trim();
        var first = FirstChange(rest);
        return first < 0 ? rest.ToString() : CollapseFrom(rest, first);
    }

    /// <summary>Where trimmed text first differs from its folded form (whitespace other than one lone ' '), or -1.</summary>
    private static int FirstChange(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ')
            {
                if (char.IsWhiteSpace(text[i + 1])) return i; // trimmed: a space is never last
            }
            else if (char.IsWhiteSpace(text[i])) return i;
        }
        return -1;
    }

    private static string CollapseFrom(ReadOnlySpan<char> text, int start)
    {
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            text[..start].CopyTo(buffer);
            var length = start;
            var space = false;
            foreach (var c in text[start..])
            {
                if (char.IsWhiteSpace(c))
                {
                    space = true;
                    continue;
                }
                if (space)
                {
                    buffer[length++] = ' ';
                    space = false;
                }
                buffer[length++] = c;
            }
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
