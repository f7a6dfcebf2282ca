using System.Globalization;

namespace Inertia.Public.Output;

/// <summary>What an output-feed token exposes: the starred list or one category, stored as "starred" / "category:&lt;id&gt;".</summary>
public sealed record OutputScope(long? CategoryId)
{
    public static readonly OutputScope Starred = new((long?)null);

    public static OutputScope Category(long id) => new(id);

    public override string ToString() =>
        CategoryId is { } id ? "category:" + id.ToString(CultureInfo.InvariantCulture) : "starred";

    public static OutputScope? Parse(string? scope)
    {
        if (scope == "starred") return Starred;
        return scope is not null && scope.StartsWith("category:", StringComparison.Ordinal) &&
               long.TryParse(scope.AsSpan("category:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? Category(id)
            : null;
    }
}
