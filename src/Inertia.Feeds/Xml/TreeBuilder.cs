using System.Text;

namespace Inertia.Feeds.Xml;

/// <summary>Shared stack logic of both readers: inherits xml:base/xml:lang, enforces depth, hands entries to the sink.</summary>
internal sealed class TreeBuilder(ITreeSink sink, string? documentBase, List<string> warnings, string? documentLanguage = null)
{
    private readonly List<Node> _stack = [];
    private int _skipDepth; // > 0 while inside an element deeper than the limit
    private bool _depthWarned;

    // Text of the current element not yet added to it. Pieces (text, CDATA, entity-split runs) are joined in a buffer:
    // joining by string concatenation is quadratic on an element made of thousands of CDATA sections.
    private Node? _textOwner;
    private object? _firstPiece; // a string or a PendingText
    private List<PendingText>? _pending; // every pending body handed in, released when the parse ends
    private bool _joining;
    private StringBuilder? _joined; // created by the first element made of several pieces

    // Every element NewNode made, in document order; from _reusable on they are free again. An entry is mapped, then
    // dropped, as soon as it closes, and whatever was made after it is inside it: the next entry's elements are the
    // previous one's, found without walking its tree.
    private List<Node>? _made; // created by the first NewNode: only readers that take their nodes from it get them back
    private int _reusable;

    public Node? Root { get; private set; }
    public int Depth => _stack.Count;
    public Node? Current => _stack.Count > 0 ? _stack[^1] : null;

    private static bool IsStructural(string name) => name is
        "rss" or "channel" or "item" or "items" or "feed" or "entry" or "RDF" or "Seq" or "source" or "image" or "textinput"
        or "textInput" or "author" or "contributor" or "group" or "opml" or "outline";

    /// <summary>
    /// Whitespace-only text between the elements of the feed's own structure is indentation and is not kept (it is most
    /// of the text nodes of a pretty-printed feed); inside text and markup it separates words and is kept.
    /// </summary>
    public bool KeepsWhitespace
    {
        get
        {
            if (_skipDepth > 0 || Current is not { } cur) return false;
            // Asked at every indentation run, mostly for the same few elements: names and namespaces are shared instances
            // (atomized), so the last answer is reused while they are the same.
            if ((object)cur.Name != _lastName || (object)cur.Ns != _lastNs)
            {
                _lastName = cur.Name;
                _lastNs = cur.Ns;
                _lastKeeps = !(IsStructural(cur.Name) && cur.Ns != Namespaces.Xhtml);
            }
            return _lastKeeps;
        }
    }

    private string? _lastName, _lastNs;
    private bool _lastKeeps;

    /// <summary>Returns false when the element is dropped (depth limit or content after the root).</summary>
    public bool Open(Node node)
    {
        if (_skipDepth > 0 || _stack.Count >= ReadLimits.MaxDepth)
        {
            _skipDepth++;
            if (!_depthWarned)
            {
                warnings.Add($"elements nested deeper than {ReadLimits.MaxDepth} levels were skipped");
                _depthWarned = true;
            }
            return false;
        }
        FlushText();
        var parent = Current;
        if (parent is null && Root is not null) return false; // a second root: ignore it
        // xml:base and xml:lang in one pass over the attributes (most elements have none, links have three or four).
        string? xmlBase = null, lang = null;
        foreach (var a in node.Attributes)
        {
            if (a.Ns != Namespaces.Xml) continue;
            if (a.Name == "base") xmlBase ??= a.Value;
            else if (a.Name == "lang") lang ??= a.Value;
        }
        var inheritedBase = parent?.Base ?? documentBase;
        node.Base = xmlBase is null ? inheritedBase : Urls.Resolve(inheritedBase, xmlBase.Trim()) ?? inheritedBase;
        node.Lang = lang is null ? (parent is null ? documentLanguage : parent.Lang) : lang.Trim().Length == 0 ? null : lang.Trim();
        if (parent is null)
        {
            Root = node;
            sink.OnRoot(node);
        }
        else parent.AddChild(node);
        _stack.Add(node);
        return true;
    }

    public void Close()
    {
        if (_skipDepth > 0) { _skipDepth--; return; }
        if (_stack.Count == 0) return;
        FlushText();
        var node = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (_stack.Count > 0 && sink.IsEntry(node, _stack.Count))
        {
            var parent = _stack[^1];
            parent.RemoveLastChild();
            sink.OnEntry(node, parent);
            if (_made is not null) _reusable = node.MadeAt;
        }
    }

    /// <summary>A new element, made from a recycled one when there is one (the byte reader builds its nodes here).</summary>
    public Node NewNode(string ns, string name, string? prefix)
    {
        var made = _made ??= [];
        Node node;
        if (_reusable < made.Count)
        {
            node = made[_reusable];
            node.Reuse(ns, name, prefix);
        }
        else
        {
            node = new Node(ns, name, prefix);
            made.Add(node);
        }
        node.MadeAt = _reusable++;
        return node;
    }

    /// <param name="text">Character data of the current element.</param>
    /// <param name="mayNeedRepair">False when the caller knows it holds no C1 control (the byte reader sees no C2 byte).</param>
    public void Text(string text, bool mayNeedRepair = true)
    {
        if (_skipDepth > 0 || text.Length == 0) return;
        var cur = Current;
        if (cur is null) return;
        if (mayNeedRepair) text = MojibakeRepair.Repair(text);
        AddPiece(cur, text, text);
    }

    /// <summary>A large body in a pooled buffer (see <see cref="PendingText"/>); released by <see cref="ReleasePending"/>.</summary>
    /// <param name="mayNeedRepair">False when the caller knows it holds no C1 control (the byte reader sees no C2 byte).</param>
    public void Text(PendingText text, bool mayNeedRepair = true)
    {
        (_pending ??= []).Add(text);
        if (_skipDepth > 0 || text.Length == 0) return;
        var cur = Current;
        if (cur is null) return;
        if (mayNeedRepair && MojibakeRepair.Needed(text.Span)) Text(text.ToText());
        else AddPiece(cur, text, text.Span);
    }

    private void AddPiece(Node cur, object piece, ReadOnlySpan<char> chars)
    {
        if (_textOwner != cur) FlushText();
        if (_textOwner is null)
        {
            _textOwner = cur;
            _firstPiece = piece;
            return;
        }
        // Whitespace-only pieces at a seam (indentation around a CDATA section) are dropped rather than copying a large
        // CDATA body to prepend a newline.
        if (chars.IsWhiteSpace()) return;
        if (!_joining)
        {
            _joining = true;
            (_joined ??= new StringBuilder()).Clear();
            var first = _firstPiece is PendingText p ? p.Span : ((string)_firstPiece!).AsSpan();
            if (!first.IsWhiteSpace()) _joined.Append(first);
        }
        _joined!.Append(chars);
    }

    /// <summary>Returns the buffers of every pending body to the pool: call once the tree has been read, or abandoned.</summary>
    public void ReleasePending()
    {
        if (_pending is null) return;
        foreach (var p in _pending) p.Release();
        _pending.Clear();
    }

    private void FlushText()
    {
        if (_textOwner is null) return;
        var value = _joining ? _joined!.ToString() : _firstPiece!;
        _textOwner.AddChild(value);
        _textOwner = null;
        _firstPiece = null;
        _joining = false;
        if (_joined?.Capacity > 64 * 1024) _joined.Clear().Capacity = 1024; // do not hold on to a huge buffer
    }

    /// <summary>Close whatever is still open (truncated documents).</summary>
    public int CloseAll()
    {
        var n = _stack.Count;
        while (_stack.Count > 0) Close();
        return n;
    }

    /// <summary>Index in the open stack of the nearest element with this qualified name, or -1.</summary>
    public int FindOpen(string qualifiedName)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
            if (string.Equals(_stack[i].QualifiedName, qualifiedName, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    public void CloseTo(int index)
    {
        while (_stack.Count > index) Close();
    }

    public string? LookupNamespace(string prefix)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var d = _stack[i].Declarations;
            if (d is null) continue;
            foreach (var kv in d) if (kv.Key == prefix) return kv.Value;
        }
        return null;
    }
}
