namespace Inertia.Reader.Localization;

/// <summary>
/// Marker for the reader's strings: IStringLocalizer&lt;ReaderText&gt; reads Resources/Reader.Localization.ReaderText*.resx.
/// Keys are the English text, so a missing translation still reads well.
/// </summary>
public sealed class ReaderText;
