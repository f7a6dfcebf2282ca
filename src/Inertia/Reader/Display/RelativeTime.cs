using Inertia.Reader.Localization;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Display;

/// <summary>"5 min ago" style times for lists; the exact time goes in the &lt;time&gt; element's title.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset time, DateTimeOffset now, IStringLocalizer<ReaderText> L)
    {
        var age = now - time;
        if (age < TimeSpan.FromMinutes(1)) return L["just now"];
        if (age < TimeSpan.FromHours(1)) return L["{0} min ago", (int)age.TotalMinutes];
        if (age < TimeSpan.FromDays(1)) return L["{0} h ago", (int)age.TotalHours];
        if (age < TimeSpan.FromDays(30)) return L["{0} d ago", (int)age.TotalDays];
        return time.ToLocalTime().ToString("d");
    }

    public static string Exact(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'");

    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
