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
    internal static readonly string Build = typeof(HtmlCleaner).Assembly.ManifestModule.ModuleVersionId.ToString("N")
        + typeof(EntrySource).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <remarks>
    /// Hashed as it goes, field by field: the UTF-8 of the fields joined into one string, without that string. Built
    /// whole, it cost two copies of each entry's summary and content (a builder and its string), ≈ a tenth of what a
    /// cold refresh allocated (docs/benchmarks.md).
    /// </remarks>
    public static string Hash(ParsedEntry e, string baseUrl)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Unit separators keep field boundaries unambiguous; null and "" differ (\u0001 marks null). Each field goes
        // in with its separator in one call.
        void Add(string? value)
        {
            if (value is null) hash.AppendData([0x01, 0x1f]);
            else Append(hash, value);
        }
        void AddNumber(long? value)
        {
            Span<byte> digits = stackalloc byte[21];
            if (value is not { } number || !number.TryFormat(digits, out var written)) hash.AppendData([0x01, 0x1f]);
            else
            {
                digits[written] = 0x1f;
                hash.AppendData(digits[..(written + 1)]);
            }
        }
        Add(Build); Add(baseUrl);
        Add(e.Key); Add(e.Id); Add(e.Url); Add(e.Title); Add(e.Author); Add(e.Summary); Add(e.Content);
        AddNumber(e.Published?.UtcTicks); AddNumber(e.Updated?.UtcTicks);
        Add(e.CommentsUrl); Add(e.ImageUrl);
        foreach (var c in e.Categories) Add(c);
        hash.AppendData([0x1e]);
        foreach (var x in e.Enclosures) { Add(x.Url); Add(x.Type); AddNumber(x.Length); }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The UTF-8 of <paramref name="value"/> and a unit separator.</summary>
    static void Append(IncrementalHash hash, string value)
    {
        if (value.Length <= 256)
        {
            Span<byte> small = stackalloc byte[256 * 3 + 1];
            var length = Encoding.UTF8.GetBytes(value, small);
            small[length] = 0x1f;
            hash.AppendData(small[..(length + 1)]);
            return;
        }
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, bytes);
            bytes[length] = 0x1f;
            hash.AppendData(bytes, 0, length + 1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
