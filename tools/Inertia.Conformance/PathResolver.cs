using System.Text.Json;

namespace Inertia.Conformance;

/// <summary>Walks feedparser paths (segments) through a <see cref="FeedparserView"/>, applying feedparser's legacy aliases.</summary>
public static class PathResolver
{
    private static readonly Dictionary<string, string> Common = new()
    {
        ["channel"] = "feed", ["items"] = "entries", ["guid"] = "id", ["date"] = "updated", ["modified"] = "updated",
        ["issued"] = "published", ["copyright"] = "rights", ["tagline"] = "subtitle", ["url"] = "href",
    };

    public static bool TryResolve(object? root, IReadOnlyList<JsonElement> segments, out object? value)
    {
        value = root;
        var context = "root";
        foreach (var seg in segments)
        {
            if (seg.ValueKind == JsonValueKind.Number)
            {
                if (value is not List<object?> list) return false;
                var i = seg.GetInt32();
                if (i < 0) i += list.Count;
                if (i < 0 || i >= list.Count) return false;
                value = list[i];
                if (context == "entries") context = "entry";
                continue;
            }
            var key = seg.GetString()!;
            if (value is not Dictionary<string, object?> dict) return false;
            if (!TryKey(dict, key, context, out value)) return false;
            context = Alias(key, context) switch
            {
                "feed" => "feed",
                "entries" => "entries",
                "source" => "feed",
                _ => "other",
            };
        }
        return true;
    }

    private static string Alias(string key, string context)
    {
        if (Common.TryGetValue(key, out var a)) return a;
        if (key == "description") return context == "feed" ? "subtitle" : "summary";
        return key;
    }

    private static bool TryKey(Dictionary<string, object?> dict, string key, string context, out object? value)
    {
        if (dict.TryGetValue(key, out value)) return true;
        if (key == "category" && dict.TryGetValue("tags", out var tags) && tags is List<object?> { Count: > 0 } tl
            && tl[0] is Dictionary<string, object?> t0 && t0.TryGetValue("term", out value)) return true;
        foreach (var suffix in new[] { "_detail", "_parsed", "" })
        {
            if (suffix.Length > 0 && !key.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var stem = suffix.Length > 0 ? key[..^suffix.Length] : key;
            var aliased = Alias(stem, context);
            if (aliased != stem && dict.TryGetValue(aliased + suffix, out value)) return true;
        }
        value = null;
        return false;
    }
}
