using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace Inertia.Feeds.Xml;

/// <summary>
/// The fastest path: a strict XML tokenizer working directly on UTF-8 bytes for the documents most feeds are —
/// well-formed, predefined entities only, no DTD. It builds the same tree as <see cref="SafeTreeReader"/> (names are
/// atomized, text is decoded once, nothing else is allocated) at several times <see cref="System.Xml.XmlReader"/>'s speed.
/// It never judges a document: at anything it does not handle, or anything that might not be well-formed, it gives up
/// (<see cref="TryRead"/> returns false) and the caller reads the document again with <see cref="SafeTreeReader"/>, whose
/// verdict stands. The caller has checked that the bytes hold no characters XML forbids; UTF-8 validity is checked here,
/// as each range is decoded or skipped, and invalid bytes make it give up like anything else it does not handle.
/// </summary>
internal sealed class Utf8TreeReader
{
    private const int MaxDepth = 100_000;
    private const int PendingThreshold = 4096; // bytes of CDATA from which a body stays in a pooled buffer until read // deeper (hostile) documents are left to XmlReader's own limits

    private static readonly SearchValues<byte> TextStops = SearchValues.Create("<&\r"u8);
    private static readonly SearchValues<byte> TextOrGtStops = SearchValues.Create("<&\r>"u8);
    private static readonly SearchValues<byte> AttributeStops = SearchValues.Create("<&\r\n\t"u8);
    private static readonly SearchValues<byte> DoubleQuotedStops = SearchValues.Create("\"<&\r\n\t"u8);
    private static readonly SearchValues<byte> SingleQuotedStops = SearchValues.Create("'<&\r\n\t"u8);

    private readonly Utf8NameTable _names = new();
    private readonly ValueCache _values = new();
    private readonly List<Binding> _bindings = [];
    private readonly List<OpenElement> _open = [];
    // The start tag's attributes, in an array reused across elements (a list's version checks and copies showed per element).
    private RawAttribute[] _attributes = new RawAttribute[8];
    private int _attributeCount;
    private char[] _chars = new char[256];

    private readonly record struct Binding(string Prefix, string Uri);
    private readonly record struct OpenElement(int NameStart, int NameLength, int BindingCount);
    private record struct RawAttribute(int NameStart, int NameLength, int Colon, string Value);

    [ThreadStatic] private static Utf8TreeReader? _cached;

    internal sealed class GiveUp : Exception;
    internal static readonly GiveUp Unsupported = new();

    /// <summary>Reads the whole document into <paramref name="builder"/>; false when the document needs the general reader.</summary>
    public static bool TryRead(ReadOnlySpan<byte> doc, TreeBuilder builder)
    {
        if (doc.Length > ReadLimits.MaxCharacters) return false;
        var reader = _cached ?? new Utf8TreeReader();
        _cached = null;
        try
        {
            return reader.Read(doc, builder);
        }
        catch (GiveUp)
        {
            return false;
        }
        finally
        {
            reader.Reset();
            _cached = reader;
        }
    }

    private void Reset()
    {
        _bindings.Clear();
        _open.Clear();
        if (_attributes.Length > 64) _attributes = new RawAttribute[8]; // a hostile element's
        else Array.Clear(_attributes); // values are not kept alive until the next document
        _attributeCount = 0;
        if (_chars.Length > 64 * 1024) _chars = new char[256];
        _names.Trim();
    }

    private bool Read(ReadOnlySpan<byte> doc, TreeBuilder builder)
    {
        var i = 0;
        if (doc.StartsWith("<?xml"u8) && doc.Length > 5 && IsSpace(doc[5])) i = XmlDeclaration(doc);
        // Prolog: whitespace, comments, processing instructions, then the root element.
        while (true)
        {
            i = SkipSpace(doc, i);
            if (i >= doc.Length || doc[i] != '<') return false; // no root, or text before it
            if (At(doc, i, "<!--"u8)) { i = Comment(doc, i); continue; }
            if (At(doc, i, "<?"u8)) { i = ProcessingInstruction(doc, i); continue; }
            break; // DOCTYPE and anything else fall to the element parser, which gives up on them
        }
        i = Element(doc, i, builder);
        while (_open.Count > 0)
        {
            // Indentation between elements (a few spaces, tabs or LFs, then '<') is most text runs of a pretty-printed feed:
            // read it without the searches a general run needs. A CR, or anything else, takes the general path below.
            var ws = i;
            while (ws < doc.Length && doc[ws] is (byte)' ' or (byte)'\t' or (byte)'\n') ws++;
            if (ws < doc.Length && doc[ws] == '<')
            {
                if (ws > i && builder.KeepsWhitespace) builder.Text(Encoding.ASCII.GetString(doc[i..ws]));
                i = ws;
                goto Markup;
            }
            // The search also stops at '>' (rare in text) to rule out "]]>", which text may not hold, without a search of
            // its own per run.
            var textEnd = i;
            int stop;
            while ((stop = doc[textEnd..].IndexOfAny(TextOrGtStops)) >= 0 && doc[textEnd + stop] == '>')
            {
                textEnd += stop;
                if (textEnd - i >= 2 && doc[textEnd - 1] == ']' && doc[textEnd - 2] == ']') return false;
                textEnd++;
            }
            if (stop < 0) return false; // unclosed elements
            textEnd += stop;
            if (doc[textEnd] != '<')
            {
                // An entity or a carriage return: decode the run up to the next markup.
                var lt = doc[textEnd..].IndexOf((byte)'<');
                if (lt < 0) return false;
                Text(doc, i, textEnd + lt, builder, decode: true);
                i = textEnd + lt;
            }
            else
            {
                if (textEnd > i) Text(doc, i, textEnd, builder, decode: false); // checked for "]]>" above
                i = textEnd;
            }
            Markup: // doc[i] == '<'
            if (i + 1 >= doc.Length) return false;
            switch (doc[i + 1])
            {
                case (byte)'/': i = EndTag(doc, i, builder); break;
                case (byte)'!':
                    if (At(doc, i, "<![CDATA["u8)) i = CData(doc, i, builder);
                    else if (At(doc, i, "<!--"u8)) i = Comment(doc, i);
                    else return false;
                    break;
                case (byte)'?': i = ProcessingInstruction(doc, i); break;
                default: i = Element(doc, i, builder); break;
            }
        }
        // Epilog: only whitespace, comments and processing instructions may follow the root.
        while (true)
        {
            i = SkipSpace(doc, i);
            if (i >= doc.Length) return true;
            if (At(doc, i, "<!--"u8)) i = Comment(doc, i);
            else if (At(doc, i, "<?"u8)) i = ProcessingInstruction(doc, i);
            else return false;
        }
    }

    // ---- markup ----

    /// <summary>&lt;?xml version="1.0" encoding="…" standalone="…"?&gt; in exactly that form; anything else is left to XmlReader.</summary>
    private static int XmlDeclaration(ReadOnlySpan<byte> doc)
    {
        var end = doc.IndexOf("?>"u8);
        if (end < 0) throw Unsupported;
        var i = 5;
        var seen = 0;
        while (true)
        {
            var spaced = i < end && IsSpace(doc[i]);
            i = SkipSpace(doc, i);
            if (i >= end) break;
            if (!spaced) throw Unsupported;
            var nameStart = i;
            while (i < end && doc[i] is >= (byte)'a' and <= (byte)'z') i++;
            var name = doc[nameStart..i];
            i = SkipSpace(doc, i);
            if (i >= end || doc[i] != '=') throw Unsupported;
            i = SkipSpace(doc, i + 1);
            if (i >= end || doc[i] is not ((byte)'"' or (byte)'\'')) throw Unsupported;
            var close = doc[(i + 1)..end].IndexOf(doc[i]);
            if (close < 0) throw Unsupported;
            var value = doc.Slice(i + 1, close);
            i += close + 2;
            if (seen == 0 && name.SequenceEqual("version"u8) && value.SequenceEqual("1.0"u8)) seen = 1;
            else if (seen == 1 && name.SequenceEqual("encoding"u8) && value.Length > 0 && IsEncodingName(value)) seen = 2;
            else if (seen is 1 or 2 && name.SequenceEqual("standalone"u8) && (value.SequenceEqual("yes"u8) || value.SequenceEqual("no"u8))) seen = 3;
            else throw Unsupported;
        }
        if (seen == 0) throw Unsupported;
        return end + 2;
    }

    private static bool IsEncodingName(ReadOnlySpan<byte> v)
    {
        if (!char.IsAsciiLetter((char)v[0])) return false;
        foreach (var b in v)
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)'-')) return false;
        return true;
    }

    private static int Comment(ReadOnlySpan<byte> doc, int i)
    {
        var body = i + 4;
        var dashes = doc[body..].IndexOf("--"u8);
        if (dashes < 0 || body + dashes + 2 >= doc.Length || doc[body + dashes + 2] != '>') throw Unsupported; // "--" inside
        if (!Utf8.IsValid(doc.Slice(body, dashes))) throw Unsupported; // skipped, but the document must be valid UTF-8 throughout
        return body + dashes + 3;
    }

    private static int ProcessingInstruction(ReadOnlySpan<byte> doc, int i)
    {
        var nameStart = i + 2;
        var n = nameStart;
        while (n < doc.Length && IsAsciiNameChar(doc[n])) n++;
        var target = doc[nameStart..n];
        if (target.Length == 0 || !IsAsciiNameStart(target[0]) || target.Contains((byte)':')) throw Unsupported;
        if (target.Length == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' && (target[2] | 0x20) == 'l') throw Unsupported;
        if (n < doc.Length && !IsSpace(doc[n]) && doc[n] != '?') throw Unsupported;
        var end = doc[n..].IndexOf("?>"u8);
        if (end < 0 || !Utf8.IsValid(doc.Slice(n, end))) throw Unsupported;
        return n + end + 2;
    }

    private int CData(ReadOnlySpan<byte> doc, int i, TreeBuilder builder)
    {
        var start = i + 9;
        var end = doc[start..].IndexOf("]]>"u8);
        if (end < 0) throw Unsupported;
        var body = doc.Slice(start, end);
        // One search for a CR (newlines to normalize) and for C2, the lead byte of the C1 controls the builder repairs.
        var special = body.IndexOfAny((byte)'\r', (byte)0xC2);
        if (special >= 0 && body[special..].Contains((byte)'\r')) builder.Text(NormalizeNewlines(body));
        else if (body.Length >= PendingThreshold)
        {
            // A large body (HTML content) is decoded into a pooled buffer in one validating pass; its reader usually
            // trims or rewrites it, and builds that string straight from the buffer.
            var buffer = ArrayPool<char>.Shared.Rent(body.Length);
            if (Utf8.ToUtf16(body, buffer, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                ArrayPool<char>.Shared.Return(buffer);
                throw Unsupported;
            }
            builder.Text(new PendingText(buffer, written), mayNeedRepair: special >= 0);
        }
        else builder.Text(body.Length <= 256 ? Str(body) : Transcoded(body), mayNeedRepair: special >= 0);
        return start + end + 3;
    }

    private int EndTag(ReadOnlySpan<byte> doc, int i, TreeBuilder builder)
    {
        var open = _open[^1];
        var name = doc.Slice(open.NameStart, open.NameLength);
        var n = i + 2;
        if (!doc[n..].StartsWith(name)) throw Unsupported;
        n = SkipSpace(doc, n + name.Length);
        if (n >= doc.Length || doc[n] != '>') throw Unsupported;
        Pop(builder);
        return n + 1;
    }

    private void Pop(TreeBuilder builder)
    {
        var open = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        if (_bindings.Count > open.BindingCount) _bindings.RemoveRange(open.BindingCount, _bindings.Count - open.BindingCount);
        builder.Close();
    }

    private int Element(ReadOnlySpan<byte> doc, int i, TreeBuilder builder)
    {
        if (_open.Count >= MaxDepth) throw Unsupported;
        var nameStart = i + 1;
        var n = QName(doc, nameStart, out var colon);
        var nameLength = n - nameStart;
        var bindingCount = _bindings.Count;
        Node node;
        bool empty;
        // Most start tags have no attributes (<title>, <id>, <updated>): they skip the attribute machinery, which has
        // a method of its own so that this path stays small.
        if (n < doc.Length && doc[n] == '>')
        {
            node = NewNode(doc.Slice(nameStart, nameLength), colon, builder);
            empty = false;
            n++;
        }
        else n = Attributes(doc, n, doc.Slice(nameStart, nameLength), colon, builder, out node, out empty);
        _open.Add(new OpenElement(nameStart, nameLength, bindingCount));
        builder.Open(node);
        if (empty) Pop(builder);
        return n;
    }

    private Node NewNode(ReadOnlySpan<byte> qname, int colon, TreeBuilder builder)
    {
        if (colon < 0) return builder.NewNode(Lookup("")!, _names.Get(qname), null);
        var prefix = _names.Get(qname[..colon]);
        return builder.NewNode(Lookup(prefix) ?? throw Unsupported, _names.Get(qname[(colon + 1)..]), prefix);
    }

    /// <summary>The rest of a start tag from after its name: attributes, namespace declarations, the node; returns the index after '>'.</summary>
    private int Attributes(ReadOnlySpan<byte> doc, int n, ReadOnlySpan<byte> qname, int colon, TreeBuilder builder, out Node node, out bool empty)
    {
        _attributeCount = 0;
        var declares = false;
        while (true)
        {
            var spaced = n < doc.Length && IsSpace(doc[n]);
            n = SkipSpace(doc, n);
            if (n >= doc.Length) throw Unsupported;
            if (doc[n] == '>') { empty = false; n++; break; }
            if (doc[n] == '/')
            {
                if (n + 1 >= doc.Length || doc[n + 1] != '>') throw Unsupported;
                empty = true;
                n += 2;
                break;
            }
            if (!spaced) throw Unsupported;
            var attrStart = n;
            n = QName(doc, n, out var attrColon);
            var attrLength = n - attrStart;
            n = SkipSpace(doc, n);
            if (n >= doc.Length || doc[n] != '=') throw Unsupported;
            n = SkipSpace(doc, n + 1);
            if (n >= doc.Length || doc[n] is not ((byte)'"' or (byte)'\'')) throw Unsupported;
            // One search finds the closing quote or, before it, a byte the value must be decoded for (most values have none).
            var quote = doc[n];
            var rest = doc[(n + 1)..];
            var close = rest.IndexOfAny(quote == '"' ? DoubleQuotedStops : SingleQuotedStops);
            string value;
            if (close >= 0 && rest[close] == quote) value = PlainValue(rest[..close]);
            else
            {
                close = rest.IndexOf(quote);
                if (close < 0) throw Unsupported;
                value = AttributeValue(rest[..close]);
            }
            n += close + 2;
            if (_attributeCount == _attributes.Length) Array.Resize(ref _attributes, _attributeCount * 2);
            _attributes[_attributeCount++] = new RawAttribute(attrStart, attrLength, attrColon, value);
            declares |= IsDeclaration(doc.Slice(attrStart, attrLength), attrColon);
        }
        var attributes = _attributes.AsSpan(0, _attributeCount);

        // Namespace declarations first: they apply to the element's own name and attributes.
        var bindingCount = _bindings.Count;
        List<KeyValuePair<string, string>>? declarations = null;
        var hasOther = !declares && attributes.Length > 0;
        if (declares)
        {
            foreach (var a in attributes)
            {
                var name = doc.Slice(a.NameStart, a.NameLength);
                if (a.Colon < 0 && name.SequenceEqual("xmlns"u8))
                {
                    var uri = _names.Get(a.Value);
                    _bindings.Add(new Binding("", uri));
                    (declarations ??= []).Add(new("", uri));
                }
                else if (a.Colon == 5 && name.StartsWith("xmlns:"u8))
                {
                    var prefix = _names.Get(name[6..]);
                    if (a.Value.Length == 0 || prefix is "xml" or "xmlns") throw Unsupported;
                    var uri = _names.Get(a.Value);
                    if (uri is Namespaces.Xml or XmlnsNamespace) throw Unsupported;
                    _bindings.Add(new Binding(prefix, uri));
                    (declarations ??= []).Add(new(prefix, uri));
                }
                else hasOther = true;
            }
        }

        node = NewNode(qname, colon, builder);
        node.Declarations = declarations;
        if (hasOther)
        {
            node.ReserveAttributes(attributes.Length);
            foreach (var a in attributes)
            {
                var name = doc.Slice(a.NameStart, a.NameLength);
                if (declares && IsDeclaration(name, a.Colon)) continue;
                NodeAttribute attribute;
                if (a.Colon < 0) attribute = new NodeAttribute("", _names.Get(name), a.Value);
                else
                {
                    var prefix = _names.Get(name[..a.Colon]);
                    var local = _names.Get(name[(a.Colon + 1)..]);
                    // xml:space changes how the reader reports whitespace: left to XmlReader.
                    if (prefix == "xml" && local == "space") throw Unsupported;
                    attribute = new NodeAttribute(Lookup(prefix) ?? throw Unsupported, local, a.Value, prefix);
                }
                var seen = node.Attributes;
                for (var k = 0; k < seen.Length; k++)
                    if (seen[k].Name == attribute.Name && seen[k].Ns == attribute.Ns) throw Unsupported; // duplicate attribute
                node.AddAttribute(attribute);
            }
        }
        if (_bindings.Count - bindingCount > 1)
        {
            // A prefix declared twice on one element is an error.
            for (var x = bindingCount; x < _bindings.Count; x++)
                for (var y = x + 1; y < _bindings.Count; y++)
                    if (_bindings[x].Prefix == _bindings[y].Prefix) throw Unsupported;
        }
        return n;
    }

    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static bool IsDeclaration(ReadOnlySpan<byte> name, int colon) =>
        (colon < 0 && name.SequenceEqual("xmlns"u8)) || (colon == 5 && name.StartsWith("xmlns:"u8));

    private string? Lookup(string prefix)
    {
        for (var k = _bindings.Count - 1; k >= 0; k--)
            if ((object)_bindings[k].Prefix == prefix || _bindings[k].Prefix == prefix) return _bindings[k].Uri;
        return prefix.Length == 0 ? "" : prefix == "xml" ? Namespaces.Xml : null;
    }

    /// <summary>A qualified name of ASCII name characters with at most one inner colon; returns the index after it.</summary>
    private static int QName(ReadOnlySpan<byte> doc, int i, out int colon)
    {
        colon = -1;
        if (i >= doc.Length || !IsAsciiNameStart(doc[i])) throw Unsupported;
        var start = i;
        i++;
        while (i < doc.Length)
        {
            var b = doc[i];
            if (NameChars[b]) { i++; continue; } // one load per byte: names are scanned two or three times per element
            if (b == ':')
            {
                if (colon >= 0) throw Unsupported;
                colon = i - start;
                if (i + 1 >= doc.Length || !IsAsciiNameStart(doc[i + 1])) throw Unsupported;
                i++;
                continue;
            }
            if (b >= 0x80) throw Unsupported; // non-ASCII names: left to XmlReader's full Unicode rules
            break;
        }
        return i;
    }

    /// <summary><see cref="IsAsciiNameChar"/> for every byte value.</summary>
    private static readonly bool[] NameChars = Enumerable.Range(0, 256).Select(b => IsAsciiNameChar((byte)b)).ToArray();

    // ---- character data ----

    private void Text(ReadOnlySpan<byte> doc, int start, int end, TreeBuilder builder, bool decode)
    {
        var raw = doc[start..end];
        if (!decode)
        {
            if (IsSpace(raw[0]) && IsAllSpace(raw))
            {
                if (builder.KeepsWhitespace) builder.Text(Encoding.ASCII.GetString(raw));
                return;
            }
            // ASCII text (titles, ids, dates, names) needs neither the transcoder nor the C1 check.
            if (Ascii.IsValid(raw)) builder.Text(Encoding.Latin1.GetString(raw), mayNeedRepair: false);
            else builder.Text(Str(raw), MayHaveC1(raw));
            return;
        }
        if (raw.IndexOf("]]>"u8) >= 0) throw Unsupported;
        var hasReference = raw.Contains((byte)'&');
        var text = Decode(raw, attribute: false);
        if (!hasReference && IsAllSpace(raw) && !builder.KeepsWhitespace) return;
        builder.Text(text);
    }

    private string AttributeValue(ReadOnlySpan<byte> raw)
    {
        var stop = raw.IndexOfAny(AttributeStops);
        if (stop < 0) return PlainValue(raw);
        if (raw[stop] == '<') throw Unsupported;
        return Decode(raw, attribute: true);
    }

    /// <summary>A value holding none of <see cref="AttributeStops"/>: its bytes are its characters.</summary>
    /// <remarks>Values up to 48 bytes go through the cache: that takes in the xml:base of every entry's content in some feeds
    /// ("http://daringfireball.net/linked/", 33), while most links, which are unique, are longer.</remarks>
    private string PlainValue(ReadOnlySpan<byte> raw) => raw.Length == 0 ? "" : raw.Length <= 48 ? _values.Get(raw) : Str(raw);


    /// <summary>
    /// Decodes a run with references and/or line breaks (predefined entities and character references only) straight
    /// from the bytes into the char buffer, in one pass. Escaped HTML has a reference every few characters, so the common
    /// stretch is short ASCII: 16 bytes are checked and widened at a time (a vector compare, no call per stretch), and
    /// only non-ASCII stretches go through the UTF-8 transcoder. The bytes are valid UTF-8 (checked by the caller).
    /// </summary>
    private string Decode(ReadOnlySpan<byte> raw, bool attribute)
    {
        // UTF-16 never needs more code units than UTF-8 has bytes, references shrink, and a vector store writes at most 16
        // chars past the output position, which never overtakes the input position.
        var needed = raw.Length + 16;
        if (_chars.Length < needed) _chars = new char[Math.Max(needed, _chars.Length * 2)];
        var chars = _chars.AsSpan();
        var stops = attribute ? AttributeStops : TextStops;
        var k = 0;
        var o = 0;
        while (k < raw.Length)
        {
            if (Vector128.IsHardwareAccelerated)
            {
                ref var src = ref MemoryMarshal.GetReference(raw);
                ref var dst = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
                while (k + 16 <= raw.Length)
                {
                    var v = Vector128.LoadUnsafe(ref src, (nuint)k);
                    var special = Vector128.Equals(v, Vector128.Create((byte)'&')) | Vector128.Equals(v, Vector128.Create((byte)'\r'))
                        | Vector128.GreaterThanOrEqual(v, Vector128.Create((byte)0x80));
                    if (attribute)
                        special |= Vector128.Equals(v, Vector128.Create((byte)'\n')) | Vector128.Equals(v, Vector128.Create((byte)'\t'))
                            | Vector128.Equals(v, Vector128.Create((byte)'<'));
                    var (lower, upper) = Vector128.Widen(v);
                    lower.StoreUnsafe(ref dst, (nuint)o);
                    upper.StoreUnsafe(ref dst, (nuint)(o + 8));
                    var mask = special.ExtractMostSignificantBits();
                    if (mask == 0)
                    {
                        k += 16;
                        o += 16;
                        continue;
                    }
                    var plain = BitOperations.TrailingZeroCount(mask);
                    k += plain;
                    o += plain;
                    break;
                }
                if (k >= raw.Length) break;
            }
            var b = raw[k];
            switch (b)
            {
                case (byte)'&':
                    k = Reference(raw, k, chars, ref o) + 1;
                    break;
                case (byte)'\r':
                    if (k + 1 < raw.Length && raw[k + 1] == '\n') k++;
                    chars[o++] = attribute ? ' ' : '\n';
                    k++;
                    break;
                case (byte)'<' when attribute:
                    throw Unsupported;
                case (byte)'\n' or (byte)'\t' when attribute:
                    chars[o++] = ' ';
                    k++;
                    break;
                case < 0x80:
                    chars[o++] = (char)b;
                    k++;
                    break;
                default:
                {
                    // A non-ASCII stretch: transcode up to the next byte that needs attention (the transcoder is vectorized too).
                    var rest = raw[k..];
                    var stop = rest.IndexOfAny(stops);
                    var run = stop < 0 ? rest : rest[..stop];
                    if (Utf8.ToUtf16(run, chars[o..], out var read, out var written, replaceInvalidSequences: false) != OperationStatus.Done) throw Unsupported;
                    k += read;
                    o += written;
                    break;
                }
            }
        }
        return new string(chars[..o]);
    }

    /// <summary>Writes the character of the reference at raw[k] to chars[o]; returns the index of its ';'.</summary>
    private static int Reference(ReadOnlySpan<byte> raw, int k, Span<char> chars, ref int o)
    {
        // Escaped HTML is made of &lt; and &gt;: recognise them without slicing or comparing.
        if (k + 3 < raw.Length && raw[k + 3] == ';' && raw[k + 2] == 't' && raw[k + 1] is (byte)'l' or (byte)'g')
        {
            chars[o++] = raw[k + 1] == 'l' ? '<' : '>';
            return k + 3;
        }
        if (k + 4 < raw.Length && raw[k + 4] == ';' && raw[k + 1] == 'a' && raw[k + 2] == 'm' && raw[k + 3] == 'p')
        {
            chars[o++] = '&';
            return k + 4;
        }
        var rest = raw[(k + 1)..];
        var semi = rest.IndexOf((byte)';');
        if (semi <= 0 || semi > 12) throw Unsupported;
        var name = rest[..semi];
        if (name[0] == '#')
        {
            int cp;
            if (name.Length > 2 && name[1] == 'x')
            {
                if (!int.TryParse(name[2..], System.Globalization.NumberStyles.AllowHexSpecifier, null, out cp)) throw Unsupported;
            }
            else if (name.Length < 2 || !int.TryParse(name[1..], System.Globalization.NumberStyles.None, null, out cp)) throw Unsupported;
            if (!(cp is 0x9 or 0xA or 0xD || cp is >= 0x20 and <= 0xD7FF || cp is >= 0xE000 and <= 0xFFFD || cp is >= 0x10000 and <= 0x10FFFF))
                throw Unsupported;
            if (cp < 0x10000) chars[o++] = (char)cp;
            else
            {
                var r = new Rune(cp);
                r.EncodeToUtf16(chars[o..]);
                o += 2;
            }
        }
        else if (name.SequenceEqual("lt"u8)) chars[o++] = '<';
        else if (name.SequenceEqual("gt"u8)) chars[o++] = '>';
        else if (name.SequenceEqual("amp"u8)) chars[o++] = '&';
        else if (name.SequenceEqual("quot"u8)) chars[o++] = '"';
        else if (name.SequenceEqual("apos"u8)) chars[o++] = '\'';
        else throw Unsupported; // undefined here: XmlReader reports it and the repair path takes over
        return k + 1 + semi;
    }

    /// <summary>
    /// A medium body decoded through the char buffer: one validating pass and a copy, instead of a counting pass and the
    /// transcoder writing into the new string.
    /// </summary>
    private string Transcoded(ReadOnlySpan<byte> raw)
    {
        if (_chars.Length < raw.Length) _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
        if (Utf8.ToUtf16(raw, _chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done) throw Unsupported;
        return new string(_chars, 0, written);
    }

    private string NormalizeNewlines(ReadOnlySpan<byte> raw)
    {
        var needed = Encoding.UTF8.GetMaxCharCount(raw.Length);
        if (_chars.Length < needed) _chars = new char[Math.Max(needed, _chars.Length * 2)];
        if (Utf8.ToUtf16(raw, _chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done) throw Unsupported;
        var o = 0;
        for (var k = 0; k < written; k++)
        {
            var c = _chars[k];
            if (c == '\r')
            {
                if (k + 1 < written && _chars[k + 1] == '\n') k++;
                c = '\n';
            }
            _chars[o++] = c;
        }
        return new string(_chars, 0, o);
    }

    // ---- bytes ----

    /// <summary>C1 controls (U+0080–U+009F, which the builder repairs as mojibake) are C2 80–C2 9F in UTF-8.</summary>
    private static bool MayHaveC1(ReadOnlySpan<byte> raw) => raw.Contains((byte)0xC2);

    /// <summary>Decoded text; the reader gives up on bytes that are not valid UTF-8 (the caller has not checked them).</summary>
    private static string Str(ReadOnlySpan<byte> bytes) => Utf8Text.TryDecode(bytes, out var s) ? s : throw Unsupported;

    private static bool At(ReadOnlySpan<byte> doc, int i, ReadOnlySpan<byte> what) => doc[i..].StartsWith(what);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsAllSpace(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept(" \t\n\r"u8) < 0;

    private static int SkipSpace(ReadOnlySpan<byte> doc, int i)
    {
        while (i < doc.Length && IsSpace(doc[i])) i++;
        return i;
    }

    private static bool IsAsciiNameStart(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == '_';

    private static bool IsAsciiNameChar(byte b) => IsAsciiNameStart(b) || (uint)(b - '0') <= 9 || b is (byte)'-' or (byte)'.';

    /// <summary>
    /// Short attribute values repeat (rel="alternate", type="html") but many are unique (URLs): a small direct-mapped cache
    /// shares the repeated ones without letting the unique ones grow a table (or survive into older GC generations).
    /// </summary>
    private sealed class ValueCache
    {
        private readonly string?[] _slots = new string?[256];

        public string Get(ReadOnlySpan<byte> bytes)
        {
            ref var slot = ref _slots[QuickHash(bytes) & 255];
            // Cached values are ASCII and Ascii.Equals is false for any other byte, so a hit needs no validity check.
            if (slot is { } cached && cached.Length == bytes.Length && Ascii.Equals(bytes, cached)) return cached;
            if (!Ascii.IsValid(bytes)) return Str(bytes);
            return slot = Encoding.ASCII.GetString(bytes);
        }
    }

    /// <summary>
    /// A hash of a short byte string from at most three unaligned 8-byte reads and one multiplication, instead of a
    /// multiply per byte: names and short values are hashed once or twice per element. Equal hashes are always confirmed by
    /// comparing the bytes, so collisions cost a probe, never a wrong result.
    /// </summary>
    internal static int QuickHash(ReadOnlySpan<byte> bytes)
    {
        ulong h;
        ref var b = ref MemoryMarshal.GetReference(bytes);
        var n = bytes.Length;
        if (n >= 8)
        {
            h = Unsafe.ReadUnaligned<ulong>(ref b) ^ BitOperations.RotateLeft(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 8)), 23);
            if (n > 16) h ^= BitOperations.RotateLeft(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n / 2 - 4)), 41);
        }
        else
        {
            h = 0;
            for (var i = 0; i < n; i++) h = (h << 8) | Unsafe.Add(ref b, i);
        }
        h = (h ^ (ulong)n) * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 33);
    }
}
