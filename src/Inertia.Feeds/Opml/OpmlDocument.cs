namespace Inertia.Feeds.Opml;

/// <summary>An OPML subscription list: a head title and a tree of outlines (folders hold children, feeds have XmlUrl).</summary>
public sealed class OpmlDocument
{
    public string? Title { get; set; }
    public DateTimeOffset? DateCreated { get; set; }
    public string? OwnerName { get; set; }
    public List<OpmlOutline> Outlines { get; } = [];

    /// <summary>Every feed outline in document order, with the folder path that holds it.</summary>
    public IEnumerable<OpmlOutline> Feeds()
    {
        var stack = new Stack<OpmlOutline>(Enumerable.Reverse(Outlines));
        while (stack.Count > 0)
        {
            var o = stack.Pop();
            if (o.XmlUrl is not null) yield return o;
            for (var i = o.Children.Count - 1; i >= 0; i--) stack.Push(o.Children[i]);
        }
    }
}

public sealed class OpmlOutline
{
    public string? Text { get; set; }
    public string? Title { get; set; }
    /// <summary>The feed URL; null for a folder.</summary>
    public string? XmlUrl { get; set; }
    public string? HtmlUrl { get; set; }
    public string? Type { get; set; }
    public string? Language { get; set; }
    public string? Description { get; set; }
    /// <summary>Folder names from the top down to this outline's parent (nesting, or the OPML 2.0 category attribute).</summary>
    public List<string> CategoryPath { get; } = [];
    public List<OpmlOutline> Children { get; } = [];

    public string? DisplayName => Title ?? Text;
}

/// <summary>Thrown by <see cref="Opml.Read"/> for a document that is not OPML at all.</summary>
public sealed class OpmlException(string message) : Exception(message);
