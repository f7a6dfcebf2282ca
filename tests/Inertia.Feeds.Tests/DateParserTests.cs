using Inertia.Feeds.Dates;

namespace Inertia.Feeds.Tests;

public class DateParserTests
{
    [Theory]
    [InlineData("Sun, 24 May 2026 10:00:00 +0800", "2026-05-24T02:00:00Z")]
    [InlineData("24 May 2026 10:00:00 GMT", "2026-05-24T10:00:00Z")]
    [InlineData("Sun, 24 May 26 10:00:00 EST", "2026-05-24T15:00:00Z")]
    [InlineData("Sun, 24 May 2026 10:00 PDT", "2026-05-24T17:00:00Z")]
    [InlineData("Sun, 24 May 2026 10:00:00 GMT+8", "2026-05-24T02:00:00Z")]
    [InlineData("Sunday, 24-May-2026 10:00:00 CST", "2026-05-24T16:00:00Z")]
    [InlineData("2026-05-24T10:00:00Z", "2026-05-24T10:00:00Z")]
    [InlineData("2026-05-24T10:00:00.123+02:00", "2026-05-24T08:00:00.123Z")]
    [InlineData("2026-05-24 10:00:00", "2026-05-24T10:00:00Z")]
    [InlineData("2026-05-24", "2026-05-24T00:00:00Z")]
    [InlineData("20260524T100000Z", "2026-05-24T10:00:00Z")]
    [InlineData("2026年5月24日 10:00", "2026-05-24T02:00:00Z")]
    [InlineData("2026年05月24日", "2026-05-23T16:00:00Z")]
    [InlineData("1779616800", "2026-05-24T10:00:00Z")]
    [InlineData("May 24, 2026 10:00 AM", "2026-05-24T10:00:00Z")]
    [InlineData("2026-05-24T10:00-05:30", "2026-05-24T15:30:00Z")]
    [InlineData("2026-05-24t10:00:00.1234567z", "2026-05-24T10:00:00.1234567Z")]
    [InlineData("2026-05-24T23:59:60Z", "2026-05-25T00:00:00Z")] // leap second: past the RFC 3339 fast path
    [InlineData("2026-05-24T10:00:00.12345678Z", "2026-05-24T10:00:00.1234567Z")] // more than 7 digits: general parser
    public void Parses_to_utc(string input, string expected)
    {
        var d = DateParser.Parse(input);
        Assert.NotNull(d);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), d.Value);
        Assert.Equal(TimeSpan.Zero, d.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a date")]
    [InlineData("Sun, 45 Foo 2026")]
    [InlineData("2026-13-45T99:99:99Z")]
    public void Unparseable_is_null(string input) => Assert.Null(DateParser.Parse(input));
}
