using Inertia.Reader.Auth;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inertia.Reader.Pages.Feeds;

/// <summary>
/// A followed feed's health: last fetch and its status, the error and how many in a row, time since the last
/// success, next check, the fetch log, and entries per week by the entries' own dates.
/// </summary>
public sealed class HealthModel(SubscriptionStore subscriptions, FeedStore feeds, FetchLogStore fetchLog, TimeProvider time) : PageModel
{
    /// <summary>Weeks in the publishing chart.</summary>
    public const int Weeks = 12;

    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public SubscriptionView Subscription { get; private set; } = null!;
    public FeedRecord Feed { get; private set; } = null!;
    public IReadOnlyList<FetchLogEntry> Log { get; private set; } = [];
    public IReadOnlyList<WeekCount> PerWeek { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (await subscriptions.GetAsync(userId, Id, ct) is not { } subscription || await feeds.GetAsync(Id, ct) is not { } feed)
            return NotFound();
        Subscription = subscription;
        Feed = feed;
        Now = time.GetUtcNow();
        Log = await fetchLog.ListAsync(userId, Id, ct);
        PerWeek = await fetchLog.EntriesPerWeekAsync(userId, Id, Weeks, Now, ct);
        return Page();
    }

    /// <summary>"3 d 4 h" style span for "time since the last success".</summary>
    public static string Span(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{Math.Max(0, (int)span.TotalMinutes)} min";

    public static string Bytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} B";
}
