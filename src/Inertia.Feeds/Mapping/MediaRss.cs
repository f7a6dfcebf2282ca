using System.Globalization;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>
/// Media RSS of an entry: every object is kept in <see cref="ParsedEntry.Media"/> (media:group flattened, lists in
/// document order); the first image and every media file also feed the app-facing ImageUrl and Enclosures.
/// </summary>
internal static class MediaRss
{
    public static void Apply(Node c, ParsedEntry e, string? baseUrl)
    {
        switch (c.Name)
        {
            case "content":
                var url = Urls.Resolve(baseUrl, c.Attr("url"));
                if (string.IsNullOrWhiteSpace(url)) url = null;
                var type = c.Attr("type");
                var medium = c.Attr("medium");
                Media(e).Contents.Add(new MediaContent(url, type, medium, Modules.ParseLong(c.Attr("fileSize")))
                {
                    Duration = Double(c.Attr("duration")),
                    Width = Int(c.Attr("width")),
                    Height = Int(c.Attr("height")),
                    Bitrate = Int(c.Attr("bitrate")),
                    Language = c.Attr("lang"),
                    IsDefault = c.Attr("isDefault")?.Trim() == "true",
                    Expression = c.Attr("expression"),
                });
                if (url is not null)
                {
                    if (type?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true || medium == "image") e.ImageUrl ??= url;
                    if (!e.Enclosures.Any(x => x.Url == url)) e.Enclosures.Add(new Enclosure(url, type, Modules.ParseLong(c.Attr("fileSize"))));
                }
                foreach (var sub in c.Elements()) Apply(sub, e, baseUrl);
                break;
            case "thumbnail":
                var thumb = Urls.Resolve(baseUrl, c.Attr("url"));
                if (string.IsNullOrWhiteSpace(thumb)) break;
                e.ImageUrl ??= thumb;
                Media(e).Thumbnails.Add(new MediaThumbnail(thumb, Int(c.Attr("width")), Int(c.Attr("height")), c.Attr("time")));
                break;
            case "group":
                foreach (var sub in c.Elements()) Apply(sub, e, baseUrl);
                break;
            case "description":
                var description = TextConstructs.Rss(c, c.Attr("type") == "html" ? TextConstructs.Html : TextConstructs.Plain, baseUrl);
                e.Texts.TryAdd("media_description", description);
                Media(e).Description ??= description.Value;
                break;
            case "title":
                var mediaTitle = TextConstructs.Rss(c, c.Attr("type") == "html" ? TextConstructs.Html : TextConstructs.Plain, baseUrl);
                e.Texts.TryAdd("media_title", mediaTitle);
                e.Texts.TryAdd("title", mediaTitle);
                Media(e).Title ??= mediaTitle.Value;
                break;
            case "category":
                Modules.AddCategory(e.Categories, e.Tags, c.Text, c.Attr("scheme") ?? "http://search.yahoo.com/mrss/category_schema", c.Attr("label"));
                break;
            case "keywords":
                foreach (var k in c.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Modules.AddCategory(e.Categories, e.Tags, k, null);
                    Media(e).Keywords.Add(k);
                }
                break;
            case "credit":
                var credit = c.Text.Trim();
                if (credit.Length > 0) Media(e).Credits.Add(new MediaCredit(credit, c.Attr("role"), c.Attr("scheme")));
                break;
            case "player":
                var player = Urls.Resolve(baseUrl, c.Attr("url"));
                if (!string.IsNullOrWhiteSpace(player)) Media(e).Player ??= new MediaPlayer(player, Int(c.Attr("width")), Int(c.Attr("height")));
                break;
            case "license":
                Media(e).License ??= new MediaLicense(Empty(c.Text.Trim()), c.Attr("type"), Urls.Resolve(baseUrl, c.Attr("href")));
                break;
            case "restriction":
                Media(e).Restriction ??= new MediaRestriction(c.Attr("relationship"), c.Attr("type"),
                    c.Text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
                break;
            case "rating":
                var rating = c.Text.Trim();
                if (rating.Length > 0) Media(e).Rating ??= new MediaRating(rating, c.Attr("scheme"));
                break;
        }
    }

    private static MediaInfo Media(ParsedEntry e) => e.Media ??= new MediaInfo();

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    private static int? Int(string? s) =>
        int.TryParse(s?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : null;

    private static double? Double(string? s) =>
        double.TryParse(s?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v) ? v : null;
}
