using Inertia.Feeds.Xml;

namespace Inertia.Feeds.Tests;

/// <summary>The fast path's one-pass check for forbidden bytes must find exactly what a byte-by-byte scan finds.</summary>
public class Utf8FastPathTests
{
    private static bool Reference(byte[] b)
    {
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] < 0x20 && b[i] is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) return true;
            if (i + 2 < b.Length && b[i] == 0xEF && b[i + 1] == 0xBF && b[i + 2] is 0xBE or 0xBF) return true;
        }
        return false;
    }

    [Fact]
    public void Forbidden_bytes_and_non_characters_are_found_wherever_they_sit()
    {
        var rng = new Random(20261207);
        // Byte values around every boundary the check draws, so that random documents hit each case.
        byte[] alphabet = [(byte)'a', (byte)'<', (byte)' ', 0x09, 0x0A, 0x0D, 0x00, 0x08, 0x0B, 0x1F, 0x20, 0x7F, 0x80, 0xBE, 0xBF, 0xC0, 0xEE, 0xEF, 0xF0, 0xFF];
        var found = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var length = rng.Next(0, 200);
            var bytes = new byte[length];
            // Mostly plain ASCII with a few special bytes, so that both answers occur often.
            for (var i = 0; i < length; i++) bytes[i] = rng.Next(12) == 0 ? alphabet[rng.Next(alphabet.Length)] : (byte)'x';
            // A non-character sequence placed across the 32-byte block boundaries now and then.
            if (length >= 3 && rng.Next(4) == 0)
            {
                var at = Math.Min(length - 3, rng.Next(2) == 0 ? 29 + rng.Next(4) : rng.Next(length - 2));
                bytes[at] = 0xEF;
                bytes[at + 1] = 0xBF;
                bytes[at + 2] = rng.Next(2) == 0 ? (byte)0xBE : (byte)0xBF;
            }
            var expected = Reference(bytes);
            if (expected) found++;
            Assert.True(expected == Utf8FastPath.HasForbiddenOrNonCharacter(bytes), $"differs on {Convert.ToHexString(bytes)}");
        }
        Assert.InRange(found, 2_000, 18_000);
    }

    [Theory]
    [InlineData("EFBFBE", true)]
    [InlineData("EFBFBF", true)]
    [InlineData("EFBFBD", false)] // U+FFFD is allowed
    [InlineData("EFBF", false)] // truncated: left to the UTF-8 check
    [InlineData("0D0A09", false)]
    [InlineData("0C", true)]
    public void Edge_cases(string hex, bool forbidden)
    {
        // At the start, at the end, and straddling a block boundary of a longer document.
        var part = Convert.FromHexString(hex);
        foreach (var offset in new[] { 0, 30, 31, 64 - part.Length })
        {
            var doc = Enumerable.Repeat((byte)'x', offset).Concat(part).ToArray();
            Assert.Equal(forbidden, Utf8FastPath.HasForbiddenOrNonCharacter(doc));
            var longer = doc.Concat(Enumerable.Repeat((byte)'y', 40)).ToArray();
            Assert.Equal(forbidden, Utf8FastPath.HasForbiddenOrNonCharacter(longer));
        }
    }
}
