using System.Xml;

namespace Inertia.Feeds.Xml;

/// <summary>The fast path: a streaming <see cref="XmlReader"/> with DTDs ignored and no resolver (no XXE, no entity bombs).</summary>
internal static class SafeTreeReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = ReadLimits.MaxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Character checking is done once, vectorized, before reading (see XmlChars); the reader's own check halves its speed.
        CheckCharacters = false,
        CloseInput = true,
    };

    /// <summary>Reads the whole document; throws <see cref="XmlException"/> when it is not well-formed.</summary>
    public static Node? Read(string text, ITreeSink sink, string? documentBase, List<string> warnings, string? documentLanguage = null) =>
        Read(new StringReader(text), sink, documentBase, warnings, documentLanguage);

    /// <summary>Same, streaming from any text source (the UTF-8 fast path reads straight from the document's bytes).</summary>
    public static Node? Read(TextReader input, ITreeSink sink, string? documentBase, List<string> warnings, string? documentLanguage = null)
    {
        var builder = new TreeBuilder(sink, documentBase, warnings, documentLanguage);
        using var reader = XmlReader.Create(input, Settings);
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var node = new Node(reader.NamespaceURI, reader.LocalName, reader.Prefix);
                    var empty = reader.IsEmptyElement;
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            if (reader.Prefix == "xmlns" || (reader.Prefix.Length == 0 && reader.LocalName == "xmlns"))
                            {
                                (node.Declarations ??= []).Add(new(reader.Prefix.Length == 0 ? "" : reader.LocalName, reader.Value));
                                continue;
                            }
                            node.AddAttribute(new NodeAttribute(reader.NamespaceURI, reader.LocalName, reader.Value,
                                reader.Prefix.Length == 0 ? null : reader.Prefix));
                        } while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                    var kept = builder.Open(node);
                    if (empty) builder.Close();
                    else if (!kept && builder.Root is not null && builder.Depth == 0)
                        reader.Skip(); // content after the root element
                    break;
                case XmlNodeType.EndElement:
                    builder.Close();
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    builder.Text(reader.Value);
                    break;
                case XmlNodeType.Whitespace:
                    // Indentation between feed elements carries nothing; inside markup content it separates words.
                    if (builder.KeepsWhitespace) builder.Text(reader.Value);
                    break;
            }
        }
        return builder.Root;
    }
}
