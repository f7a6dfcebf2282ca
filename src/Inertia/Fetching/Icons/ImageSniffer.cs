namespace Inertia.Fetching.Icons;

/// <summary>
/// The image type from the first bytes, whatever the server claimed: only raster formats every browser shows.
/// SVG is refused rather than sanitized: it is a document that can carry script and external references, and an
/// icon opened on its own URL would run in Inertia's origin; a correct SVG sanitizer is a large surface for the
/// gain of a 16-pixel icon, and sites that have an SVG icon nearly always have a PNG or ICO one too.
/// </summary>
public static class ImageSniffer
{
    public static string? ContentType(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) return "image/gif";
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        // ICO: reserved 0, type 1, at least one image.
        if (data.Length >= 6 && data.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0]) && (data[4] | data[5]) != 0) return "image/x-icon";
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8) && (data[8..12].SequenceEqual("avif"u8) || data[8..12].SequenceEqual("avis"u8))) return "image/avif";
        if (data.Length >= 14 && data.StartsWith("BM"u8)) return "image/bmp";
        return null;
    }

    /// <summary>Whether the bytes look like SVG (named in the refusal message, so the reason is clear).</summary>
    public static bool LooksLikeSvg(ReadOnlySpan<byte> data)
    {
        var head = System.Text.Encoding.UTF8.GetString(data[..Math.Min(data.Length, 512)]);
        return head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
