using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Inertia.Html;

/// <summary>
/// A style attribute cut down to presentational declarations the reader can live with (colours, fonts, text
/// alignment, spacing, borders, sizes), as feedparser does. Each declaration is checked on its own and kept only when
/// its property is allowlisted and every token of its value is a plain keyword, a non-negative length or number, a
/// hex or rgb() colour, or (font-family) a quoted name. So no function but rgb() (no url(), expression(), var(),
/// attr()), no escapes or comments (no backslash, no '/'), no vendor properties (-moz-binding) and nothing that
/// moves content out of the entry (position, z-index, negative margins, transforms). !important is dropped so the
/// reader's own stylesheet can always win.
/// </summary>
internal static partial class SafeStyle
{
    /// <summary>Properties whose value may hold any identifier, length or colour.</summary>
    static readonly FrozenSet<string> Properties = FrozenSet.ToFrozenSet(
    [
        "color", "background-color", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
        "text-align", "text-decoration", "text-indent", "text-transform", "letter-spacing", "word-spacing",
        "line-height", "vertical-align", "white-space", "direction", "display", "float", "clear", "width", "height",
        "overflow", "cursor", "border-collapse", "border-spacing", "list-style-type", "caption-side", "empty-cells",
    ], StringComparer.Ordinal);

    /// <summary>Property families (shorthands and their longhands) whose value tokens must be keywords, lengths or colours.</summary>
    static readonly string[] Families = ["background", "border", "margin", "padding"];

    /// <summary>The identifiers a family property may use (no image, repeat or attachment: background images are refused).</summary>
    static readonly FrozenSet<string> Keywords = FrozenSet.ToFrozenSet(
    [
        "auto", "none", "transparent", "inherit", "initial", "solid", "dashed", "dotted", "double", "groove", "ridge",
        "inset", "outset", "hidden", "thin", "medium", "thick", "top", "bottom", "left", "right", "center", "collapse",
        "separate", "aqua", "black", "blue", "brown", "fuchsia", "gray", "grey", "green", "lime", "maroon", "navy",
        "olive", "orange", "purple", "red", "silver", "teal", "white", "yellow",
    ], StringComparer.OrdinalIgnoreCase);

    // One token of a value: a (non-negative) number with an optional unit, a hex colour, rgb()/rgba() of numbers,
    // an identifier, or a quoted font name of letters, digits, spaces and hyphens.
    [GeneratedRegex(@"\G(?:(?<number>(?:\d{1,4}(?:\.\d{1,4})?|\.\d{1,4})(?:px|em|ex|rem|ch|pt|pc|cm|mm|in|vw|vh|%)?)(?![\w%.])|(?<hex>#[0-9a-fA-F]{3,8})(?![\w])|(?<rgb>rgba?\(\s*[\d.]{1,5}%?\s*(?:,\s*[\d.]{1,5}%?\s*){2,3}\))|(?<ident>[\p{L}_][\p{L}\p{Nd}_-]*)|(?<quoted>'[\p{L}\p{Nd} _-]+'|""[\p{L}\p{Nd} _-]+""))",
        RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyName();

    [GeneratedRegex(@"\s*!\s*important\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Important();

    /// <summary>The declarations kept, as "name: value;" joined by spaces, or null when none is.</summary>
    public static string? Clean(string style)
    {
        StringBuilder? kept = null;
        foreach (var declaration in style.Split(';'))
        {
            var colon = declaration.IndexOf(':');
            if (colon <= 0) continue;
            var name = declaration[..colon].Trim();
            // Leading space goes; trailing space is kept as written (harmless, and what feedparser writes back).
            var value = Important().Replace(declaration[(colon + 1)..].TrimStart(), "");
            if (!PropertyName().IsMatch(name) || value.Trim().Length == 0) continue;
            var property = name.ToLowerInvariant();
            var family = Array.Exists(Families, f => property == f || property.StartsWith(f + "-", StringComparison.Ordinal));
            if (!family && !Properties.Contains(property)) continue;
            if (!ValueIsSafe(value, family, property.StartsWith("font", StringComparison.Ordinal))) continue;
            (kept ??= new StringBuilder()).Append(kept.Length > 0 ? " " : "").Append(name).Append(": ").Append(value).Append(';');
        }
        return kept?.ToString();
    }

    /// <summary>Tokens separated by whitespace or commas, each one <see cref="Token"/>; identifiers of families from <see cref="Keywords"/>.</summary>
    static bool ValueIsSafe(string value, bool family, bool font)
    {
        for (var at = 0; at < value.Length;)
        {
            if (char.IsWhiteSpace(value[at]) || value[at] == ',') { at++; continue; }
            var token = Token().Match(value, at);
            if (!token.Success || token.Length == 0) return false;
            if (family && token.Groups["ident"].Success && !Keywords.Contains(token.Value)) return false;
            if (!font && token.Groups["quoted"].Success) return false;
            at += token.Length;
        }
        return true;
    }
}
