namespace Inertia.Html;

/// <summary>
/// URL attribute values as the sanitizer lets them through: an absolute http(s)/mailto URL, or a relative one resolved
/// against the document's base (kept relative when there is none, so it can never acquire a scheme of its own).
/// </summary>
internal static class SafeUrl
{
    /// <summary>The value to write, or null when the attribute must go.</summary>
    public static string? Clean(string value, Uri? baseUri)
    {
        // What a browser's URL parser ignores: leading/trailing C0 controls and spaces, tabs and newlines anywhere
        // ("java&#x09;script:" is "javascript:").
        var url = value.AsSpan().Trim("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f ");
        var text = url.ContainsAny('\t', '\n', '\r') ? string.Concat(url.ToString().Split(['\t', '\n', '\r'])) : url.ToString();
        if (text.Length == 0) return null;
        if (Scheme(text) is { } scheme)
        {
            if (!HtmlRules.Schemes.Contains(scheme)) return null;
            return Uri.TryCreate(text, UriKind.Absolute, out _) ? text : null;
        }
        if (baseUri is null) return text;
        return Uri.TryCreate(baseUri, text, out var resolved) && HtmlRules.Schemes.Contains(resolved.Scheme) ? resolved.AbsoluteUri : null;
    }

    /// <summary>A srcset with each candidate's URL cleaned; candidates with a refused URL are dropped.</summary>
    public static string? CleanList(string value, Uri? baseUri)
    {
        List<string>? kept = null;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var space = part.AsSpan().IndexOfAny(' ', '\t', '\n');
            var url = Clean(space < 0 ? part : part[..space], baseUri);
            if (url is null) continue;
            (kept ??= []).Add(space < 0 ? url : url + " " + part[(space + 1)..].Trim());
        }
        return kept is null ? null : string.Join(", ", kept);
    }

    /// <summary>The scheme as a browser reads it: a letter, then letters, digits, '+', '-' or '.', then ':'.</summary>
    static string? Scheme(string url)
    {
        if (!char.IsAsciiLetter(url[0])) return null;
        for (var i = 1; i < url.Length; i++)
        {
            var c = url[i];
            if (c == ':') return url[..i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return null;
        }
        return null;
    }
}
