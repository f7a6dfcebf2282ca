using System.Xml;
using Inertia.Feeds.Charsets;
using Inertia.Feeds.Json;
using Inertia.Feeds.Mapping;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds;

/// <summary>Entry point of the library: bytes (plus what HTTP said) in, <see cref="ParsedFeed"/> out.</summary>
public static class FeedParser
{
    /// <summary>
    /// Parses any supported format, detected from the content. Never throws on bad input: repairs are listed in
    /// <see cref="ParsedFeed.Warnings"/>; a document that is no feed at all gives Format "unknown" and a warning.
    /// </summary>
    public static ParsedFeed Parse(ReadOnlySpan<byte> document, FeedParseOptions? options = null)
    {
        options ??= new FeedParseOptions();
        LastParseTokenized = false;
        var warnings = new List<string>();
        try
        {
            var choice = CharsetDecoder.Choose(document, options.ContentType, warnings);
            var body = document[choice.BomLength..];
            if (choice.Charset == "utf-8" && Utf8FastPath.Eligible(body) && TryReadUtf8(body, options, warnings) is { } fast)
            {
                fast.Encoding = "utf-8";
                return fast;
            }
            var decoded = CharsetDecoder.Decode(document, choice, warnings);
            var feed = ParseText(decoded.Text, options, warnings);
            feed.Encoding = decoded.Encoding;
            return feed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must not take a fetch worker down with it; the warning names it so tests (fuzz, smoke) catch it.
            var failed = new ParsedFeed();
            failed.Warnings.AddRange(warnings);
            failed.Warnings.Add($"{InternalErrorWarning}: {e.GetType().Name}: {e.Message}");
            return failed;
        }
    }

    /// <summary>Prefix of the warning recorded when the parser itself failed (a bug, never expected).</summary>
    public const string InternalErrorWarning = "internal parser error";

    /// <summary>Strict streaming read straight from UTF-8 bytes; null when the document needs the general path.</summary>
    private static unsafe ParsedFeed? TryReadUtf8(ReadOnlySpan<byte> body, FeedParseOptions options, List<string> warnings)
    {
        if (!DisableUtf8Tokenizer && TryTokenizeUtf8(body, options, warnings) is { } tokenized)
            return tokenized.Format == "unknown" ? null : tokenized;
        if (!Utf8FastPath.IsValid(body)) return null; // the tokenizer checked validity itself; XmlReader's stream would replace bad bytes
        fixed (byte* p = body)
        {
            using var stream = new UnmanagedMemoryStream(p, body.Length);
            using var text = new StreamReader(stream, new System.Text.UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false,
                bufferSize: Math.Clamp(body.Length, 256, 16 * 1024)); // small feeds are the common case: do not allocate 48 KB of buffers for them
            var feed = TryRead(text, options, Base(options), warnings, out _);
            if (feed is not null && feed.Format == "rss0.91") MarkNetscape(feed, body.Length > 2048 ? body[..2048] : body);
            return feed is null || feed.Format == "unknown" ? null : feed;
        }
    }

    /// <summary>Set only by tests that compare the tokenizer's results with XmlReader's (per thread: tests run in parallel).</summary>
    [ThreadStatic] internal static bool DisableUtf8Tokenizer;

    /// <summary>Set after each parse on this thread: did the byte-level tokenizer read the document? (for tests)</summary>
    [ThreadStatic] internal static bool LastParseTokenized;

    /// <summary>The byte-level tokenizer (<see cref="Utf8TreeReader"/>); null when it hands the document to XmlReader.</summary>
    private static ParsedFeed? TryTokenizeUtf8(ReadOnlySpan<byte> body, FeedParseOptions options, List<string> warnings)
    {
        var docBase = Base(options);
        var feed = new ParsedFeed();
        var readWarnings = new List<string>(warnings);
        var sink = new XmlFeedSink(feed, docBase, options.MaxEntries);
        var builder = new TreeBuilder(sink, docBase, readWarnings, Language(options));
        try
        {
            if (!Utf8TreeReader.TryRead(body, builder) || builder.Root is null) return null;
            LastParseTokenized = true;
            sink.MapFeedLevel(builder.Root);
        }
        finally
        {
            builder.ReleasePending(); // the tree is not read after this
        }
        feed.Warnings.InsertRange(0, readWarnings);
        return feed;
    }

    private static string? Base(FeedParseOptions options) =>
        string.IsNullOrWhiteSpace(options.DocumentUrl) ? null : options.DocumentUrl.Trim();

    /// <summary>Netscape's RSS 0.91 differs from UserLand's; only its DOCTYPE tells them apart.</summary>
    private static void MarkNetscape(ParsedFeed feed, ReadOnlySpan<byte> head)
    {
        if (head.IndexOf("//DTD RSS 0.91//EN"u8) >= 0 && head.IndexOf("Netscape"u8) >= 0) feed.Extras["rss091_variant"] = "netscape";
    }

    private static ParsedFeed ParseText(string text, FeedParseOptions options, List<string> decodeWarnings)
    {
        var docBase = string.IsNullOrWhiteSpace(options.DocumentUrl) ? null : options.DocumentUrl.Trim();
        if (JsonFeedMapper.LooksLikeJson(text))
        {
            var jf = new ParsedFeed();
            jf.Warnings.AddRange(decodeWarnings);
            JsonFeedMapper.Map(text, jf, options);
            if (jf.Format == "unknown" && !jf.Warnings.Any(w => w.Contains("not a feed"))) jf.Warnings.Add("not a feed: no known format recognised");
            return jf;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            var empty = new ParsedFeed();
            empty.Warnings.AddRange(decodeWarnings);
            empty.Warnings.Add("empty document");
            return empty;
        }

        // 1. Strict and streaming. Documents declaring their own plain entities are expanded first (still well-formed).
        var strictText = XmlRepair.ExpandDeclaredEntities(text) ?? text;
        Exception? error = new XmlException("characters not allowed in XML");
        var feed = XmlChars.HasForbidden(strictText) ? null : TryRead(strictText, options, docBase, decodeWarnings, lenient: false, out error);
        if (feed is null)
        {
            // 2. Text repairs, then strict again; 3. the lenient tokenizer.
            var warnings = new List<string>(decodeWarnings) { $"not well-formed XML ({Describe(error)})" };
            var repaired = XmlRepair.Repair(text, warnings);
            feed = TryRead(repaired, options, docBase, warnings, lenient: false, out _)
                ?? TryRead(repaired, options, docBase, warnings, lenient: true, out _)
                ?? NotAFeed(warnings);
        }
        if (feed.Format == "rss0.91")
            MarkNetscape(feed, System.Text.Encoding.UTF8.GetBytes(text[..Math.Min(text.Length, 2048)]));
        if (feed.Format == "unknown" && !feed.Warnings.Any(w => w.StartsWith("not a feed", StringComparison.Ordinal)))
            feed.Warnings.Add("not a feed: the root element is not rss, rdf:RDF or feed");
        return feed;
    }

    private static string? Language(FeedParseOptions o) =>
        string.IsNullOrWhiteSpace(o.ContentLanguage) ? null : o.ContentLanguage.Split(',')[0].Trim();

    private static string Describe(Exception? e) => e switch
    {
        XmlException x => $"line {x.LineNumber}, position {x.LinePosition}: {x.Message}",
        null => "unknown error",
        _ => e.Message,
    };

    private static ParsedFeed NotAFeed(List<string> warnings)
    {
        var f = new ParsedFeed();
        f.Warnings.AddRange(warnings);
        f.Warnings.Add("not a feed: nothing readable");
        return f;
    }

    private static ParsedFeed? TryRead(string text, FeedParseOptions options, string? docBase, List<string> warnings, bool lenient, out Exception? error) =>
        TryRead((sink, w) => lenient
            ? LenientTreeReader.Read(text, sink, docBase, w, Language(options))
            : SafeTreeReader.Read(text, sink, docBase, w, Language(options)), options, docBase, warnings, lenient, out error);

    private static ParsedFeed? TryRead(TextReader input, FeedParseOptions options, string? docBase, List<string> warnings, out Exception? error) =>
        TryRead((sink, w) => SafeTreeReader.Read(input, sink, docBase, w, Language(options)), options, docBase, warnings, false, out error);

    private static ParsedFeed? TryRead(Func<ITreeSink, List<string>, Node?> read, FeedParseOptions options, string? docBase,
        List<string> warnings, bool lenient, out Exception? error)
    {
        error = null;
        var feed = new ParsedFeed();
        var readWarnings = new List<string>(warnings);
        var sink = new XmlFeedSink(feed, docBase, options.MaxEntries);
        Node? root;
        try
        {
            root = read(sink, readWarnings);
        }
        catch (XmlException e) { error = e; return null; }
        catch (InvalidOperationException e) when (!lenient) { error = e; return null; }
        catch (ArgumentException e) when (!lenient) { error = e; return null; }
        if (root is null)
        {
            if (!lenient) { error = new XmlException("no root element"); return null; }
            return null;
        }
        sink.MapFeedLevel(root);
        feed.Warnings.InsertRange(0, readWarnings);
        return feed;
    }
}
