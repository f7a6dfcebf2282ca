using Inertia.Html;

namespace Inertia.Tests.Content;

/// <summary>The style attribute's allowlist: presentational declarations stay, anything that loads, runs or moves goes.</summary>
public sealed class SafeStyleTests
{
    [Theory]
    [InlineData("color: blue;", "color: blue;")]
    [InlineData("color:#008", "color: #008;")]
    [InlineData("color: rgb(0, 128, 0);", "color: rgb(0, 128, 0);")]
    [InlineData("font-family : Comic Sans MS;", "font-family: Comic Sans MS;")]
    [InlineData("font-family: 'Noto Serif', serif", "font-family: 'Noto Serif', serif;")]
    [InlineData("font-family: 微软雅黑", "font-family: 微软雅黑;")]
    [InlineData("TEXT-INDENT: 0.5in", "TEXT-INDENT: 0.5in;")]
    [InlineData("padding: 0 0 12px 12px", "padding: 0 0 12px 12px;")]
    [InlineData("border: 1px solid rgb(0, 0, 0)", "border: 1px solid rgb(0, 0, 0);")]
    [InlineData("margin: auto; text-align: center", "margin: auto; text-align: center;")]
    public void Presentational_declarations_are_kept(string style, string expected) => Assert.Equal(expected, SafeStyle.Clean(style));

    [Theory]
    // resources and scripts: url(), image-set(), expression(), IE behaviors, XBL bindings, @import
    [InlineData("background: url(javascript:alert(1))")]
    [InlineData("background-image: url(https://tracker.example/p.gif)")]
    [InlineData("background: #fff url(x.png)")]
    [InlineData("background-image: image-set(url(x) 1x)")]
    [InlineData("width: expression(alert(1))")]
    [InlineData("behavior: url(x.htc)")]
    [InlineData("-moz-binding: url(x.xml#xss)")]
    [InlineData("@import 'x.css'")]
    // escapes and comments that rebuild a forbidden word
    [InlineData("width: expr/**/ession(alert(1))")]
    [InlineData("color: \\72 ed")]
    [InlineData("background: \\75 rl(x)")]
    [InlineData("width: 100px\\9")]
    // other functions
    [InlineData("width: calc(100vw)")]
    [InlineData("color: var(--accent)")]
    [InlineData("content: attr(title)")]
    // leaving the entry: positioning, stacking, transforms, negative margins
    [InlineData("position: fixed; top: 0; left: 0; z-index: 9999")]
    [InlineData("transform: translateY(-100px)")]
    [InlineData("margin-top: -900px")]
    [InlineData("text-indent: -9999px")]
    // family properties take keywords only: no fixed backgrounds, no repeated images
    [InlineData("background-attachment: fixed")]
    [InlineData("border-image-source: linear-gradient(red, blue)")]
    // vendor and Office properties
    [InlineData("mso-spacerun: yes")]
    [InlineData("tab-stops: list .5in")]
    // breaking out of the declaration or the attribute
    [InlineData("color: red} body{display:none")]
    [InlineData("font-family: 'a;b:url(x)'")]
    [InlineData("font-family: x\"><script>alert(1)</script>")]
    [InlineData("color: <b>")]
    public void Hostile_declarations_are_dropped(string style) => Assert.Null(SafeStyle.Clean(style));

    [Fact]
    public void Each_declaration_is_judged_alone()
    {
        Assert.Equal("display: block; width: 100%; background-color: black;",
            SafeStyle.Clean("display:block; position:absolute; left:0; top:0; width:100%; z-index:1; background-color:black; background-image:url(http://t.example/i.jpg); background-repeat:repeat;"));
    }

    [Fact]
    public void Important_is_dropped_so_the_reader_stylesheet_wins()
    {
        Assert.Equal("border: none;", SafeStyle.Clean("border: none !important"));
        Assert.Equal("color: red;", SafeStyle.Clean("color: red ! IMPORTANT;"));
    }
}
