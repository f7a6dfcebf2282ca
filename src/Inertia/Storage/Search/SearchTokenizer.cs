using System.Buffers;
using System.Globalization;
using System.Text;
using Inertia.Html;

namespace Inertia.Storage.Search;

/// <summary>
/// Turns text into search terms in C#, so SQLite (FTS5) and PostgreSQL (tsvector) index and match exactly the same
/// terms. Words of alphabetic scripts become lower-case tokens without Latin diacritics; runs of Chinese, Japanese or
/// Korean characters — written without spaces — become overlapping bigrams plus the run's last character alone
/// ("网络安全" → 网络 络安 安全 全), so any two-character word is found wherever it occurs and a single character is found
/// by prefix. PostgreSQL's own parser cannot split CJK text; this sidesteps it entirely.
/// </summary>
internal static class SearchTokenizer
{
    /// <summary>Longer words are cut: they are noise (base64, hashes) and bloat the index.</summary>
    private const int MaxWordLength = 48;

    /// <summary>One run of text in one script class (normalized <paramref name="Text"/>) and its tokens in order.</summary>
    internal readonly record struct Segment(string Text, IReadOnlyList<string> Tokens, bool IsCjk);

    /// <summary>The tokens of <paramref name="text"/>, in order, at most <paramref name="max"/>.</summary>
    public static List<string> Tokens(string? text, int max = int.MaxValue)
    {
        var tokens = new List<string>();
        foreach (var segment in Segments(text))
        {
            foreach (var t in segment.Tokens)
            {
                if (tokens.Count >= max) return tokens;
                tokens.Add(t);
            }
        }
        return tokens;
    }

    /// <summary>
    /// <see cref="Tokens"/> joined by spaces, built without a string per character or token: the indexer runs this on
    /// every stored entry (the list-based path allocated ≈ 70 KB per entry of the load harness's farm). The output is
    /// written into a pooled buffer, so the result string is the one allocation of any size.
    /// </summary>
    public static string Joined(string? text, int max = int.MaxValue) => Joined(text, null, max);

    /// <summary><see cref="Joined(string?, int)"/> of <paramref name="first"/> and <paramref name="second"/> joined by a
    /// space, without making that string.</summary>
    public static string Joined(string? first, string? second, int max)
    {
        // Sized for alphabetic text (at most one char out per char in); CJK text, three out per char in, makes it grow.
        var output = new TokenWriter((first?.Length ?? 0) + (second?.Length ?? 0) + 16, max);
        try
        {
            if (Append(ref output, first)) Append(ref output, second);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Appends the tokens of <paramref name="text"/>; false once <c>max</c> tokens are written.</summary>
    /// <remarks>
    /// Lower-cases token by token rather than the whole text first: .NET lower-cases everything after a string's first
    /// non-ASCII character one character at a time through ICU, while words are mostly ASCII and CJK has no case.
    /// Case mapping keeps letters letters and one char one char, so the runs found are the same either way.
    /// </remarks>
    private static bool Append(ref TokenWriter output, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return true;
        var s = text.Normalize(NormalizationForm.FormKC).AsSpan();
        int wordStart = -1, cjkStart = -1, cjkPrevious = -1; // cjkPrevious: start of the run's last rune
        for (var i = 0; i < s.Length;)
        {
            Rune.DecodeFromUtf16(s[i..], out var rune, out var length);
            var next = i + length;
            if (IsCjk(rune.Value))
            {
                if (wordStart >= 0 && !Word(ref output, s[wordStart..i])) return false;
                wordStart = -1;
                // Each rune after the first completes the bigram that starts at the previous one.
                if (cjkPrevious >= 0 && !output.Add(s[cjkPrevious..next])) return false;
                if (cjkStart < 0) cjkStart = i;
                cjkPrevious = i;
            }
            else if (Rune.IsLetterOrDigit(rune) || (wordStart >= 0 && IsMark(rune)))
            {
                if (cjkStart >= 0 && !output.Add(s[cjkPrevious..i])) return false;
                cjkStart = cjkPrevious = -1;
                if (wordStart < 0) wordStart = i;
            }
            else
            {
                if (wordStart >= 0 && !Word(ref output, s[wordStart..i])) return false;
                if (cjkStart >= 0 && !output.Add(s[cjkPrevious..i])) return false;
                wordStart = cjkStart = cjkPrevious = -1;
            }
            i = next;
        }
        if (wordStart >= 0) return Word(ref output, s[wordStart..]);
        return cjkStart < 0 || output.Add(s[cjkPrevious..]);
    }

    private static bool Word(ref TokenWriter output, ReadOnlySpan<char> word)
    {
        if (System.Text.Ascii.IsValid(word))
            return output.Add(word.Length > MaxWordLength ? word[..MaxWordLength] : word, lowerAscii: true);
        var lower = ArrayPool<char>.Shared.Rent(word.Length);
        try
        {
            var stripped = StripLatinDiacritics(new string(lower, 0, word.ToLowerInvariant(lower)));
            return output.Add(stripped.Length > MaxWordLength ? stripped.AsSpan(0, MaxWordLength) : stripped);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
        }
    }

    /// <summary>Space-separated tokens in a pooled buffer that grows when needed, up to a number of tokens.</summary>
    private struct TokenWriter(int capacity, int max) : IDisposable
    {
        private PooledChars _chars = new(capacity);
        private int _count;

        public bool Add(ReadOnlySpan<char> token, bool lowerAscii = false)
        {
            if (_count++ >= max) return false;
            if (_chars.Written.Length > 0) _chars.Append(' ');
            var written = _chars.AppendSpan(token.Length);
            if (lowerAscii) System.Text.Ascii.ToLower(token, written, out _);
            else token.CopyTo(written);
            return true;
        }

        public override readonly string ToString() => new(_chars.Written);

        public void Dispose() => _chars.Dispose();
    }

    /// <summary>Splits text into word segments (one token each) and CJK segments (bigrams + last character).</summary>
    public static IEnumerable<Segment> Segments(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var word = new StringBuilder();
        var cjk = new List<string>(); // one string per character (a rune may be two chars)

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsCjk(rune.Value))
            {
                if (word.Length > 0) { yield return WordSegment(word); word.Clear(); }
                cjk.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune) || (word.Length > 0 && IsMark(rune)))
            {
                if (cjk.Count > 0) { yield return CjkSegment(cjk); cjk.Clear(); }
                word.Append(rune.ToString());
            }
            else
            {
                if (word.Length > 0) { yield return WordSegment(word); word.Clear(); }
                if (cjk.Count > 0) { yield return CjkSegment(cjk); cjk.Clear(); }
            }
        }
        if (word.Length > 0) yield return WordSegment(word);
        if (cjk.Count > 0) yield return CjkSegment(cjk);
    }

    private static Segment WordSegment(StringBuilder word)
    {
        var w = StripLatinDiacritics(word.ToString());
        if (w.Length > MaxWordLength) w = w[..MaxWordLength];
        return new Segment(w, [w], IsCjk: false);
    }

    private static Segment CjkSegment(List<string> chars)
    {
        var tokens = new List<string>(chars.Count);
        for (var i = 0; i + 1 < chars.Count; i++) tokens.Add(chars[i] + chars[i + 1]);
        tokens.Add(chars[^1]);
        return new Segment(string.Concat(chars), tokens, IsCjk: true);
    }

    /// <summary>"café" → "cafe", but only for Latin letters: Japanese voicing marks (が) must stay.</summary>
    private static string StripLatinDiacritics(string word)
    {
        var hasNonAscii = false;
        foreach (var c in word) if (c > 0x7F) { hasNonAscii = true; break; }
        if (!hasNonAscii) return word;
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var previousBase = '\0';
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && previousBase < 0x250) continue;
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) previousBase = c;
            sb.Append(c);
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsMark(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>Scripts written without spaces between words: Han, kana, Hangul (syllables and jamo).</summary>
    internal static bool IsCjk(int cp) =>
        cp is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3134F
            or >= 0x3040 and <= 0x30FF or >= 0x31F0 and <= 0x31FF or >= 0x3005 and <= 0x3007
            or >= 0xAC00 and <= 0xD7AF or >= 0x1100 and <= 0x11FF or >= 0x3130 and <= 0x318F;
}
