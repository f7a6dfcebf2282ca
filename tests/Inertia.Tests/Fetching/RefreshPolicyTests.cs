using Inertia.Fetching;
using Inertia.Fetching.Scheduling;

namespace Inertia.Tests.Fetching;

public sealed class RefreshPolicyTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    readonly RefreshPolicy _policy = new(new FetchingOptions());

    /// <summary>The policy adds 0–10 % per feed so feeds drift apart; assert within that band.</summary>
    static void AssertInterval(TimeSpan expected, DateTimeOffset next) =>
        Assert.InRange(next - Now, expected, expected * 1.1 + TimeSpan.FromSeconds(1));

    static IReadOnlyList<DateTimeOffset> Every(TimeSpan gap, int count, TimeSpan? since = null) =>
        Enumerable.Range(0, count).Select(i => Now - (since ?? TimeSpan.Zero) - gap * i - gap).ToList();

    [Fact]
    public void Daily_publisher_is_checked_about_twice_a_day()
    {
        var next = _policy.AfterSuccess(1, Now, new ScheduleHints { EntryDates = Every(TimeSpan.FromDays(1), 20) });
        AssertInterval(TimeSpan.FromHours(12), next);
    }

    [Fact]
    public void Busy_feed_is_bounded_by_the_minimum()
    {
        var next = _policy.AfterSuccess(2, Now, new ScheduleHints { EntryDates = Every(TimeSpan.FromMinutes(1), 50) });
        AssertInterval(TimeSpan.FromMinutes(5), next);
    }

    [Fact]
    public void Silent_feed_is_bounded_by_the_maximum()
    {
        var next = _policy.AfterSuccess(3, Now, new ScheduleHints { EntryDates = Every(TimeSpan.FromHours(1), 20, since: TimeSpan.FromDays(365)) });
        AssertInterval(TimeSpan.FromHours(24), next);
    }

    [Fact]
    public void Undated_feed_gets_the_default_interval()
    {
        AssertInterval(TimeSpan.FromHours(1), _policy.AfterSuccess(4, Now, new ScheduleHints()));
    }

    [Fact]
    public void Future_dates_are_ignored()
    {
        var dates = new List<DateTimeOffset> { Now.AddYears(5), Now.AddDays(1) };
        AssertInterval(TimeSpan.FromHours(1), _policy.AfterSuccess(5, Now, new ScheduleHints { EntryDates = dates }));
    }

    [Fact]
    public void Publisher_hints_lengthen_but_never_pass_the_maximum()
    {
        var busy = Every(TimeSpan.FromMinutes(1), 50);
        AssertInterval(TimeSpan.FromHours(3), _policy.AfterSuccess(6, Now, new ScheduleHints { EntryDates = busy, Ttl = TimeSpan.FromHours(3) }));
        AssertInterval(TimeSpan.FromHours(1), _policy.AfterSuccess(6, Now, new ScheduleHints { EntryDates = busy, UpdateInterval = TimeSpan.FromHours(1) }));
        AssertInterval(TimeSpan.FromMinutes(30), _policy.AfterSuccess(6, Now, new ScheduleHints { EntryDates = busy, MaxAge = TimeSpan.FromMinutes(30) }));
        AssertInterval(TimeSpan.FromHours(2), _policy.AfterSuccess(6, Now, new ScheduleHints { EntryDates = busy, Expires = Now.AddHours(2) }));
        AssertInterval(TimeSpan.FromHours(24), _policy.AfterSuccess(6, Now, new ScheduleHints { EntryDates = busy, Ttl = TimeSpan.FromDays(30) }));
    }

    [Fact]
    public void Hints_shorter_than_the_publishing_rate_change_nothing()
    {
        var daily = Every(TimeSpan.FromDays(1), 20);
        AssertInterval(TimeSpan.FromHours(12), _policy.AfterSuccess(7, Now, new ScheduleHints { EntryDates = daily, Ttl = TimeSpan.FromMinutes(60), MaxAge = TimeSpan.Zero }));
    }

    [Fact]
    public void Not_modified_stretches_the_previous_interval()
    {
        AssertInterval(TimeSpan.FromMinutes(75), _policy.AfterNotModified(8, Now, Now.AddHours(-1), new ScheduleHints()));
        AssertInterval(TimeSpan.FromHours(24), _policy.AfterNotModified(8, Now, Now.AddDays(-3), new ScheduleHints()));
        AssertInterval(TimeSpan.FromMinutes(5), _policy.AfterNotModified(8, Now, Now.AddSeconds(-10), new ScheduleHints()));
        AssertInterval(TimeSpan.FromHours(4), _policy.AfterNotModified(8, Now, Now.AddMinutes(-10), new ScheduleHints { MaxAge = TimeSpan.FromHours(4) }));
        AssertInterval(TimeSpan.FromMinutes(75), _policy.AfterNotModified(8, Now, null, new ScheduleHints()));
    }

    [Fact]
    public void Failures_back_off_exponentially_up_to_the_maximum()
    {
        AssertInterval(TimeSpan.FromMinutes(5), _policy.AfterFailure(9, Now, 1));
        AssertInterval(TimeSpan.FromMinutes(10), _policy.AfterFailure(9, Now, 2));
        AssertInterval(TimeSpan.FromMinutes(40), _policy.AfterFailure(9, Now, 4));
        AssertInterval(TimeSpan.FromHours(24), _policy.AfterFailure(9, Now, 12));
        AssertInterval(TimeSpan.FromHours(24), _policy.AfterFailure(9, Now, 1000));
    }

    [Fact]
    public void Retry_after_is_honoured_within_its_cap()
    {
        AssertInterval(TimeSpan.FromHours(2), _policy.AfterFailure(10, Now, 1, TimeSpan.FromHours(2)));
        AssertInterval(TimeSpan.FromDays(7), _policy.AfterFailure(10, Now, 1, TimeSpan.FromDays(30)));
        // A Retry-After shorter than the backoff does not shorten it.
        AssertInterval(TimeSpan.FromMinutes(40), _policy.AfterFailure(10, Now, 4, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Configured_bounds_apply()
    {
        var policy = new RefreshPolicy(new FetchingOptions { MinInterval = TimeSpan.FromMinutes(1), MaxInterval = TimeSpan.FromHours(2) });
        AssertInterval(TimeSpan.FromMinutes(1), policy.AfterSuccess(11, Now, new ScheduleHints { EntryDates = Every(TimeSpan.FromSeconds(10), 20) }));
        AssertInterval(TimeSpan.FromHours(2), policy.AfterSuccess(11, Now, new ScheduleHints { EntryDates = Every(TimeSpan.FromDays(1), 20) }));
    }

    [Fact]
    public void Feeds_with_the_same_inputs_spread_out()
    {
        var times = Enumerable.Range(1, 50).Select(id => _policy.AfterSuccess(id, Now, new ScheduleHints())).Distinct().Count();
        Assert.True(times > 40);
    }
}
