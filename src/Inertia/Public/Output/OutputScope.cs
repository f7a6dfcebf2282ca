using System.Globalization;

namespace Inertia.Public.Output;

/// <summary>
/// What an output-feed token exposes: the starred list, one category, one saved search or one tag, stored as "starred" /
/// "category:&lt;id&gt;" / "search:&lt;id&gt;" / "tag:&lt;id&gt;".
/// </summary>
public sealed record OutputScope(long? CategoryId, long? SavedSearchId = null, long? TagId = null)
{
    public static readonly OutputScope Starred = new((long?)null);

    public static OutputScope Category(long id) => new(id);

    public static OutputScope Search(long savedSearchId) => new(null, savedSearchId);

    public static OutputScope Tag(long tagId) => new(null, null, tagId);

    public override string ToString() =>
        CategoryId is { } id ? "category:" + id.ToString(CultureInfo.InvariantCulture)
        : SavedSearchId is { } search ? "search:" + search.ToString(CultureInfo.InvariantCulture)
        : TagId is { } tag ? "tag:" + tag.ToString(CultureInfo.InvariantCulture)
        : "starred";

    public static OutputScope? Parse(string? scope)
    {
        if (scope == "starred") return Starred;
        if (Id(scope, "category:") is { } category) return Category(category);
        if (Id(scope, "search:") is { } search) return Search(search);
        if (Id(scope, "tag:") is { } tag) return Tag(tag);
        return null;
    }

    private static long? Id(string? scope, string prefix) =>
        scope is not null && scope.StartsWith(prefix, StringComparison.Ordinal) &&
        long.TryParse(scope.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
