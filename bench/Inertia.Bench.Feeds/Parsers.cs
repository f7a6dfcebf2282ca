using System.ServiceModel.Syndication;
using System.Xml;
using Inertia.Feeds;

namespace Inertia.Bench.Feeds;

/// <summary>The three parsers, each doing the same job: bytes in, entries (with titles and content) out.</summary>
public static class Parsers
{
    public static int Inertia(byte[] bytes) => FeedParser.Parse(bytes).Entries.Count;

    /// <summary>SyndicationFeed needs an XmlReader; it reads RSS 2.0 and Atom 1.0 only and throws on anything else.</summary>
    public static int Syndication(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return SyndicationFeed.Load(reader).Items.Count();
    }

    public static int CodeHollow(byte[] bytes) => global::CodeHollow.FeedReader.FeedReader.ReadFromByteArray(bytes).Items.Count;
}
