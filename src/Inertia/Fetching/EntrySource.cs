using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Inertia.Html;
using Inertia.Feeds.Model;

namespace Inertia.Fetching;

/// <summary>
/// A hash of an entry as the feed sent it (every field the stored entry is made from, the document URL relative
/// links resolve against) and of the build that sanitizes it. Equal hashes mean sanitizing again would store the
/// same entry, so a refresh skips that work for the unchanged majority of a feed's entries.
/// </summary>
internal static class EntrySource
{
    /// <summary>
    /// The sanitizer's rules live in code (Inertia.Html) and so does the rest of the entry's shaping (this assembly):
    /// a new build of either (any change, hence the module version ids) hashes differently, so after an upgrade every
    /// entry is sanitized once more and rewritten only if the result differs.
    /// </summary>
    private static readonly string Build = typeof(HtmlCleaner).Assembly.ManifestModule.ModuleVersionId.ToString("N")
        + typeof(EntrySource).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static string Hash(ParsedEntry e, string baseUrl)
    {
        var text = new StringBuilder(256 + (e.Content?.Length ?? 0) + (e.Summary?.Length ?? 0));
        // Unit separators keep field boundaries unambiguous; null and "" differ (\u0001 marks null).
        void Add(string? value) => text.Append(value ?? "\u0001").Append('\u001f');
        Add(Build); Add(baseUrl);
        Add(e.Key); Add(e.Id); Add(e.Url); Add(e.Title); Add(e.Author); Add(e.Summary); Add(e.Content);
        Add(e.Published?.UtcTicks.ToString()); Add(e.Updated?.UtcTicks.ToString());
        Add(e.CommentsUrl); Add(e.ImageUrl);
        foreach (var c in e.Categories) Add(c);
        text.Append('\u001e');
        foreach (var x in e.Enclosures) { Add(x.Url); Add(x.Type); Add(x.Length?.ToString()); }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text.ToString(), bytes);
            return Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
