using System.Buffers;

namespace Inertia.Html;

/// <summary>
/// Serializes what the sanitizer keeps. Safety rests here: text escapes &amp; &lt; &gt;, every attribute value is
/// double-quoted with &amp; &quot; &lt; &gt; escaped, so no input can open a tag or leave an attribute, and no '&lt;'
/// appears anywhere but at the start of a tag the sanitizer wrote (no markup for a later re-serialization to wake
/// up inside an attribute). U+00A0 is written as &amp;nbsp;, as AngleSharp's formatter does.
/// </summary>
/// <remarks>
/// Writes into a pooled buffer (<see cref="PooledChars"/>, returned by <see cref="ToStringAndReturn"/>): a builder
/// sized to the input was one more copy of every entry's content per refresh, next to the string it ends as.
/// </remarks>
internal sealed class HtmlWriter(int capacity)
{
    static readonly SearchValues<char> TextSpecial = SearchValues.Create("&<>\u00a0");
    static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("&\"<>\u00a0");

    PooledChars _out = new(Math.Max(capacity, 256));

    public void Text(ReadOnlySpan<char> text) => Escape(text, TextSpecial);

    public void StartTag(string name, List<KeyValuePair<string, string>> attributes)
    {
        _out.Append('<');
        _out.Append(name);
        foreach (var (key, value) in attributes)
        {
            _out.Append(' ');
            _out.Append(key);
            _out.Append("=\"");
            Escape(value, AttributeSpecial);
            _out.Append('"');
        }
        _out.Append('>');
    }

    public void EndTag(string name)
    {
        _out.Append("</");
        _out.Append(name);
        _out.Append('>');
    }

    public void Raw(string markup) => _out.Append(markup);

    void Escape(ReadOnlySpan<char> value, SearchValues<char> special)
    {
        var rest = value;
        for (int i; (i = rest.IndexOfAny(special)) >= 0; rest = rest[(i + 1)..])
        {
            _out.Append(rest[..i]);
            _out.Append(rest[i] switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", _ => "&nbsp;" });
        }
        _out.Append(rest);
    }

    /// <summary>What was written, without whitespace at either end; the writer is not used after this.</summary>
    public string ToStringAndReturn()
    {
        var text = new string(_out.Written.Trim());
        _out.Dispose();
        return text;
    }
}
