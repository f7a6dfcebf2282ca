using System.Text;

namespace Inertia.Html;

/// <summary>Whitespace folding shared by the HTML snippet here and the app's plain-text search documents.</summary>
public static class Whitespace
{
    /// <summary>Runs of whitespace as one space, none at the ends.</summary>
    public static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = result.Length > 0; continue; }
            if (space) { result.Append(' '); space = false; }
            result.Append(c);
        }
        return result.ToString();
    }
}
