namespace Inertia.Feeds.Xml;

/// <summary>
/// Receives the tree while it is read so that entries can be mapped and dropped one by one: memory stays bounded by the
/// largest entry, not the document.
/// </summary>
internal interface ITreeSink
{
    /// <summary>The root element has started (name, namespace and attributes are known, no children yet).</summary>
    void OnRoot(Node root);

    /// <summary>Is this just-closed element an entry to hand over and detach?</summary>
    bool IsEntry(Node node, int depth);

    void OnEntry(Node entry, Node parent);
}
