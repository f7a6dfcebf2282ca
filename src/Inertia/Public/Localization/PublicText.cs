using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Inertia.Public.Localization;

/// <summary>
/// The public pages' strings, read from Resources/Public.Localization.PublicText*.resx through IStringLocalizer like
/// the reader's. Keys are the English text, so a missing translation still reads well; the language is the request
/// culture the localization middleware chose (cookie, then Accept-Language).
/// </summary>
public sealed class PublicText(IStringLocalizer<PublicText> localizer)
{
    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>"en" or "zh-CN": the lang attribute of the page.</summary>
    public static string PageLanguage => IsChinese ? "zh-CN" : "en";

    public string this[string english] => localizer[english].Value;

    public string Format(string english, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, this[english], args);

    /// <summary>A catalog language code ("en", "zh-CN") in the reader's language.</summary>
    public string LanguageName(string code) =>
        code.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? this["Chinese"]
        : code.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? this["English"]
        : code.Length == 0 ? this["Other"] : code;

    /// <summary>Catalog categories are stored in English; the shipped ones have translations.</summary>
    public string CategoryName(string category) => category.Length == 0 ? this["Uncategorized"] : this[category];
}
