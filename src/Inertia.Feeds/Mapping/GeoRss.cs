using System.Globalization;
using Inertia.Feeds.Model;
using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Mapping;

/// <summary>
/// Locations: GeoRSS Simple (georss:point/line/polygon/box), GeoRSS GML (georss:where around gml:Point, LineString,
/// Polygon or Envelope; also a bare gml geometry), and the W3C Basic Geo / ICBM latitude and longitude elements.
/// The first location of an entry wins.
/// </summary>
internal static class GeoRss
{
    private static readonly char[] Separators = [' ', '\t', '\n', '\r', ','];

    /// <summary>Handles georss:* and gml:* elements; geo/icbm lat-long pairs go through <see cref="Point"/>.</summary>
    public static void Apply(Node c, string key, ParsedEntry e)
    {
        if (e.Where is not null) return;
        e.Where = key == "georss" ? Simple(c) : Gml(c);
    }

    private static GeoShape? Simple(Node c)
    {
        switch (c.Name)
        {
            case "point":
                return Positions(c.Text, 2, null, minimum: 1) is [var p] ? new GeoShape("Point", [p]) : null;
            case "line":
                return Positions(c.Text, 2, null, minimum: 2) is { } line ? new GeoShape("LineString", line) : null;
            case "polygon":
                return Positions(c.Text, 2, null, minimum: 4) is { } ring ? new GeoShape("Polygon", ring) : null;
            case "box":
                return Positions(c.Text, 2, null, minimum: 2) is [var lower, var upper] ? new GeoShape("Box", [lower, upper]) : null;
            case "where":
                foreach (var g in c.Elements())
                    if (Gml(g) is { } shape) return shape;
                return null;
            default:
                return null;
        }
    }

    private static GeoShape? Gml(Node g)
    {
        var srs = g.Attr("srsName");
        var dims = int.TryParse(g.Attr("srsDimension"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d is 2 or 3 ? d : 2;
        switch (g.Name)
        {
            case "Point":
                var pos = Child(g, "pos") ?? Child(g, "coordinates");
                return pos is not null && Positions(pos.Text, dims, srs, minimum: 1) is [var p] ? new GeoShape("Point", [p], srs) : null;
            case "LineString":
                var list = Child(g, "posList");
                return list is not null && Positions(list.Text, dims, srs, minimum: 2) is { } line ? new GeoShape("LineString", line, srs) : null;
            case "Polygon":
                var ring = Child(Child(Child(g, "exterior"), "LinearRing"), "posList");
                return ring is not null && Positions(ring.Text, dims, srs, minimum: 4) is { } r ? new GeoShape("Polygon", r, srs) : null;
            case "Envelope":
                var lower = Child(g, "lowerCorner");
                var upper = Child(g, "upperCorner");
                if (lower is null || upper is null) return null;
                return Positions(lower.Text, dims, srs, 1) is [var lo] && Positions(upper.Text, dims, srs, 1) is [var up]
                    ? new GeoShape("Box", [lo, up], srs) : null;
            default:
                return null;
        }
    }

    /// <summary>A W3C Basic Geo (geo:lat, geo:long) or ICBM (icbm:latitude, icbm:longitude) pair as a point.</summary>
    public static GeoShape? Point(string lat, string lon) =>
        Number(lat) is { } la && Number(lon) is { } lo && la is >= -90 and <= 90 && lo is >= -180 and <= 180
            ? new GeoShape("Point", [new[] { la, lo }])
            : null;

    private static Node? Child(Node? n, string name)
    {
        if (n is null) return null;
        foreach (var c in n.Elements()) if (c.Name == name) return c;
        return null;
    }

    private static double? Number(string? s) =>
        double.TryParse(s?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    /// <summary>Whitespace-separated numbers grouped in tuples of <paramref name="dims"/>; null when malformed or too few.</summary>
    private static List<IReadOnlyList<double>>? Positions(string text, int dims, string? srs, int minimum)
    {
        var parts = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Length % dims != 0 || parts.Length / dims < minimum) return null;
        var result = new List<IReadOnlyList<double>>(parts.Length / dims);
        for (var i = 0; i < parts.Length; i += dims)
        {
            var p = new double[dims];
            for (var k = 0; k < dims; k++)
                if (Number(parts[i + k]) is { } v) p[k] = v; else return null;
            result.Add(p);
        }
        return result;
    }
}
