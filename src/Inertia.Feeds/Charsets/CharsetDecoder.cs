using System.Text;
using System.Text.RegularExpressions;

namespace Inertia.Feeds.Charsets;

/// <summary>
/// Bytes → text. Order of trust: byte order mark, then the HTTP charset (RFC 3023: text/* without one means us-ascii),
/// then the XML declaration, then UTF-8, then statistical detection — each fallback is a warning.
/// </summary>
internal static partial class CharsetDecoder
{
    public readonly record struct Result(string Text, string Encoding);

    /// <summary>The charset chosen from BOM, HTTP and declaration (before any byte is decoded), and the BOM's length.</summary>
    public readonly record struct Choice(string Charset, string? Declared, int BomLength);

    public static Result Decode(ReadOnlySpan<byte> bytes, string? contentType, List<string> warnings) =>
        Decode(bytes, Choose(bytes, contentType, warnings), warnings);

    public static Choice Choose(ReadOnlySpan<byte> bytes, string? contentType, List<string> warnings)
    {
        CharsetNames.EnsureRegistered();
        var (bomName, bomLength) = DetectBom(bytes);
        var sniffed = bomName ?? SniffUnicodeWithoutBom(bytes);
        var declared = ReadDeclaredEncoding(bytes, sniffed);
        var (mediaType, httpCharset) = ParseContentType(contentType);

        string? chosen;
        string? declaredName = CharsetNames.Canonical(declared);
        if (bomName is not null)
        {
            chosen = bomName;
        }
        else if (httpCharset is not null && CharsetNames.Canonical(httpCharset) is { } httpName)
        {
            chosen = httpName;
        }
        else if (mediaType is not null && mediaType.StartsWith("text/", StringComparison.Ordinal) && IsXmlMediaType(mediaType))
        {
            chosen = "us-ascii"; // RFC 3023: text/xml without charset is us-ascii, whatever the declaration says
        }
        else
        {
            chosen = sniffed == "ibm037" ? declaredName ?? sniffed : sniffed ?? declaredName ?? "utf-8";
            if (declared is not null && declaredName is null) warnings.Add($"unknown charset '{declared}' in the XML declaration");
            // A document claiming UTF-16 but holding single-byte text: the declaration lies.
            if (sniffed is null && chosen.StartsWith("utf-16", StringComparison.Ordinal)) chosen = "utf-8";
        }
        if (mediaType is not null && !IsXmlMediaType(mediaType) && !mediaType.Contains("json", StringComparison.Ordinal))
            warnings.Add($"served as {mediaType}, not an XML media type");
        return new Choice(chosen, declaredName, bomLength);
    }

    public static Result Decode(ReadOnlySpan<byte> bytes, Choice choice, List<string> warnings)
    {
        var (chosen, declaredName, bomLength) = choice;
        var body = bytes[bomLength..];
        if (TryDecode(body, chosen, out var text)) return new Result(text, chosen);

        warnings.Add($"document is not valid {chosen}");
        foreach (var candidate in Candidates(declaredName, body))
        {
            if (candidate == chosen) continue;
            if (TryDecode(body, candidate, out text))
            {
                warnings.Add($"decoded as {candidate} instead");
                return new Result(text, candidate);
            }
        }
        // Nothing decodes cleanly: the declared charset with replacement characters keeps the most text
        // (e.g. Shift_JIS pages using vendor-specific characters).
        var lossy = declaredName is not null && CharsetNames.Strict(declaredName) is not null ? declaredName : Detect(body) ?? "windows-1252";
        var strict = CharsetNames.Strict(lossy);
        if (strict is null) { lossy = "windows-1252"; strict = CharsetNames.Strict(lossy)!; }
        warnings.Add($"decoded as {lossy} with replacement characters");
        var replacing = (Encoding)strict.Clone();
        replacing.DecoderFallback = DecoderFallback.ReplacementFallback;
        return new Result(replacing.GetString(body), lossy);
    }

    private static IEnumerable<string> Candidates(string? declared, ReadOnlySpan<byte> body)
    {
        var list = new List<string>(4);
        if (declared is not null) list.Add(declared);
        list.Add("utf-8");
        var detected = Detect(body);
        if (detected is not null) list.Add(detected);
        return list;
    }

    /// <summary>Statistical guess (UTF.Unknown), as a canonical name.</summary>
    public static string? Detect(ReadOnlySpan<byte> body)
    {
        var sample = body.Length > 256 * 1024 ? body[..(256 * 1024)] : body;
        var result = UtfUnknown.CharsetDetector.DetectFromBytes(sample.ToArray());
        var name = result.Detected?.EncodingName;
        return name is null ? null : CharsetNames.Canonical(name);
    }

    private static bool TryDecode(ReadOnlySpan<byte> body, string name, out string text)
    {
        text = "";
        var enc = CharsetNames.Strict(name);
        if (enc is null) return false;
        try
        {
            text = enc.GetString(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static (string? Name, int Length) DetectBom(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return ("utf-8", 3);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0])) return ("utf-32le", 4);
        if (b.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF])) return ("utf-32be", 4);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return ("utf-16be", 2);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return ("utf-16le", 2);
        return (null, 0);
    }

    private static string? SniffUnicodeWithoutBom(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4) return null;
        if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0x3C) return "utf-32be";
        if (b[0] == 0x3C && b[1] == 0 && b[2] == 0 && b[3] == 0) return "utf-32le";
        if (b[0] == 0 && b[1] == 0x3C && b[2] == 0 && b[3] == 0x3F) return "utf-16be";
        if (b[0] == 0x3C && b[1] == 0 && b[2] == 0x3F && b[3] == 0) return "utf-16le";
        if (b[0] == 0 && b[1] == 0x3C && b[2] == 0 && b[3] != 0) return "utf-16be";
        if (b[0] == 0x3C && b[1] == 0 && b[2] != 0 && b[3] == 0) return "utf-16le";
        if (b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94) return "ibm037"; // "<?xm" in EBCDIC
        return null;
    }

    [GeneratedRegex(@"^\s*<\?xml[^>]*?encoding\s*=\s*[""']?(?<e>[A-Za-z0-9._:()-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredEncoding();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?(?<e>[A-Za-z0-9._:()-]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    private static string? ReadDeclaredEncoding(ReadOnlySpan<byte> bytes, string? unicode)
    {
        if (unicode is null && SimpleDeclaredEncoding(bytes) is { } simple) return simple;
        var head = bytes.Length > 1024 ? bytes[..1024] : bytes;
        string prefix;
        if (unicode is not null && CharsetNames.Strict(unicode) is { } u)
        {
            try { prefix = new string(u.GetString(head.ToArray()).Where(c => c != '\uFFFD').ToArray()); }
            catch (DecoderFallbackException) { prefix = Encoding.Latin1.GetString(head); }
        }
        else prefix = Encoding.Latin1.GetString(head);
        prefix = prefix.TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', '\u00FE', '\u00FF', '\0');
        var m = DeclaredEncoding().Match(prefix);
        if (!m.Success && unicode is null)
        {
            // HTML served where a feed was expected: browsers honour <meta charset> / http-equiv Content-Type.
            var meta = MetaCharset().Match(prefix);
            if (meta.Success) return meta.Groups["e"].Value;
        }
        if (!m.Success && unicode is null && head.Length >= 4 && head[0] == 0x4C && head[1] == 0x6F)
            m = DeclaredEncoding().Match(Encoding.GetEncoding(37).GetString(head));
        return m.Success ? m.Groups["e"].Value : null;
    }

    /// <summary>
    /// The common case without decoding 1 KB and running the patterns: an ASCII XML declaration at the very start,
    /// e.g. &lt;?xml version="1.0" encoding="UTF-8"?&gt;. Null when the document does not start that way.
    /// </summary>
    private static string? SimpleDeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith("<?xml"u8)) return null;
        var end = bytes[..Math.Min(bytes.Length, 256)].IndexOf("?>"u8);
        if (end < 0) return null;
        var declaration = bytes[..end];
        var at = declaration.IndexOf("encoding"u8);
        if (at < 0) return null;
        var i = at + 8;
        while (i < declaration.Length && declaration[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i >= declaration.Length || declaration[i] != '=') return null;
        i++;
        while (i < declaration.Length && declaration[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i >= declaration.Length || declaration[i] is not ((byte)'"' or (byte)'\'')) return null;
        var close = declaration[(i + 1)..].IndexOf(declaration[i]);
        if (close <= 0) return null;
        var name = declaration.Slice(i + 1, close);
        foreach (var b in name)
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)':' or (byte)'(' or (byte)')' or (byte)'-')) return null;
        return Encoding.ASCII.GetString(name);
    }

    private static (string? MediaType, string? Charset) ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return (null, null);
        var parts = contentType.Split(';');
        var media = parts[0].Trim().ToLowerInvariant();
        string? charset = null;
        for (var i = 1; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=');
            if (eq < 0) continue;
            if (parts[i][..eq].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var v = parts[i][(eq + 1)..].Trim().Trim('"', '\'').Trim();
                if (v.Length > 0) charset = v;
            }
        }
        return (media.Length == 0 ? null : media, charset);
    }

    private static bool IsXmlMediaType(string media) =>
        media.EndsWith("/xml", StringComparison.Ordinal) || media.EndsWith("+xml", StringComparison.Ordinal)
        || media.Contains("xml-", StringComparison.Ordinal) || media is "application/octet-stream";
}
