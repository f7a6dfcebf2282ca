using System.Net;
using System.Text;

namespace Inertia.Feeds;

/// <summary>HTML escaping and entity decoding shared by the XML readers and the mappers.</summary>
internal static class HtmlText
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text, attribute: true);
        return sb.ToString();
    }

    public static void AppendEscaped(StringBuilder sb, string s, bool attribute)
    {
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"' when attribute: sb.Append("&quot;"); break;
                default: sb.Append(ch); break;
            }
        }
    }

    /// <summary>The character(s) an HTML named entity stands for, or null when the name is unknown.</summary>
    public static string? NamedEntity(string name)
    {
        if (name.Length == 0 || name.Length > 32) return null;
        switch (name)
        {
            case "apos": return "'";
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
        }
        var decoded = WebUtility.HtmlDecode("&" + name + ";");
        return decoded.Length > 0 && decoded[0] == '&' ? null : decoded;
    }

    /// <summary>Decodes character and entity references; unknown ones are left as written.</summary>
    public static string Decode(string s) => s.Contains('&') ? WebUtility.HtmlDecode(s) : s;

    /// <summary>Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.</summary>
    public static string ToPlainText(string html)
    {
        if (html.AsSpan().IndexOfAny("<&") < 0) return html.Trim();
        var sb = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var ch in html)
        {
            if (inTag) { if (ch == '>') inTag = false; continue; }
            if (ch == '<') { inTag = true; continue; }
            sb.Append(ch);
        }
        return CollapseWhitespace(Decode(sb.ToString()));
    }

    public static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>Does this text look like HTML markup (a tag or an entity) rather than plain text?</summary>
    public static bool LooksLikeHtml(string s)
    {
        var i = s.IndexOf('<');
        if (i >= 0 && i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!')) return true;
        var amp = s.IndexOf('&');
        if (amp < 0) return false;
        var semi = s.IndexOf(';', amp);
        return semi > amp && semi - amp <= 10;
    }
}
