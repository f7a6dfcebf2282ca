namespace Inertia.Reader.Display;

/// <summary>Feed-supplied URLs go into href/src only when they are absolute http(s): no javascript:, data: or relative tricks.</summary>
public static class SafeUrl
{
    public static string? Http(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;

    /// <summary>
    /// A redirect target from a form: only a path on this site ("/x", not "//host" or "/\host"). Whitespace and control
    /// characters are refused too: browsers drop them, so "/\t/host" would become "//host".
    /// </summary>
    public static string Local(string? url, string fallback = "/") =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? url
            : fallback;
}
