using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Inertia.Feeds.Xml;

/// <summary>
/// A small element tree: what the format mappers read. Built by <see cref="SafeTreeReader"/> (strict, streaming) or
/// <see cref="LenientTreeReader"/> (broken documents), so mappers never care which one ran.
/// </summary>
internal sealed class Node
{
    public Node(string ns, string name, string? prefix = null)
    {
        Ns = ns;
        Name = name;
        Prefix = string.IsNullOrEmpty(prefix) ? null : prefix;
    }

    public string Ns { get; private set; }
    public string Name { get; private set; }
    public string? Prefix { get; private set; }

    /// <summary>
    /// Makes a node of a mapped entry (see <see cref="TreeBuilder"/>'s recycling) a new element, keeping its arrays: the
    /// next entry has the same shape, so its elements cost no allocation.
    /// </summary>
    internal void Reuse(string ns, string name, string? prefix)
    {
        Ns = ns;
        Name = name;
        Prefix = string.IsNullOrEmpty(prefix) ? null : prefix;
        // The arrays are not cleared: nothing reads past the counts, and what they still refer to is the previous entry's,
        // which the parse holds anyway until it ends (the builder and its free nodes go with it).
        _attributeCount = 0;
        _single = null;
        _count = 0;
        Base = null;
        Lang = null;
        Declarations = null;
    }

    /// <summary>Where <see cref="TreeBuilder.NewNode"/> keeps this element (its recycling index).</summary>
    internal int MadeAt;

    // An array sized once when the reader knows the count (no list object per element); most elements have none.
    private NodeAttribute[]? _attributes;
    private int _attributeCount;

    /// <summary>Read-only view; add with <see cref="AddAttribute"/>.</summary>
    public ReadOnlySpan<NodeAttribute> Attributes => _attributes.AsSpan(0, _attributeCount);

    public void AddAttribute(NodeAttribute a)
    {
        if (_attributes is null) _attributes = new NodeAttribute[2];
        else if (_attributeCount == _attributes.Length) Array.Resize(ref _attributes, _attributeCount * 2);
        _attributes[_attributeCount++] = a;
    }

    /// <summary>Sizes the attribute array once when the reader knows how many are coming.</summary>
    public void ReserveAttributes(int count) => _attributes ??= new NodeAttribute[Math.Max(count, 1)];
    // Children are stored inline: most elements hold one text or nothing, and a list per element was a third of a parse's
    // allocations. One child lives in _single; from the second on they all live in _items.
    private object? _single;
    private object[]? _items;
    private int _count;

    /// <summary>Element children (<see cref="Node"/>) and text (<see cref="string"/>) in document order.</summary>
    public ChildList Children => new(this);

    public void AddChild(object child)
    {
        if (_count == 0 && _items is null) _single = child;
        else
        {
            if (_items is null)
            {
                _items = new object[4];
                _items[0] = _single!;
                _single = null;
            }
            else if (_count == _items.Length) Array.Resize(ref _items, _count * 2);
            // The array is an object[] and _count is within it (grown above): a store without the covariance check.
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), _count) = child;
        }
        _count++;
    }

    public void RemoveLastChild()
    {
        _count--;
        if (_items is null) _single = null;
        else _items[_count] = null!;
    }

    private object ChildAt(int index)
    {
        var child = _items is null ? _single! : _items[index];
        if (child is not PendingText pending) return child;
        // Readers of the tree see strings only: a pending body becomes one here, in place.
        var text = pending.ToText();
        if (_items is null) _single = text;
        else _items[index] = text;
        return text;
    }

    /// <summary>The element's only child when it is a large body not yet made a string (see <see cref="PendingText"/>).</summary>
    public PendingText? PendingText => _count == 1 ? (_items is null ? _single : _items[0]) as PendingText : null;

    /// <summary>A view of the children: count, index, and a foreach that allocates nothing.</summary>
    public readonly struct ChildList(Node node)
    {
        public int Count => node._count;
        public object this[int index] => (uint)index < (uint)node._count ? node.ChildAt(index) : throw new ArgumentOutOfRangeException(nameof(index));
        public void Add(object child) => node.AddChild(child);
        public Enumerator GetEnumerator() => new(node);

        public struct Enumerator(Node node)
        {
            private int _index = -1;
            public readonly object Current => node.ChildAt(_index);
            public bool MoveNext() => ++_index < node._count;
        }
    }
    /// <summary>Effective xml:base (already resolved against the parent's).</summary>
    public string? Base { get; set; }
    /// <summary>Effective xml:lang.</summary>
    public string? Lang { get; set; }
    /// <summary>Namespace declarations made on this element (prefix → uri), to re-serialize inline XHTML faithfully.</summary>
    public List<KeyValuePair<string, string>>? Declarations { get; set; }

    public string QualifiedName => Prefix is null ? Name : Prefix + ":" + Name;

    public string? Attr(string name, string ns = "")
    {
        foreach (var a in Attributes)
            if (a.Name == name && a.Ns == ns) return a.Value;
        return null;
    }

    /// <summary>Attribute by local name whatever its namespace (feeds are careless with attribute prefixes).</summary>
    public string? AttrAny(string name)
    {
        foreach (var a in Attributes)
            if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)) return a.Value;
        return null;
    }

    /// <summary>Element children; a struct enumerable, so the mappers' foreach loops allocate nothing.</summary>
    public ElementList Elements() => new(this);

    public readonly struct ElementList(Node node) : IEnumerable<Node>
    {
        public Enumerator GetEnumerator() => new(node);
        IEnumerator<Node> IEnumerable<Node>.GetEnumerator() => GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator(Node node) : IEnumerator<Node>
        {
            private int _index = -1;
            public Node Current { get; private set; } = null!;
            object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                while (++_index < node._count)
                    if (node.ChildAt(_index) is Node n) { Current = n; return true; }
                return false;
            }

            public void Reset() => _index = -1;
            public void Dispose() { }
        }
    }

    public bool HasElements
    {
        get
        {
            for (var i = 0; i < _count; i++)
                if ((_items is null ? _single : _items[i]) is Node) return true; // without making pending text a string
            return false;
        }
    }

    /// <summary>Concatenated text of this element and its descendants.</summary>
    public string Text
    {
        get
        {
            if (_count == 1 && (_items is null ? _single : _items[0]) is not Node) return (string)ChildAt(0);
            var sb = new StringBuilder();
            AppendText(sb);
            return sb.ToString();
        }
    }

    private void AppendText(StringBuilder sb)
    {
        foreach (var c in Children)
            if (c is string s) sb.Append(s);
            else ((Node)c).AppendText(sb);
    }

    /// <summary>The children serialized as XML (inline XHTML / unescaped HTML inside RSS elements).</summary>
    public string InnerXml()
    {
        var sb = new StringBuilder();
        foreach (var c in Children) Write(sb, c, Ns);
        return sb.ToString();
    }

    private static readonly string[] VoidElements =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

    private const string Svg = "http://www.w3.org/2000/svg";
    private const string MathMl = "http://www.w3.org/1998/Math/MathML";
    private const string XLink = "http://www.w3.org/1999/xlink";

    private static void Write(StringBuilder sb, object child, string parentNs)
    {
        if (child is string s)
        {
            HtmlText.AppendEscaped(sb, s, attribute: false);
            return;
        }
        var n = (Node)child;
        // XHTML, SVG and MathML are written as HTML writes them: unprefixed, SVG/MathML roots declaring their namespace.
        var htmlFamily = n.Ns is Namespaces.Xhtml or Svg or MathMl;
        var name = htmlFamily ? n.Name : n.QualifiedName;
        sb.Append('<').Append(name);
        if (n.Ns is Svg or MathMl && parentNs != n.Ns) sb.Append(" xmlns=\"").Append(n.Ns).Append('"');
        var xlinkDeclared = false;
        foreach (var a in n.Attributes)
        {
            var prefix = a.Ns == XLink ? "xlink" : a.Ns == Namespaces.Xml ? "xml" : a.Prefix;
            var an = prefix is null ? a.Name : prefix + ":" + a.Name;
            if (a.Ns == XLink && !xlinkDeclared)
            {
                sb.Append(" xmlns:xlink=\"").Append(XLink).Append('"');
                xlinkDeclared = true;
            }
            sb.Append(' ').Append(an).Append("=\"");
            HtmlText.AppendEscaped(sb, a.Value, attribute: true);
            sb.Append('"');
        }
        if (n.Children.Count == 0 && Array.IndexOf(VoidElements, n.Name.ToLowerInvariant()) >= 0)
        {
            sb.Append(" />");
            return;
        }
        sb.Append('>');
        foreach (var c in n.Children) Write(sb, c, n.Ns);
        sb.Append("</").Append(name).Append('>');
    }
}

internal readonly record struct NodeAttribute(string Ns, string Name, string Value, string? Prefix = null);
