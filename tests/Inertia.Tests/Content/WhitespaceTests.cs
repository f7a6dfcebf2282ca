using System.Text;
using Inertia.Html;

namespace Inertia.Tests.Content;

public sealed class WhitespaceTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("   \n\t ", "")]
    [InlineData("word", "word")]
    [InlineData("  two  words \n", "two words")]
    [InlineData("a\r\n\r\nb\tc", "a b c")]
    [InlineData("安全\u3000漏洞\u00a0公告", "安全 漏洞 公告")] // ideographic space and no-break space are whitespace too
    [InlineData("\u2028line\u2029para\u0085next", "line para next")]
    public void Runs_become_one_space_and_the_ends_none(string text, string expected) =>
        Assert.Equal(expected, Whitespace.Collapse(text));

    [Fact]
    public void Text_already_folded_is_returned_without_a_copy()
    {
        var text = new string("惯性聚合".ToCharArray());
        Assert.Same(text, Whitespace.Collapse(text));
        var spaced = new string("one space between words, 惯性 聚合".ToCharArray());
        Assert.Same(spaced, Whitespace.Collapse(spaced));
        Assert.Equal("one space", Whitespace.Collapse(" one space".AsSpan()));
    }

    [Fact]
    public void Random_text_folds_as_a_character_by_character_pass_does()
    {
        var random = new Random(5);
        var alphabet = "ab 中\t\n\r\u00a0\u3000\u2003x.".ToCharArray();
        for (var round = 0; round < 2000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(Reference(text), Whitespace.Collapse(text));
        }
    }

    // The definition: every char.IsWhiteSpace run between two other characters becomes one space.
    private static string Reference(string text)
    {
        var result = new StringBuilder();
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = result.Length > 0; continue; }
            if (space) { result.Append(' '); space = false; }
            result.Append(c);
        }
        return result.ToString();
    }
}
