using System.Buffers;

namespace Inertia.Html;

/// <summary>
/// Serializes what the sanitizer keeps. Safety rests here: text escapes &amp; &lt; &gt;, every attribute value is
/// double-quoted with &amp; &quot; &lt; &gt; escaped, so no input can open a tag or leave an attribute, and no '&lt;'
/// appears anywhere but at the start of a tag the sanitizer wrote (no markup for a later re-serialization to wake
/// up inside an attribute). U+00A0 is written as &amp;nbsp;, as AngleSharp's formatter does.
/// </summary>
/// <remarks>Writes into a pooled buffer (returned by <see cref="ToStringAndReturn"/>): a builder sized to the input was
/// one more copy of every entry's content per refresh, next to the string it ends as.</remarks>
internal sealed class HtmlWriter(int capacity)
{
    static readonly SearchValues<char> TextSpecial = SearchValues.Create("&<>\u00a0");
    static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("&\"<>\u00a0");

    char[] _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 256));
    int _length;

    public void Text(ReadOnlySpan<char> text) => Escape(text, TextSpecial);

    public void StartTag(string name, List<KeyValuePair<string, string>> attributes)
    {
        Append('<');
        Append(name);
        foreach (var (key, value) in attributes)
        {
            Append(' ');
            Append(key);
            Append("=\"");
            Escape(value, AttributeSpecial);
            Append('"');
        }
        Append('>');
    }

    public void EndTag(string name)
    {
        Append("</");
        Append(name);
        Append('>');
    }

    public void Raw(string markup) => Append(markup);

    void Escape(ReadOnlySpan<char> value, SearchValues<char> special)
    {
        var rest = value;
        for (int i; (i = rest.IndexOfAny(special)) >= 0; rest = rest[(i + 1)..])
        {
            Append(rest[..i]);
            Append(rest[i] switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", _ => "&nbsp;" });
        }
        Append(rest);
    }

    void Append(char c)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = c;
    }

    void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length) Grow(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    /// <summary>What was written, without whitespace at either end; the writer is not used after this.</summary>
    public string ToStringAndReturn()
    {
        var text = new string(_buffer.AsSpan(0, _length).Trim());
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
        return text;
    }
}
