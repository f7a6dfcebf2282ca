using Inertia.Feeds.Model;

namespace Inertia.Feeds.Mapping;

/// <summary>Derives the app-facing fields (Title, Summary, Url, Key, …) from the detailed ones, the same for every format.</summary>
internal static class FeedAssembler
{
    public static void FinishFeed(ParsedFeed f)
    {
        if (f.Texts.TryGetValue("title", out var t)) f.Title = TextConstructs.ToPlain(t);
        if (f.Texts.TryGetValue("subtitle", out var s)) f.Description = TextConstructs.ToPlain(s);
        if (f.Texts.TryGetValue("rights", out var r)) f.Rights = TextConstructs.ToPlain(r);
        f.UpdateInterval ??= UpdateInterval(f);
        if (f.Podcast?.IsEmpty == true) f.Podcast = null;
    }

    private static TimeSpan? UpdateInterval(ParsedFeed f)
    {
        if (!f.Extras.TryGetValue("sy_updateperiod", out var period)) return null;
        var unit = period.Trim().ToLowerInvariant() switch
        {
            "hourly" => TimeSpan.FromHours(1),
            "daily" => TimeSpan.FromDays(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => (TimeSpan?)null,
        };
        if (unit is null) return null;
        var freq = f.Extras.TryGetValue("sy_updatefrequency", out var fs) && int.TryParse(fs.Trim(), out var n) && n > 0 ? n : 1;
        return unit.Value / freq;
    }

    public static void FinishEntry(ParsedEntry e)
    {
        if (e.Texts.TryGetValue("title", out var t)) e.Title = TextConstructs.ToPlain(t);
        else if (e.Texts.TryGetValue("media_title", out var mt)) e.Title = TextConstructs.ToPlain(mt);
        if (e.Texts.TryGetValue("summary", out var s)) e.Summary = TextConstructs.ToHtml(s);
        else if (e.Texts.TryGetValue("media_description", out var md)) e.Summary = TextConstructs.ToHtml(md);
        if (e.Texts.TryGetValue("content", out var c)) e.Content = TextConstructs.ToHtml(c);
        // Loops rather than LINQ: this runs once per entry, and the iterators and delegates were most of its allocations.
        if (e.Url is null)
            foreach (var l in e.Links)
                if (l.Rel == "alternate") { e.Url = l.Href; break; }
        if (e.Author is null)
            foreach (var a in e.Authors)
                if (People.Display(a) is { Length: > 0 } shown) { e.Author = shown; break; }
        e.Updated ??= null;
        if (string.IsNullOrEmpty(e.Id)) e.Id = null;
        if (e.Media?.IsEmpty == true) e.Media = null;
        if (e.Podcast?.IsEmpty == true) e.Podcast = null;
        if (e.Where is null && (e.Extras.TryGetValue("geo_lat", out var lat) || e.Extras.TryGetValue("icbm_latitude", out lat))
            && (e.Extras.TryGetValue("geo_long", out var lon) || e.Extras.TryGetValue("icbm_longitude", out lon)))
            e.Where = GeoRss.Point(lat, lon);
        e.Key = EntryKeys.For(e);
    }
}
