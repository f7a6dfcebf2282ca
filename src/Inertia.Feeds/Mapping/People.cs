using System.Text.RegularExpressions;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

internal static partial class People
{
    /// <summary>Atom person construct (name, email, uri — or Atom 0.3's url).</summary>
    public static Person? FromAtom(Node n, string? fallbackBase)
    {
        string? name = null, email = null, uri = null;
        foreach (var c in n.Elements())
        {
            switch (c.Name)
            {
                case "name": name = c.Text.Trim(); break;
                case "email": email = c.Text.Trim(); break;
                case "uri" or "url" or "homepage": uri = Urls.Resolve(c.Base ?? fallbackBase, c.Text.Trim()); break;
            }
        }
        if (name is null && email is null && uri is null)
        {
            var text = n.Text.Trim();
            return text.Length == 0 ? null : FromText(text);
        }
        return new Person(Empty(name), Empty(email), Empty(uri));
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    [GeneratedRegex(@"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    /// <summary>"me@example.com (Me)", "Me &lt;me@example.com&gt;", "Me", "me@example.com".</summary>
    public static Person? FromText(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        var m = Email().Match(text);
        if (!m.Success) return new Person(text);
        var email = m.Value;
        var rest = (text[..m.Index] + text[(m.Index + m.Length)..]).Trim();
        rest = rest.Replace("mailto:", "", StringComparison.OrdinalIgnoreCase).Trim();
        rest = rest.Trim('(', ')', '<', '>', ' ').Trim();
        if (rest.StartsWith('(') && rest.EndsWith(')')) rest = rest[1..^1].Trim();
        return new Person(rest.Length == 0 ? null : rest, email);
    }

    public static string? Display(Person? p) => p?.Name ?? p?.Email;
}
