using System.Text;

namespace Inertia.Public.Display;

/// <summary>Readable URL slugs: letters and digits of any script (Chinese titles stay Chinese), hyphen-separated.</summary>
public static class Slug
{
    public const int MaxLength = 60;

    public static string From(string? title)
    {
        var builder = new StringBuilder(MaxLength);
        var pendingHyphen = false;
        foreach (var c in (title ?? "").Normalize(NormalizationForm.FormKC))
        {
            if (builder.Length >= MaxLength) break;
            if (char.IsLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0) builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else pendingHyphen = true;
        }
        // A surrogate pair cut in half at the limit would make an invalid string.
        if (builder.Length > 0 && char.IsHighSurrogate(builder[^1])) builder.Length--;
        return builder.ToString();
    }
}
