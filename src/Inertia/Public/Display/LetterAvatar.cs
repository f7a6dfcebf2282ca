using System.Globalization;

namespace Inertia.Public.Display;

/// <summary>
/// A coloured letter for a feed without an icon. The hue comes from the feed URL, so a catalog entry and the feed's
/// public page show the same colour whether or not the feed is stored yet.
/// </summary>
public static class LetterAvatar
{
    public static string Letter(string? title)
    {
        var text = (title ?? "").Trim();
        return text.Length == 0 ? "#" : StringInfo.GetNextTextElement(text).ToUpperInvariant();
    }

    public static int Hue(string url)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in url)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        // FNV's low bits barely mix for short, similar URLs: finish with MurmurHash3's avalanche so hues spread.
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        hash ^= hash >> 16;
        return (int)(hash % 360);
    }
}
