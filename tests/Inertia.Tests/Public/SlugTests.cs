using Inertia.Public.Display;

namespace Inertia.Tests.Public;

public class SlugTests
{
    [Theory]
    [InlineData("Hello, World!", "hello-world")]
    [InlineData("  C# 14 & .NET 10 — what's new?  ", "c-14-net-10-what-s-new")]
    [InlineData("阮一峰的网络日志：科技爱好者周刊", "阮一峰的网络日志-科技爱好者周刊")]
    [InlineData("!!!", "")]
    [InlineData(null, "")]
    public void Slugs_keep_letters_and_digits_of_any_script(string? title, string expected) =>
        Assert.Equal(expected, Slug.From(title));

    [Fact]
    public void Slugs_are_bounded_and_never_split_a_surrogate_pair()
    {
        var slug = Slug.From(new string('a', 59) + "𠀀𠀀");
        Assert.True(slug.Length <= Slug.MaxLength);
        Assert.False(char.IsHighSurrogate(slug[^1]));
    }
}
