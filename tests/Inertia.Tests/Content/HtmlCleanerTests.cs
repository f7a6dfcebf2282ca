using Inertia.Html;

namespace Inertia.Tests.Content;

public sealed class HtmlCleanerTests
{
    readonly HtmlCleaner _cleaner = new();

    [Fact]
    public void Scripts_styles_frames_and_forms_are_removed_with_their_content()
    {
        var clean = _cleaner.Clean(
            "<p>keep</p><script>alert(1)</script><style>p{color:red}</style><iframe src=\"https://evil.example/\"></iframe>" +
            "<form action=\"https://evil.example/\"><input name=\"q\"><button>go</button></form><object data=\"x.swf\"></object>" +
            "<svg><script>alert(2)</script></svg><math><mi xlink:href=\"javascript:alert(3)\">x</mi></math>")!;
        Assert.Contains("<p>keep</p>", clean);
        foreach (var bad in new[] { "script", "alert", "<style", "color:red", "iframe", "form", "input", "button", "object", "svg", "javascript" })
            Assert.DoesNotContain(bad, clean, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Event_handlers_and_inline_styles_are_dropped()
    {
        var clean = _cleaner.Clean("<img src=\"https://example.org/a.png\" onerror=\"alert(1)\" style=\"position:fixed\"><p onclick=\"x()\" class=\"c\" id=\"main\">t</p>")!;
        Assert.DoesNotContain("onerror", clean);
        Assert.DoesNotContain("onclick", clean);
        Assert.DoesNotContain("style", clean);
        Assert.DoesNotContain("id=", clean);
        Assert.DoesNotContain("class=", clean);
        Assert.Contains("src=\"https://example.org/a.png\"", clean);
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\"  javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">x</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>")]
    [InlineData("<img src=\"javascript:alert(1)\">")]
    [InlineData("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">")]
    public void Dangerous_urls_are_removed(string html)
    {
        var clean = _cleaner.Clean(html)!;
        Assert.DoesNotContain("script", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", clean);
        Assert.DoesNotContain("alert", clean);
    }

    [Fact]
    public void Links_open_in_a_new_tab_without_referrer_or_opener()
    {
        var clean = _cleaner.Clean("<a href=\"https://example.org/post\" target=\"_self\" rel=\"opener\">read</a>")!;
        Assert.Equal("<a href=\"https://example.org/post\" rel=\"noopener noreferrer\" target=\"_blank\">read</a>", clean);
    }

    [Fact]
    public void Images_load_lazily_without_referrer()
    {
        var clean = _cleaner.Clean("<img src=\"https://example.org/a.png\" alt=\"A\" width=\"10\">")!;
        Assert.Contains("loading=\"lazy\"", clean);
        Assert.Contains("referrerpolicy=\"no-referrer\"", clean);
        Assert.Contains("alt=\"A\"", clean);
        Assert.Contains("width=\"10\"", clean);
    }

    [Fact]
    public void Tracking_pixels_are_dropped()
    {
        var clean = _cleaner.Clean("<p>x<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\"><img src=\"https://example.org/real.png\" width=\"1\" height=\"300\"></p>")!;
        Assert.DoesNotContain("t.example", clean);
        Assert.Contains("real.png", clean);
    }

    [Fact]
    public void Relative_urls_are_resolved_against_the_base()
    {
        var clean = _cleaner.Clean("<a href=\"/post/1\">p</a><img src=\"img/a.png\">", "https://blog.example.org/feed/")!;
        Assert.Contains("href=\"https://blog.example.org/post/1\"", clean);
        Assert.Contains("src=\"https://blog.example.org/feed/img/a.png\"", clean);
    }

    [Fact]
    public void Article_markup_survives()
    {
        const string html = "<h2>T</h2><p>a <strong>b</strong> <em>c</em> <code>d</code></p><blockquote>q</blockquote>" +
                            "<pre>x</pre><ul><li>1</li></ul><table><tbody><tr><td>c</td></tr></tbody></table><figure><figcaption>f</figcaption></figure>";
        Assert.Equal(html, _cleaner.Clean(html));
    }

    [Fact]
    public void Media_keeps_controls_and_never_autoplays()
    {
        var clean = _cleaner.Clean("<video src=\"https://example.org/v.mp4\" autoplay></video>")!;
        Assert.DoesNotContain("autoplay", clean);
        Assert.Contains("controls", clean);
    }

    [Fact]
    public void Inline_styles_keep_only_safe_declarations()
    {
        var clean = _cleaner.Clean("<p style=\"color: r&#x65;d; position: absolute; background: url(https://t.example/p.gif)\">a</p><p style=\"z-index: 9\">b</p>");
        Assert.Equal("<p style=\"color: red;\">a</p><p>b</p>", clean);
    }

    [Fact]
    public void Legacy_table_and_image_attributes_survive()
    {
        const string html = "<table border=\"1\" cellpadding=\"2\" cellspacing=\"0\" bgcolor=\"#eeeeee\" frame=\"box\" rules=\"all\" summary=\"s\">" +
                            "<tbody><tr><td nowrap=\"\">x</td></tr></tbody></table><hr size=\"1\" noshade=\"\"><br clear=\"all\">" +
                            "<ol><li value=\"3\" hidden=\"\">c</li></ol>";
        Assert.Equal(html, _cleaner.Clean(html));
        Assert.Contains("hspace=\"4\" vspace=\"2\"", _cleaner.Clean("<img src=\"https://example.org/a.png\" hspace=\"4\" vspace=\"2\">"));
    }

    [Theory]
    [InlineData("<span datasrc=\"#d\" datafld=\"f\" unselectable=\"on\" vrml=\"\">x</span>")]
    [InlineData("<table><tbody><tr><td char=\".\" charoff=\"2\" bordercolor=\"#ccc\">1.5</td></tr></tbody></table>")]
    [InlineData("<img src=\"https://example.org/m.png\" ismap=\"\" usemap=\"#m\">")]
    [InlineData("<fieldset disabled=\"\"><legend method=\"post\" enctype=\"text/plain\">L</legend></fieldset>")]
    [InlineData("<hr color=\"red\">")]
    public void Inert_legacy_attributes_survive(string html)
    {
        var clean = _cleaner.Clean(html)!;
        Assert.Equal(html, clean.Replace(" loading=\"lazy\" referrerpolicy=\"no-referrer\"", ""));
    }

    [Fact]
    public void Attributes_that_act_in_the_reader_page_do_not_survive()
    {
        var clean = _cleaner.Clean("<span id=\"unread-count\" accesskey=\"j\" autofocus contenteditable draggable=\"true\">a</span>" +
                                   "<label for=\"search\">b</label><a href=\"https://example.org/\" ping=\"https://t.example/\" target=\"_self\" rel=\"opener\">c</a>" +
                                   "<table background=\"https://t.example/bg.png\"><tbody><tr><td>d</td></tr></tbody></table>" +
                                   "<img src=\"https://example.org/a.png\" dynsrc=\"https://t.example/v.avi\" lowsrc=\"https://t.example/l.png\" longdesc=\"https://t.example/d\">" +
                                   "<video preload=\"auto\" src=\"https://example.org/v.mp4\"></video>")!;
        foreach (var name in new[] { "id=", "accesskey", "autofocus", "contenteditable", "draggable", "for=", "ping", "_self", "rel=\"opener\"",
                                     "background", "dynsrc", "lowsrc", "longdesc", "preload=\"auto\"", "t.example" })
            Assert.DoesNotContain(name, clean);
        Assert.Contains("<a href=\"https://example.org/\" rel=\"noopener noreferrer\" target=\"_blank\">c</a>", clean);
    }

    [Fact]
    public void Display_only_elements_survive_form_controls_do_not()
    {
        const string html = "<fieldset><legend>L</legend><label>Name</label> <output>42</output> <meter value=\"0.6\" min=\"0\" max=\"1\" low=\"0.2\" high=\"0.8\" optimum=\"0.5\">60%</meter>" +
                            "<progress value=\"3\" max=\"10\">3/10</progress></fieldset><menu><li>m</li></menu><dir><li>d</li></dir>";
        Assert.Equal(html, _cleaner.Clean(html));
        var clean = _cleaner.Clean("<label for=\"reader-search\">x</label><dialog open>d</dialog><noscript>n</noscript><button>b</button>" +
                                   "<select><option>o</option></select><input value=\"v\"><textarea>t</textarea><font color=\"red\">f</font>");
        Assert.Equal("<label>x</label>", clean);
    }

    [Fact]
    public void Object_fallback_and_legacy_effects_keep_their_content()
    {
        var clean = _cleaner.Clean("safe<object data=\"https://example.org/v.swf\"><param name=\"movie\" value=\"v.swf\"><embed src=\"v.swf\">" +
                                   "<a href=\"https://example.org/v\">watch</a></object> <blink>now</blink> <marquee onstart=\"alert(1)\">!</marquee>");
        Assert.Equal("safe<a href=\"https://example.org/v\" rel=\"noopener noreferrer\" target=\"_blank\">watch</a> now !", clean);
    }

    [Theory]
    [InlineData("safe<iframe src=\"https://example.org/\"/> description", "safe description")]
    [InlineData("<script src=\"https://example.org/x.js\"/><p>after</p>", "<p>after</p>")]
    [InlineData("<iframe src=\"https://example.org/\">fallback</iframe>after", "after")]
    [InlineData("<div/>in the div", "<div>in the div</div>")]
    public void A_dropped_element_written_empty_takes_nothing_with_it(string html, string expected) => Assert.Equal(expected, _cleaner.Clean(html));

    [Fact]
    public void Without_reader_attributes_the_same_markup_comes_out()
    {
        const string html = "<p><a href=\"https://example.org/\" target=\"_top\">l</a><img src=\"https://example.org/a.png\" width=\"1\" height=\"1\">" +
                            "<img src=\"https://example.org/b.png\"><video src=\"https://example.org/v.mp4\" autoplay></video></p><script>x</script>";
        var bare = new HtmlCleaner { ReaderAttributes = false }.Clean(html);
        Assert.Equal("<p><a href=\"https://example.org/\">l</a><img src=\"https://example.org/b.png\"><video src=\"https://example.org/v.mp4\"></video></p>", bare);
        Assert.Equal(_cleaner.Clean(html), bare!
            .Replace("\">l", "\" rel=\"noopener noreferrer\" target=\"_blank\">l")
            .Replace("b.png\">", "b.png\" loading=\"lazy\" referrerpolicy=\"no-referrer\">")
            .Replace("v.mp4\">", "v.mp4\" controls=\"\" preload=\"none\">"));
    }

    [Fact]
    public void Plain_text_passes_through()
    {
        Assert.Equal("Tom &amp; Jerry > cats", _cleaner.Clean("  Tom &amp; Jerry > cats "));
    }

    [Fact]
    public void Null_and_blank_input()
    {
        Assert.Null(_cleaner.Clean(null));
        Assert.Equal("", _cleaner.Clean("   "));
    }

    [Fact]
    public void One_instance_is_safe_across_threads()
    {
        const string html = "<p onclick=\"x\">hello <a href=\"https://example.org\">link</a><script>x</script></p>";
        var expected = _cleaner.Clean(html);
        var results = new string?[200];
        Parallel.For(0, results.Length, i => results[i] = _cleaner.Clean(html));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Snippet_is_plain_text_with_blocks_separated()
    {
        var text = HtmlCleaner.Snippet("<p>Hello&nbsp;<b>world</b> &amp; friends</p><p>second</p><script>var x = 1;</script><style>p{}</style>");
        Assert.Equal("Hello world & friends second", text);
    }

    [Fact]
    public void Snippet_is_cut_at_a_word_boundary()
    {
        var text = HtmlCleaner.Snippet("<p>" + string.Join(" ", Enumerable.Repeat("word", 100)) + "</p>", 50);
        Assert.True(text.Length <= 51);
        Assert.EndsWith("word…", text);
    }

    [Fact]
    public void Snippet_cuts_text_without_spaces_at_the_limit()
    {
        var text = HtmlCleaner.Snippet("<p>" + new string('惯', 300) + "</p>", 100);
        Assert.Equal(new string('惯', 100) + "…", text);
    }
}
