using System.Globalization;

namespace Inertia.Reader.Display;

/// <summary>A letter avatar for feeds without an icon: the title's first character on a colour derived from the feed id.</summary>
public static class Avatar
{
    public static string Letter(string? title)
    {
        var text = (title ?? "").Trim();
        if (text.Length == 0) return "#";
        // A whole grapheme, so an emoji or a surrogate-pair CJK character is not cut in half.
        var first = StringInfo.GetNextTextElement(text);
        return first.ToUpperInvariant();
    }

    public static int Hue(long feedId) => (int)((ulong)(feedId * 2654435761L) % 360);
}
