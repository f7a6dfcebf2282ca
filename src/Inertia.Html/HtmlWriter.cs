using System.Buffers;
using System.Text;

namespace Inertia.Html;

/// <summary>
/// Serializes what the sanitizer keeps. Safety rests here: text escapes &amp; &lt; &gt;, every attribute value is
/// double-quoted with &amp; &quot; &lt; &gt; escaped, so no input can open a tag or leave an attribute, and no '&lt;'
/// appears anywhere but at the start of a tag the sanitizer wrote (no markup for a later re-serialization to wake
/// up inside an attribute). U+00A0 is written as &amp;nbsp;, as AngleSharp's formatter does.
/// </summary>
internal sealed class HtmlWriter(int capacity)
{
    static readonly SearchValues<char> TextSpecial = SearchValues.Create("&<>\u00a0");
    static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("&\"<>\u00a0");

    readonly StringBuilder _out = new(capacity);

    public void Text(ReadOnlySpan<char> text) => Escape(text, TextSpecial);

    public void StartTag(string name, List<KeyValuePair<string, string>> attributes)
    {
        _out.Append('<').Append(name);
        foreach (var (key, value) in attributes)
        {
            _out.Append(' ').Append(key).Append("=\"");
            Escape(value, AttributeSpecial);
            _out.Append('"');
        }
        _out.Append('>');
    }

    public void EndTag(string name) => _out.Append("</").Append(name).Append('>');

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

    public override string ToString() => _out.ToString();
}
