using System.Text;

namespace Inertia.Storage;

/// <summary>
/// Text both engines accept: PostgreSQL text cannot hold U+0000 and its UTF-8/JSON handling rejects lone surrogates
/// (a JSON Feed may carry both). Drops the one, replaces the other with U+FFFD, so everything stores the same on both.
/// </summary>
internal static class StoredText
{
    public static string? Clean(string? s)
    {
        if (s is null || !NeedsCleaning(s)) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') continue;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(c).Append(s[++i]); continue; }
            sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }

    public static bool NeedsCleaning(string? s)
    {
        if (s is null) return false;
        // Vectorized scans first: nearly all text has neither, and entry content runs to tens of KB.
        if (s.AsSpan().IndexOf('\0') >= 0) return true;
        var first = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0) return false;
        for (var i = first; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') return true;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }
}
