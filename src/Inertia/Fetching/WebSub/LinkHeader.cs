namespace Inertia.Fetching.WebSub;

/// <summary>The HTTP Link header (RFC 8288): <c>&lt;url&gt;; rel="hub", &lt;url&gt;; rel="self"</c>.</summary>
public static class LinkHeader
{
    public readonly record struct Link(string Url, IReadOnlyList<string> Rels);

    /// <summary>Each link with its URL resolved against <paramref name="baseUrl"/> and its rel values in lower case.</summary>
    public static IReadOnlyList<Link> Parse(string? header, string baseUrl)
    {
        if (string.IsNullOrWhiteSpace(header)) return [];
        var links = new List<Link>();
        var i = 0;
        while (i < header.Length)
        {
            var open = header.IndexOf('<', i);
            if (open < 0) break;
            var close = header.IndexOf('>', open + 1);
            if (close < 0) break;
            var target = header[(open + 1)..close].Trim();
            // Parameters run to the next link's "<" (a comma inside a quoted rel value does not matter: we only split on "<").
            var next = header.IndexOf('<', close + 1);
            var parameters = next < 0 ? header[(close + 1)..] : header[(close + 1)..next];
            i = next < 0 ? header.Length : next;

            var rels = Rel(parameters);
            if (rels.Count > 0 && Uri.TryCreate(new Uri(baseUrl), target, out var url))
                links.Add(new Link(url.AbsoluteUri, rels));
        }
        return links;
    }

    static List<string> Rel(string parameters)
    {
        foreach (var part in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals < 0 || !part[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) continue;
            var value = part[(equals + 1)..].Trim().TrimEnd(',').Trim().Trim('"');
            return value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => r.ToLowerInvariant()).ToList();
        }
        return [];
    }
}
