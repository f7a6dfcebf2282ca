namespace Inertia.Fetching.WebSub;

/// <summary>
/// Bound from "Fetching:WebSub". Push is on only when Fetching:PublicUrl is set: a hub must be able to reach the
/// callback, and Inertia cannot know its public address by itself.
/// </summary>
public sealed class WebSubOptions
{
    public const string Section = "Fetching:WebSub";

    /// <summary>Lease asked of the hub (hub.lease_seconds); the hub may grant another one.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromDays(10);

    /// <summary>A request the hub accepted but did not verify within this time is sent again.</summary>
    public TimeSpan VerifyWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the background worker looks for requests to send, renew or retry (a new hub wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
