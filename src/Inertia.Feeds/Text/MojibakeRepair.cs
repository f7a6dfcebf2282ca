using System.Text;

namespace Inertia.Feeds;

/// <summary>
/// C1 control characters (U+0080–U+009F) never appear in real text: they are windows-1252 bytes decoded as Latin-1, or
/// UTF-8 bytes decoded twice. Both are repaired the way browsers and feedparser do.
/// </summary>
internal static class MojibakeRepair
{
    private static readonly Encoding Windows1252;

    static MojibakeRepair()
    {
        Charsets.CharsetNames.EnsureRegistered();
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static bool Needed(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('\u0080', '\u009F') >= 0;

    public static string Repair(string s)
    {
        if (!Needed(s)) return s;
        var sb = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            if (TryUtf8Sequence(s, i, out var decoded, out var used))
            {
                sb.Append(decoded);
                i += used;
                continue;
            }
            var c = s[i];
            if (c is >= '\u0080' and <= '\u009F')
            {
                var mapped = Windows1252.GetString([(byte)c]);
                sb.Append(mapped.Length == 1 && mapped[0] != '?' ? mapped : c.ToString());
            }
            else sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>A UTF-8 multi-byte sequence spelled as Latin-1 characters, containing at least one C1 control.</summary>
    private static bool TryUtf8Sequence(string s, int i, out string decoded, out int used)
    {
        decoded = "";
        used = 0;
        var lead = s[i];
        var length = lead switch
        {
            >= '\u00C2' and <= '\u00DF' => 2,
            >= '\u00E0' and <= '\u00EF' => 3,
            >= '\u00F0' and <= '\u00F4' => 4,
            _ => 0,
        };
        if (length == 0 || i + length > s.Length) return false;
        Span<byte> bytes = stackalloc byte[4];
        bytes[0] = (byte)lead;
        var hasC1 = false;
        for (var k = 1; k < length; k++)
        {
            var c = s[i + k];
            if (c is < '\u0080' or > '\u00BF') return false;
            hasC1 |= c <= '\u009F';
            bytes[k] = (byte)c;
        }
        if (!hasC1) return false;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(bytes[..length]);
            used = length;
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
