namespace Inertia.Feeds.Xml;

/// <summary>Bounds that keep hostile documents from costing unbounded time or memory.</summary>
internal static class ReadLimits
{
    /// <summary>Elements deeper than this are skipped (with a warning): no real feed nests past a few dozen.</summary>
    public const int MaxDepth = 256;

    /// <summary>Characters per document the XML reader accepts (≈ 256 MB of UTF-16).</summary>
    public const long MaxCharacters = 128L * 1024 * 1024;
}
