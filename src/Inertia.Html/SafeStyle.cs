using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Inertia.Html;

/// <summary>
/// A style attribute cut down to presentational declarations the reader can live with (colours, fonts, text
/// alignment, spacing, borders, sizes), as feedparser does. Each declaration is checked on its own and kept only when
/// its property is allowlisted and every token of its value is a plain keyword, a non-negative length or number, a
/// hex or rgb() colour, or (font properties) a quoted name. So no function but rgb() (no url(), expression(), var(),
/// attr()), no escapes or comments (no backslash, no '/'), no vendor properties (-moz-binding) and nothing that
/// moves content out of the entry (position, z-index, negative margins, transforms). !important is dropped so the
/// reader's own stylesheet can always win. A hand-written scanner, not regular expressions: real feeds carry a style
/// on many elements, and this runs on every one of them at ingest.
/// </summary>
internal static class SafeStyle
{
    /// <summary>Properties whose value may hold any identifier, length or colour.</summary>
    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Properties = FrozenSet.ToFrozenSet(
    [
        "color", "background-color", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
        "text-align", "text-decoration", "text-indent", "text-transform", "letter-spacing", "word-spacing",
        "line-height", "vertical-align", "white-space", "direction", "display", "float", "clear", "width", "height",
        "overflow", "cursor", "border-collapse", "border-spacing", "list-style-type", "caption-side", "empty-cells",
    ], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Property families (shorthands and their longhands) whose value tokens must be keywords, lengths or colours.</summary>
    static readonly string[] Families = ["background", "border", "margin", "padding"];

    /// <summary>The identifiers a family property may use (no image, repeat or attachment: background images are refused).</summary>
    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Keywords = FrozenSet.ToFrozenSet(
    [
        "auto", "none", "transparent", "inherit", "initial", "solid", "dashed", "dotted", "double", "groove", "ridge",
        "inset", "outset", "hidden", "thin", "medium", "thick", "top", "bottom", "left", "right", "center", "collapse",
        "separate", "aqua", "black", "blue", "brown", "fuchsia", "gray", "grey", "green", "lime", "maroon", "navy",
        "olive", "orange", "purple", "red", "silver", "teal", "white", "yellow",
    ], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Units = FrozenSet.ToFrozenSet(
        ["px", "em", "ex", "rem", "ch", "pt", "pc", "cm", "mm", "in", "vw", "vh"], StringComparer.OrdinalIgnoreCase)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The declarations kept, as "name: value;" joined by spaces, or null when none is.</summary>
    public static string? Clean(string style)
    {
        StringBuilder? kept = null;
        var all = style.AsSpan();
        foreach (var range in all.Split(';'))
        {
            var declaration = all[range];
            var colon = declaration.IndexOf(':');
            if (colon <= 0) continue;
            var name = declaration[..colon].Trim();
            // Leading space goes; trailing space is kept as written (harmless, and what feedparser writes back).
            var value = WithoutImportant(declaration[(colon + 1)..].TrimStart());
            if (!IsPropertyName(name) || value.IsWhiteSpace()) continue;
            var family = IsFamily(name);
            if (!family && !Properties.Contains(name)) continue;
            if (!ValueIsSafe(value, family, font: name.StartsWith("font", StringComparison.OrdinalIgnoreCase))) continue;
            kept ??= new StringBuilder(style.Length);
            if (kept.Length > 0) kept.Append(' ');
            kept.Append(name).Append(": ").Append(value).Append(';');
        }
        return kept?.ToString();
    }

    /// <summary>The value without a trailing "!important" (and the space before it); otherwise as it is.</summary>
    static ReadOnlySpan<char> WithoutImportant(ReadOnlySpan<char> value)
    {
        var end = value.TrimEnd();
        if (!end.EndsWith("important", StringComparison.OrdinalIgnoreCase)) return value;
        var rest = end[..^"important".Length].TrimEnd();
        return rest.EndsWith('!') ? rest[..^1].TrimEnd() : value;
    }

    /// <summary>Letters and hyphens, starting with a letter: no vendor prefix, no escape.</summary>
    static bool IsPropertyName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !char.IsAsciiLetter(name[0])) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetter(c) && c != '-') return false;
        return true;
    }

    static bool IsFamily(ReadOnlySpan<char> name)
    {
        foreach (var family in Families)
            if (name.StartsWith(family, StringComparison.OrdinalIgnoreCase) && (name.Length == family.Length || name[family.Length] == '-'))
                return true;
        return false;
    }

    /// <summary>
    /// Tokens separated by whitespace or commas, each a number (1–4 digits, an optional fraction of 1–4, an optional
    /// unit), a hex colour (3–8 digits), rgb()/rgba() of 3–4 numbers, an identifier (a letter or '_', then letters,
    /// digits, '_' or '-'; for a family one of <see cref="Keywords"/>), or, for font properties, a quoted name of
    /// letters, digits, spaces, '_' and '-'.
    /// </summary>
    static bool ValueIsSafe(ReadOnlySpan<char> value, bool family, bool font)
    {
        for (var at = 0; at < value.Length;)
        {
            var c = value[at];
            int length;
            if (char.IsWhiteSpace(c) || c == ',') { at++; continue; }
            if (char.IsAsciiDigit(c) || c == '.') length = Number(value[at..]);
            else if (c == '#') length = Hex(value[at..]);
            else if (value[at..].StartsWith("rgb", StringComparison.OrdinalIgnoreCase) && value[(at + 3)..] is ['(', ..] or ['a' or 'A', '(', ..])
                length = Rgb(value[at..]);
            else if (char.IsLetter(c) || c == '_')
            {
                length = 1;
                while (at + length < value.Length && (char.IsLetterOrDigit(value[at + length]) || value[at + length] is '_' or '-')) length++;
                if (family && !Keywords.Contains(value.Slice(at, length))) return false;
            }
            else if (c is '\'' or '"' && font) length = Quoted(value[at..]);
            else return false;
            if (length <= 0) return false;
            at += length;
        }
        return true;
    }

    /// <summary>Digits (at most <paramref name="max"/>) at the start of <paramref name="s"/>; -1 when more.</summary>
    static int Digits(ReadOnlySpan<char> s, int max)
    {
        var n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n])) n++;
        return n > max ? -1 : n;
    }

    static int Number(ReadOnlySpan<char> s)
    {
        var at = Digits(s, 4);
        if (at < 0) return -1;
        if (at < s.Length && s[at] == '.')
        {
            var fraction = Digits(s[(at + 1)..], 4);
            if (fraction <= 0) return -1;
            at += 1 + fraction;
        }
        if (at == 0) return -1;
        if (at < s.Length && s[at] == '%') at++;
        else
        {
            var unit = 0;
            while (at + unit < s.Length && char.IsAsciiLetter(s[at + unit])) unit++;
            if (unit > 0 && !Units.Contains(s.Slice(at, unit))) return -1;
            at += unit;
        }
        // "10px" is one token: a letter, digit, '%' or '.' right after it makes it something else.
        return at < s.Length && (IsWordChar(s[at]) || s[at] is '%' or '.') ? -1 : at;
    }

    static int Hex(ReadOnlySpan<char> s)
    {
        var n = 1;
        while (n < s.Length && char.IsAsciiHexDigit(s[n])) n++;
        return n - 1 is < 3 or > 8 || (n < s.Length && IsWordChar(s[n])) ? -1 : n;
    }

    static int Rgb(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf('(') + 1;
        for (var item = 0; ; item++)
        {
            while (at < s.Length && char.IsWhiteSpace(s[at])) at++;
            var n = 0;
            while (at + n < s.Length && (char.IsAsciiDigit(s[at + n]) || s[at + n] == '.')) n++;
            if (n is 0 or > 5) return -1;
            at += n;
            if (at < s.Length && s[at] == '%') at++;
            while (at < s.Length && char.IsWhiteSpace(s[at])) at++;
            if (at >= s.Length) return -1;
            if (s[at] == ')') return item + 1 is 3 or 4 ? at + 1 : -1;
            if (s[at] != ',' || item == 3) return -1;
            at++;
        }
    }

    static int Quoted(ReadOnlySpan<char> s)
    {
        var n = 1;
        while (n < s.Length && (char.IsLetterOrDigit(s[n]) || s[n] is ' ' or '_' or '-')) n++;
        return n > 1 && n < s.Length && s[n] == s[0] ? n + 1 : -1;
    }

    static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;
}
