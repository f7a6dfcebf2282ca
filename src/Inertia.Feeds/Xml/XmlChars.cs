using System.Buffers;

namespace Inertia.Feeds.Xml;

/// <summary>Characters XML 1.0 forbids; found with one vectorized scan instead of the reader's per-character check.</summary>
internal static class XmlChars
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    public static bool HasForbidden(string text) => text.AsSpan().IndexOfAny(Forbidden) >= 0;
}
