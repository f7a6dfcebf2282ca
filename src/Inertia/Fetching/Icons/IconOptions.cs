namespace Inertia.Fetching.Icons;

/// <summary>Bound from "Fetching:Icons".</summary>
public sealed class IconOptions
{
    public const string Section = "Fetching:Icons";

    /// <summary>Look for feed icons in the background (where the refresh scheduler runs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest icon accepted; bigger ones are refused, not resized.</summary>
    public long MaxBytes { get; set; } = 256 * 1024;

    /// <summary>Largest site page or web app manifest read while looking for icons.</summary>
    public long MaxPageBytes { get; set; } = 1024 * 1024;

    /// <summary>A found icon is fetched again after this long (sites rarely change theirs).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>After a search that found nothing (or failed), the next try.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the background worker looks for feeds whose icon is due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
