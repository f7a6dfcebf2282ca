using System.Text.Json;
using Inertia.Feeds.Dates;
using Inertia.Feeds.Mapping;
using Inertia.Feeds.Model;

namespace Inertia.Feeds.Json;

/// <summary>JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).</summary>
internal static class JsonFeedMapper
{
    public static bool LooksLikeJson(string text)
    {
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch == '\uFEFF') continue;
            return ch == '{';
        }
        return false;
    }

    public static void Map(string text, ParsedFeed f, FeedParseOptions options)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            f.Warnings.Add("not valid JSON: " + ex.Message);
            return;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { f.Warnings.Add("JSON document is not an object"); return; }
            var version = Str(root, "version");
            if (version is null || !version.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase))
            {
                if (!root.TryGetProperty("items", out _)) { f.Warnings.Add("JSON document is not a JSON Feed"); return; }
                f.Warnings.Add("JSON Feed without a jsonfeed.org version");
            }
            f.Format = version?.TrimEnd('/').EndsWith("1.1", StringComparison.Ordinal) == true ? "json1.1" : "json1.0";
            var docBase = options.DocumentUrl;
            if (Str(root, "title") is { } title) { f.Texts["title"] = new TextDetail(title); f.Title = title.Trim(); }
            f.SiteUrl = Urls.Resolve(docBase, Str(root, "home_page_url"));
            if (f.SiteUrl is not null) f.Links.Add(new FeedLink(f.SiteUrl, "alternate", "text/html"));
            f.FeedUrl = Urls.Resolve(docBase, Str(root, "feed_url")) ?? docBase;
            if (Str(root, "feed_url") is not null) f.Links.Add(new FeedLink(f.FeedUrl!, "self", "application/feed+json"));
            if (Str(root, "description") is { } desc) { f.Texts["subtitle"] = new TextDetail(desc); f.Description = desc; }
            f.ImageUrl = Urls.Resolve(docBase, Str(root, "icon"));
            f.IconUrl = Urls.Resolve(docBase, Str(root, "favicon"));
            f.Language = Str(root, "language");
            Authors(root, f.Authors);
            if (root.TryGetProperty("hubs", out var hubs) && hubs.ValueKind == JsonValueKind.Array)
                foreach (var h in hubs.EnumerateArray())
                    if (Str(h, "url") is { } hu) { f.HubUrl ??= hu; f.Links.Add(new FeedLink(hu, "hub")); }
            if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object) { f.Warnings.Add("skipped an item that is not an object"); continue; }
                    if (f.Entries.Count >= options.MaxEntries) { f.Warnings.Add($"more than {options.MaxEntries} entries: the rest were dropped"); break; }
                    f.Entries.Add(MapItem(item, f.SiteUrl ?? docBase, f.Language));
                }
            }
            FeedAssembler.FinishFeed(f);
        }
    }

    private static ParsedEntry MapItem(JsonElement item, string? baseUrl, string? language)
    {
        var e = new ParsedEntry { Language = Str(item, "language") ?? language };
        e.Id = item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number ? id.ToString() : null;
        if (Urls.Resolve(baseUrl, Str(item, "url")) is { } url) e.Links.Add(new FeedLink(url, "alternate", "text/html"));
        if (Urls.Resolve(baseUrl, Str(item, "external_url")) is { } ext) e.Links.Add(new FeedLink(ext, "related"));
        if (Str(item, "title") is { } title) e.Texts["title"] = new TextDetail(title);
        if (Str(item, "content_html") is { } html) e.Texts["content"] = new TextDetail(Urls.ResolveInHtml(html, baseUrl), TextConstructs.Html, e.Language, baseUrl);
        else if (Str(item, "content_text") is { } text) e.Texts["content"] = new TextDetail(text, TextConstructs.Plain, e.Language);
        if (Str(item, "summary") is { } summary) e.Texts["summary"] = new TextDetail(summary, TextConstructs.Plain, e.Language);
        e.ImageUrl = Urls.Resolve(baseUrl, Str(item, "image") ?? Str(item, "banner_image"));
        e.Published = DateParser.Parse(Str(item, "date_published"));
        e.Updated = DateParser.Parse(Str(item, "date_modified"));
        Authors(item, e.Authors);
        if (item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
            foreach (var t in tags.EnumerateArray())
                if (t.ValueKind == JsonValueKind.String) Modules.AddCategory(e.Categories, e.Tags, t.GetString()!, null);
        if (item.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in atts.EnumerateArray())
            {
                if (Urls.Resolve(baseUrl, Str(a, "url")) is not { } au) continue;
                long? size = a.TryGetProperty("size_in_bytes", out var sz) && sz.ValueKind == JsonValueKind.Number && sz.TryGetInt64(out var l) ? l : null;
                e.Enclosures.Add(new Enclosure(au, Str(a, "mime_type"), size));
                e.Links.Add(new FeedLink(au, "enclosure", Str(a, "mime_type"), Str(a, "title"), size));
            }
        }
        FeedAssembler.FinishEntry(e);
        return e;
    }

    private static void Authors(JsonElement el, List<Person> into)
    {
        if (el.TryGetProperty("authors", out var arr) && arr.ValueKind == JsonValueKind.Array)
            foreach (var a in arr.EnumerateArray()) AddAuthor(a, into);
        else if (el.TryGetProperty("author", out var one)) AddAuthor(one, into);
    }

    private static void AddAuthor(JsonElement a, List<Person> into)
    {
        if (a.ValueKind != JsonValueKind.Object) return;
        var name = Str(a, "name");
        var url = Str(a, "url");
        if (name is null && url is null) return;
        string? email = null;
        if (url?.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) == true) { email = url[7..]; url = null; }
        into.Add(new Person(name, email, url));
    }

    private static string? Str(JsonElement el, string name) =>
        el.ValueKind == JsonValueKind.Object && el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() is { Length: > 0 } s ? s : null
            : null;
}
