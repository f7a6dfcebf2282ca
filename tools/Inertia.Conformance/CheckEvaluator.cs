using System.Text.Json;
using AngleSharp;
using AngleSharp.Html.Parser;

namespace Inertia.Conformance;

/// <summary>Evaluates one feedparser check (eq, ne, truthy, falsy, present, absent, len_eq, eq_path, ne_path, exception_type, any_of).</summary>
public static class CheckEvaluator
{
    public readonly record struct Outcome(bool Passed, string? Detail);

    public static Outcome Evaluate(Dictionary<string, object?> view, JsonElement check)
    {
        var op = check.GetProperty("op").GetString();
        if (op == "any_of")
        {
            foreach (var alternative in check.GetProperty("value").EnumerateArray())
                if (alternative.EnumerateArray().All(c => Evaluate(view, c).Passed)) return new(true, null);
            return new(false, "none of the alternatives held");
        }
        var segments = check.GetProperty("segments").EnumerateArray().ToList();
        var found = PathResolver.TryResolve(view, segments, out var actual);
        var path = check.GetProperty("path").GetString();
        var missingAsNull = check.TryGetProperty("missing_as_null", out var man) && man.ValueKind == JsonValueKind.True;
        if (!found && missingAsNull) { found = true; actual = null; }
        switch (op)
        {
            case "absent": return new(!found, found ? $"{path} present: {Show(actual)}" : null);
            case "present": return new(found, found ? null : $"{path} missing");
        }
        if (!found) return new(false, $"{path} missing");
        var expected = check.TryGetProperty("value", out var v) ? v : default;
        switch (op)
        {
            case "truthy": return Result(Truthy(actual), path, actual, "truthy");
            case "falsy": return Result(!Truthy(actual), path, actual, "falsy");
            case "eq" when path == "encoding":
                return Result(actual is string enc && SameCharset(enc, expected.GetString() ?? ""), path, actual, expected.ToString());
            case "eq": return Result(Equal(actual, expected), path, actual, expected.ToString());
            case "ne": return Result(!Equal(actual, expected), path, actual, "not " + expected);
            case "len_eq":
                var len = actual switch { List<object?> l => l.Count, Dictionary<string, object?> d => d.Count, string s => s.Length, _ => -1 };
                return Result(len == expected.GetInt32(), path, len, expected.ToString());
            case "eq_path" or "ne_path":
                var other = check.GetProperty("value_segments").EnumerateArray().ToList();
                if (!PathResolver.TryResolve(view, other, out var otherValue)) return new(false, $"{expected} missing");
                var same = Equal(actual, otherValue);
                return Result(op == "eq_path" ? same : !same, path, actual, Show(otherValue));
            case "exception_type":
                return Result(actual is string name && name == expected.GetString(), path, actual, expected.GetString() ?? "");
        }
        return new(false, $"unknown op {op}");
    }

    /// <summary>Charset names compared case-insensitively through an alias table (the corpus README allows it).</summary>
    private static bool SameCharset(string ours, string theirs)
    {
        static string Canon(string s) => s.Trim().ToLowerInvariant() switch
        {
            "tis-620" or "windows-874" or "cp874" => "windows-874",
            "gb2312" or "gbk" or "gb18030" => "gb18030",
            "shift_jis" or "cp932" or "windows-31j" => "shift_jis",
            "latin-1" or "iso-8859-1" => "iso-8859-1",
            var x => x,
        };
        return Canon(ours) == Canon(theirs);
    }

    private static Outcome Result(bool ok, string? path, object? actual, string expected) =>
        ok ? new(true, null) : new(false, $"{path}: got {Show(actual)}, expected {expected}");

    private static string Show(object? v) => v switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        List<object?> l => "[" + string.Join(", ", l.Select(Show)) + "]",
        Dictionary<string, object?> d => "{" + string.Join(", ", d.Select(kv => kv.Key + ": " + Show(kv.Value))) + "}",
        bool b => b ? "True" : "False",
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        int i => i != 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> l => l.Count > 0,
        Dictionary<string, object?> d => d.Count > 0,
        _ => true,
    };

    private static bool Equal(object? actual, JsonElement expected)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined: return actual is null;
            case JsonValueKind.True: return actual is true;
            case JsonValueKind.False: return actual is false;
            case JsonValueKind.Number:
                var n = expected.GetDouble();
                return actual switch
                {
                    int i => i == n, long l => l == n, double d => Math.Abs(d - n) < 1e-9,
                    bool b => (b ? 1 : 0) == n, _ => false,
                };
            case JsonValueKind.String:
                return actual is string s && StringsEqual(s, expected.GetString()!);
            case JsonValueKind.Array:
                if (actual is not List<object?> list) return false;
                var items = expected.EnumerateArray().ToList();
                if (items.Count != list.Count) return false;
                for (var i = 0; i < items.Count; i++) if (!Equal(list[i], items[i])) return false;
                return true;
            case JsonValueKind.Object:
                if (actual is not Dictionary<string, object?> dict) return false;
                var props = expected.EnumerateObject().ToList();
                if (props.Count != dict.Count) return false;
                foreach (var p in props) if (!dict.TryGetValue(p.Name, out var dv) || !Equal(dv, p.Value)) return false;
                return true;
        }
        return false;
    }

    private static bool Equal(object? a, object? b) => a switch
    {
        null => b is null,
        string s => b is string t && StringsEqual(s, t),
        List<object?> l => b is List<object?> m && l.Count == m.Count && l.Zip(m).All(p => Equal(p.First, p.Second)),
        _ => Equals(a, b),
    };

    private static readonly HtmlParser Parser = new();

    /// <summary>Exact, or equal as HTML once both sides are parsed and re-serialized (the corpus README allows this).</summary>
    public static bool StringsEqual(string actual, string expected)
    {
        if (actual == expected) return true;
        if (actual.IndexOfAny(['<', '&']) < 0 && expected.IndexOfAny(['<', '&']) < 0) return false;
        return NormalizeHtml(actual) == NormalizeHtml(expected);
    }

    /// <summary>The fragment's DOM written canonically: attribute order is not part of a DOM, so attributes are sorted.</summary>
    private static string NormalizeHtml(string html)
    {
        var doc = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var nodes = Parser.ParseFragment(html, doc.Body!);
        var sb = new System.Text.StringBuilder();
        foreach (var n in nodes) Canonical(n, sb);
        return sb.ToString();
    }

    private static void Canonical(AngleSharp.Dom.INode node, System.Text.StringBuilder sb)
    {
        switch (node)
        {
            case AngleSharp.Dom.IElement e:
                sb.Append('<').Append(e.LocalName);
                foreach (var a in e.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
                    sb.Append(' ').Append(a.Name).Append("=\"").Append(a.Value).Append('"');
                sb.Append('>');
                foreach (var c in e.ChildNodes) Canonical(c, sb);
                sb.Append("</").Append(e.LocalName).Append('>');
                break;
            case AngleSharp.Dom.IText t:
                sb.Append(System.Net.WebUtility.HtmlEncode(t.Data));
                break;
            case AngleSharp.Dom.IComment c:
                sb.Append("<!--").Append(c.Data).Append("-->");
                break;
        }
    }
}
