namespace Inertia.Feeds.Model;

/// <summary>
/// A GeoRSS location (simple georss:point/line/polygon/box, GML inside georss:where, or W3C geo:lat/long). Coordinates
/// are in the document's axis order: for the default WGS84 (no srsName, or an EPSG geographic one) that is
/// latitude, longitude[, elevation], and <see cref="IsGeographic"/> is true. Type is Point, LineString, Polygon (its
/// exterior ring, closed) or Box (lower corner, upper corner).
/// </summary>
public sealed record GeoShape(string Type, IReadOnlyList<IReadOnlyList<double>> Coordinates, string? SrsName = null)
{
    public bool IsGeographic => GeoSrs.IsLatitudeFirst(SrsName);
}

internal static class GeoSrs
{
    // Geographic reference systems whose axis order is latitude first (CRS84 is longitude first: not listed).
    private static readonly string[] LatitudeFirst = ["4326", "4979", "4258", "4269", "4267", "4283", "4617"];

    public static bool IsLatitudeFirst(string? srs)
    {
        if (string.IsNullOrWhiteSpace(srs)) return true;
        if (!srs.Contains("EPSG", StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var code in LatitudeFirst)
            if (srs.EndsWith(":" + code, StringComparison.Ordinal) || srs.EndsWith("#" + code, StringComparison.Ordinal) || srs.EndsWith("/" + code, StringComparison.Ordinal))
                return true;
        return false;
    }
}
