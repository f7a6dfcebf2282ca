namespace Inertia.Reader.Display;

/// <summary>Light, dark, or follow the system; kept in a cookie so the first byte of every page has it (no flash).</summary>
public static class Theme
{
    public const string System = "system";
    public const string Light = "light";
    public const string Dark = "dark";
    public const string Cookie = "inertia.theme";
    public static readonly string[] All = [System, Light, Dark];

    public static string Normalize(string? theme) => theme is Light or Dark ? theme : System;

    public static string Current(HttpRequest request) => Normalize(request.Cookies[Cookie]);

    public static void WriteCookie(HttpResponse response, string? theme, bool secure)
    {
        var value = Normalize(theme);
        if (value == System) response.Cookies.Delete(Cookie);
        else response.Cookies.Append(Cookie, value, new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = secure, IsEssential = true,
        });
    }
}
