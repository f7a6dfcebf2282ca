using System.Globalization;
using System.Text.RegularExpressions;

namespace Inertia.Feeds.Dates;

/// <summary>
/// Every date shape feeds use: RFC 822/1123 and its real-world variants, ISO 8601 / W3C-DTF / RFC 3339, Chinese and
/// Korean forms, Unix timestamps. Results are UTC; anything unrecognised is null (never "now").
/// </summary>
public static partial class DateParser
{
    private static readonly Dictionary<string, int> ZoneMinutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
        ["PST"] = -480, ["PDT"] = -420, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600, ["AST"] = -240, ["ADT"] = -180,
        ["NST"] = -210, ["NDT"] = -150,
        ["CET"] = 60, ["CEST"] = 120, ["MET"] = 60, ["MEST"] = 120, ["EET"] = 120, ["EEST"] = 180, ["BST"] = 60, ["IST"] = 330,
        ["MSK"] = 180, ["JST"] = 540, ["KST"] = 540, ["HKT"] = 480, ["SGT"] = 480, ["AWST"] = 480, ["ACST"] = 570,
        ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780, ["WEST"] = 60, ["CAT"] = 120, ["EAT"] = 180,
        ["A"] = -60, ["M"] = -720, ["N"] = 60, ["Y"] = 720,
        ["ETC/GMT"] = 0, ["BEIJING"] = 480, ["CCT"] = 480,
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var s = value.Trim();
        if (s.Length > 100) return null;
        try
        {
            return TryCommonRfc822(s) ?? TryRfc3339(s) ?? TryCommonIso(s) ?? TryIso(s) ?? TryRfc822(s) ?? TryCjk(s) ?? TryUnix(s) ?? TryLoose(s);
        }
        catch (ArgumentException)
        {
            return null; // out-of-range components
        }
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-?(?<m>\d{2})(?:-?(?<d>\d{2}))?|-?W(?<w>\d{2})-?(?<wd>\d)?|-?(?<doy>\d{3}))?(?:[T\s]+(?<H>\d{1,2})(?::?(?<M>\d{2})(?::?(?<S>\d{2})(?:[.,](?<f>\d+))?)?)?)?\s*(?<z>Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(?<y>\d{2})-?(?<m>\d{2})-?(?<d>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoShortYear();

    private static DateTimeOffset? TryIso(string s)
    {
        var m = Iso().Match(s);
        if (!m.Success)
        {
            var sm = IsoShortYear().Match(s);
            if (!sm.Success) return null;
            var yy = int.Parse(sm.Groups["y"].Value, CultureInfo.InvariantCulture);
            return Build(yy < 50 ? 2000 + yy : 1900 + yy, Int(sm, "m", 1), Int(sm, "d", 1), 0, 0, 0, 0, 0);
        }
        var year = Int(m, "y", 0);
        DateTime date;
        if (m.Groups["w"].Success)
        {
            var jan4 = new DateTime(year, 1, 4);
            var week1 = jan4.AddDays(-(((int)jan4.DayOfWeek + 6) % 7));
            date = week1.AddDays((Int(m, "w", 1) - 1) * 7 + Int(m, "wd", 1) - 1);
        }
        else if (m.Groups["doy"].Success) date = new DateTime(year, 1, 1).AddDays(Int(m, "doy", 1) - 1);
        else date = new DateTime(year, Int(m, "m", 1), Int(m, "d", 1));
        var offset = ZoneOffset(m.Groups["z"].Success ? m.Groups["z"].Value : null) ?? 0;
        var frac = m.Groups["f"].Success ? double.Parse("0." + m.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;
        var hour = Int(m, "H", 0);
        return Build(date.Year, date.Month, date.Day, hour, Int(m, "M", 0), Int(m, "S", 0), frac, offset);
    }

    private static int Int(Match m, string g, int fallback) =>
        m.Groups[g].Success && m.Groups[g].Value.Length > 0 ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : fallback;

    private static DateTimeOffset? Build(int y, int mo, int d, int h, int mi, int sec, double frac, int offsetMinutes)
    {
        if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return null;
        if (h > 24 || mi > 59 || sec > 61) return null;
        var extra = TimeSpan.Zero;
        if (h == 24) { h = 0; extra = TimeSpan.FromDays(1); }
        if (sec >= 60) { extra += TimeSpan.FromSeconds(sec - 59); sec = 59; }
        if (Math.Abs(offsetMinutes) >= 24 * 60) offsetMinutes = 0;
        var local = new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Unspecified).AddTicks((long)(frac * TimeSpan.TicksPerSecond)) + extra;
        var utc = local - TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    /// <summary>Offset in minutes for "+0800", "-05:00", "+8", "GMT+8", "EST", …; null when unrecognised.</summary>
    private static int? ZoneOffset(string? z)
    {
        if (string.IsNullOrEmpty(z)) return null;
        z = z.Trim().Trim('(', ')');
        if (ZoneMinutes.TryGetValue(z, out var named)) return named;
        var sign = 1;
        var i = 0;
        foreach (var p in new[] { "GMT", "UTC", "UT" })
            if (z.StartsWith(p, StringComparison.OrdinalIgnoreCase)) { i = p.Length; break; }
        if (i >= z.Length) return 0;
        if (z[i] == '+') i++;
        else if (z[i] == '-') { sign = -1; i++; }
        else return null;
        var digits = z[i..].Replace(":", "");
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return null;
        int hours, minutes = 0;
        if (digits.Length <= 2) hours = int.Parse(digits, CultureInfo.InvariantCulture);
        else if (digits.Length <= 4)
        {
            hours = int.Parse(digits[..^2], CultureInfo.InvariantCulture);
            minutes = int.Parse(digits[^2..], CultureInfo.InvariantCulture);
        }
        else return null;
        return sign * (hours * 60 + minutes);
    }

    [GeneratedRegex(@"^(?:[A-Za-z]+\.?,?\s*)?(?<d>\d{1,2})(?:st|nd|rd|th)?[\s-]+(?<mon>[A-Za-z]+)\.?,?[\s-]+(?<y>\d{2,4}),?(?:\s+(?<H>\d{1,2})(?::(?<M>\d{1,2}))?(?::(?<S>\d{1,2}))?(?:\.\d+)?\s*(?<ampm>[AaPp][Mm])?)?\s*(?<z>\(?[A-Za-z]{1,5}(?:/[A-Za-z]+)?\)?|(?:GMT|UTC)?\s*[+-]\s*\d{1,2}(?::?\d{2})?)?(?:\s*\([^)]*\))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822();

    [GeneratedRegex(@"^(?:[A-Za-z]+\.?,?\s*)?(?<mon>[A-Za-z]+)\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<y>\d{4}),?\s*)?(?:(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2}))?\s*(?<ampm>[AaPp][Mm])?)?\s*(?<z>[A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?\s*(?<y2>\d{4})?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthFirst();

    private static DateTimeOffset? TryRfc822(string s)
    {
        var m = Rfc822().Match(s);
        if (!m.Success) m = MonthFirst().Match(s);
        if (!m.Success) return null;
        var mon = MonthIndex(m.Groups["mon"].Value);
        if (mon < 0) return null;
        var ys = m.Groups["y"].Success && m.Groups["y"].Value.Length > 0 ? m.Groups["y"].Value : m.Groups["y2"].Value;
        if (ys.Length == 0) return null;
        var y = int.Parse(ys, CultureInfo.InvariantCulture);
        if (ys.Length == 2) y += y < 50 ? 2000 : 1900;
        else if (ys.Length == 3) y += 1900;
        var h = Int(m, "H", 0);
        if (m.Groups["ampm"].Success)
        {
            var pm = char.ToLowerInvariant(m.Groups["ampm"].Value[0]) == 'p';
            if (pm && h < 12) h += 12;
            if (!pm && h == 12) h = 0;
        }
        int offset = 0;
        if (m.Groups["z"].Success && m.Groups["z"].Value.Length > 0)
            offset = ZoneOffset(m.Groups["z"].Value.Replace(" ", "")) ?? 0;
        return Build(y, mon + 1, Int(m, "d", 1), h, Int(m, "M", 0), Int(m, "S", 0), 0, offset);
    }

    /// <summary>
    /// Allocation-free fast path for the form almost every RSS feed uses, "Sun, 24 May 2026 10:00:00 +0800" (or GMT/UT/Z);
    /// anything else falls through to the general patterns.
    /// </summary>
    private static DateTimeOffset? TryCommonRfc822(string s)
    {
        var v = s.AsSpan();
        if (v.Length < 26 || v[3] != ',' || v[4] != ' ' || v[7] != ' ' || v[11] != ' ' || v[16] != ' ' || v[19] != ':' || v[22] != ':' || v[25] != ' ')
            return null;
        if (!TwoDigits(v[5..7], out var day) || !FourDigits(v[12..16], out var year) || !TwoDigits(v[17..19], out var hour)
            || !TwoDigits(v[20..22], out var minute) || !TwoDigits(v[23..25], out var second))
            return null;
        var month = -1;
        for (var i = 0; i < Months.Length; i++)
            if (v[8..11].Equals(Months[i], StringComparison.OrdinalIgnoreCase)) { month = i; break; }
        if (month < 0) return null;
        var zone = v[26..];
        int offset;
        if (zone.Length == 5 && zone[0] is '+' or '-' && TwoDigits(zone[1..3], out var zh) && TwoDigits(zone[3..5], out var zm))
            offset = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
        else if (zone is "GMT" or "UT" or "UTC" or "Z") offset = 0;
        else return null;
        return Build(year, month + 1, day, hour, minute, second, 0, offset);
    }

    /// <summary>
    /// Allocation-free RFC 3339 as Atom and JSON Feed write it: yyyy-MM-ddTHH:mm[:ss[.fraction]] then Z or ±HH:MM. Other
    /// shapes (and out-of-range parts such as a leap second) fall through to the general parsers.
    /// </summary>
    private static DateTimeOffset? TryRfc3339(string s)
    {
        var v = s.AsSpan();
        if (v.Length < 17 || v[4] != '-' || v[7] != '-' || v[10] is not ('T' or 't') || v[13] != ':') return null;
        if (!FourDigits(v[..4], out var year) || !TwoDigits(v[5..7], out var month) || !TwoDigits(v[8..10], out var day)
            || !TwoDigits(v[11..13], out var hour) || !TwoDigits(v[14..16], out var minute))
            return null;
        var i = 16;
        int second = 0;
        long ticks = 0;
        if (v[i] == ':')
        {
            if (v.Length < i + 3 || !TwoDigits(v.Slice(i + 1, 2), out second)) return null;
            i += 3;
            if (i < v.Length && v[i] == '.')
            {
                i++;
                var digits = 0;
                while (i < v.Length && char.IsAsciiDigit(v[i]))
                {
                    if (++digits > 7) return null;
                    ticks = ticks * 10 + (v[i] - '0');
                    i++;
                }
                if (digits == 0) return null;
                for (var d = digits; d < 7; d++) ticks *= 10;
            }
        }
        int offset;
        var zone = v[i..];
        if (zone is "Z" or "z") offset = 0;
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':' && TwoDigits(zone[1..3], out var zh) && TwoDigits(zone[4..6], out var zm)
                 && zh <= 14 && zm <= 59)
            offset = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
        else return null;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return null;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var utc = local.AddMinutes(-offset);
        if (utc.Year is < 1 or > 9999) return null;
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"];

    /// <summary>Allocation-free fast path for RFC 3339 as Atom and JSON Feed write it; other ISO shapes use the pattern.</summary>
    private static DateTimeOffset? TryCommonIso(string s)
    {
        if (s.Length < 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T') return null;
        return DateTimeOffset.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;
    }

    private static bool TwoDigits(ReadOnlySpan<char> d, out int value)
    {
        value = (d[0] - '0') * 10 + (d[1] - '0');
        return char.IsAsciiDigit(d[0]) && char.IsAsciiDigit(d[1]);
    }

    private static bool FourDigits(ReadOnlySpan<char> d, out int value)
    {
        value = 0;
        foreach (var c in d)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static int MonthIndex(string name)
    {
        if (name.Length < 3) return -1;
        var key = name[..3].ToLowerInvariant();
        var i = Array.IndexOf(Months, key);
        if (i >= 0) return i;
        return key switch { "mär" or "mrz" => 2, "mai" => 4, "okt" => 9, "dez" => 11, "juin" => 5, _ => -1 };
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[年/.\-]\s*(?<m>\d{1,2})\s*[月/.\-]\s*(?<d>\d{1,2})\s*[日号]?\s*(?:(?<ap>上午|下午|晚上|凌晨|早上|中午|午前|午後)\s*)?(?:(?<H>\d{1,2})\s*[:：时時点]\s*(?<M>\d{1,2})?\s*(?:[:：分]\s*(?<S>\d{1,2})?\s*秒?)?)?\s*(?<z>(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?|Z|[A-Z]{2,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Cjk();

    private static DateTimeOffset? TryCjk(string s)
    {
        var m = Cjk().Match(s);
        if (!m.Success) return null;
        var h = Int(m, "H", 0);
        if (m.Groups["ap"].Success && m.Groups["ap"].Value is "下午" or "晚上" or "午後" && h < 12) h += 12;
        // Without a zone, CJK-formatted dates are overwhelmingly China/Japan/Korea local time; assume UTC+8 only when the
        // text itself is Chinese-formatted (contains 年), else UTC.
        var defaultOffset = s.Contains('年') ? 480 : 0;
        var offset = m.Groups["z"].Success ? ZoneOffset(m.Groups["z"].Value.Replace(" ", "")) ?? defaultOffset : defaultOffset;
        return Build(Int(m, "y", 0), Int(m, "m", 1), Int(m, "d", 1), h, Int(m, "M", 0), Int(m, "S", 0), 0, offset);
    }

    private static DateTimeOffset? TryUnix(string s)
    {
        if (s.Length is < 9 or > 13 || !s.All(char.IsAsciiDigit)) return null;
        var v = long.Parse(s, CultureInfo.InvariantCulture);
        return s.Length >= 12 ? DateTimeOffset.FromUnixTimeMilliseconds(v) : DateTimeOffset.FromUnixTimeSeconds(v);
    }

    private static DateTimeOffset? TryLoose(string s)
    {
        var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out var r) && r.Year > 1) return r.ToUniversalTime();
        return null;
    }
}
