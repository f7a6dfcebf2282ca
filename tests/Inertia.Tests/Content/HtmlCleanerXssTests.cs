using Inertia.Html;
using Inertia.Feeds;

namespace Inertia.Tests.Content;

/// <summary>
/// Attacks on the sanitizer: each vector's output, re-parsed as a browser would, must hold only allowlisted markup and
/// web URLs (<see cref="SafeHtml"/>). Relative URLs are resolved against a base, so every URL left is absolute.
/// </summary>
public sealed class HtmlCleanerXssTests
{
    const string Base = "https://blog.example.org/feed/";
    readonly HtmlCleaner _cleaner = new();

    public static TheoryData<string> Vectors =>
    [
        // script in its casings, with attributes, split and nested
        "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<ScRiPt>alert(1)</sCrIpT>",
        "<script type=\"text/javascript\">alert(1)</script>", "<script\n>alert(1)</script\n>", "<script/xss src=x></script>",
        "</scr<script>ipt>alert(1)</script>", "<scr<script>ipt>alert(1)</scr</script>ipt>", "<<script>script>alert(1)//<</script>/script>",
        "<script>document.write('<img src=x onerror=alert(1)>')</script>", "<scri\0pt>alert(1)</scri\0pt>",
        // event handlers
        "<img src=x onerror=alert(1)>", "<body onload=alert(1)>x", "<p ONCLICK=\"alert(1)\">x</p>", "<img/src=x/onerror=alert(1)>",
        "<a href=\"https://ok.example/\" onmouseover=alert(1)>x</a>", "<img src=x onerror\n=alert(1)>", "<svg/onload=alert(1)>",
        "<details open ontoggle=alert(1)>x</details>", "<video><source onerror=alert(1)></video>", "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        // URL schemes, encoded and split
        "<a href=\"javascript:alert(1)\">x</a>", "<a href=\"JAVASCRIPT:alert(1)\">x</a>", "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>", "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>", "<a href=\"java&#10;script:alert(1)\">x</a>", "<a href=\"java&#13;script:alert(1)\">x</a>",
        "<a href=\" &#14; javascript:alert(1)\">x</a>", "<a href=\"\u0001javascript:alert(1)\">x</a>", "<a href=\"javascript&#0000058alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>", "<a href=\"VBScript:msgbox(1)\">x</a>", "<a href=\"livescript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "<img src=\"data:image/png;base64,AAAA\">",
        "<img src=\"https://ok.example/a.png\" srcset=\"javascript:alert(1) 1x, https://ok.example/b.png 2x\">",
        "<img srcset=\"data:image/svg+xml,<svg onload=alert(1)> 1x\">", "<video poster=\"javascript:alert(1)\"></video>",
        "<blockquote cite=\"javascript:alert(1)\">q</blockquote>", "<a href=\"feed:javascript:alert(1)\">x</a>", "<a href=\"//evil.example/x\">x</a>",
        "<a href=\"\\\\evil.example\\x\">x</a>", "<a href=\"jar:https://evil.example/a.jar!/\">x</a>", "<a href=\"mailto:a@example.org\">m</a>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>", "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>", "<embed src=\"javascript:alert(1)\">", "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<p style=\"x:expression(alert(1))\">x</p>", "<div style=\"background:url(javascript:alert(1))\">x</div>",
        // svg and math namespace tricks
        "<svg><script>alert(1)</script></svg>", "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
        "<math><annotation-xml encoding=\"text/html\"><script>alert(1)</script></annotation-xml></math>",
        "<svg><foreignObject><script>alert(1)</script></foreignObject></svg>", "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
        "<math><style><img src=x onerror=alert(1)></style></math>", "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
        // comments and other declarations
        "<!--<img src=x onerror=alert(1)>-->", "<!-- unclosed <script>alert(1)</script>", "<!--><img src=x onerror=alert(1)>-->",
        "<!---><img src=x onerror=alert(1)>-->", "<![CDATA[<script>alert(1)</script>]]>", "<?xml-stylesheet href=\"javascript:alert(1)\"?>",
        "<!DOCTYPE html><script>alert(1)</script>", "<!--[if IE]><script>alert(1)</script><![endif]-->", "<p>a<!--x--!><img src=x onerror=alert(1)>-->b</p>",
        // raw text confusion
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<template><script>alert(1)</script></template>",
        "<textarea><script>alert(1)</script></textarea>", "<title><script>alert(1)</script></title>", "<xmp><script>alert(1)</script></xmp>",
        "<plaintext><script>alert(1)</script>", "<noembed><img src=x onerror=alert(1)></noembed>", "<noframes><img src=x onerror=alert(1)></noframes>",
        "<style><img src=x onerror=alert(1)></style>", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", "<textarea></textarea><img src=x onerror=alert(1)>",
        "<title></title><img src=x onerror=alert(1)>", "<style></style><a href=\"javascript:alert(1)\">x</a>", "<xmp></xmp><svg onload=alert(1)>",
        "<noscript><style></noscript><img src=x onerror=alert(1)></style>", "<select><template><style><!--</style><a rel=\"--></style></template></select><img src=x onerror=alert(1)>\">",
        // attribute quotes broken from inside and out
        "<img alt=\"a\" onerror=alert(1) x=\"\" src=x>", "<img alt='\"><script>alert(1)</script>'>", "<a title=\"&quot;><script>alert(1)</script>\" href=\"https://ok.example/\">x</a>",
        "<img alt=\"x\"onerror=alert(1)>", "<img alt=``onerror=alert(1)>", "<p title=\"a&#34;b&#39;c\">x</p>", "<img src=\"https://ok.example/a.png\" alt=\"<script>alert(1)</script>\">",
        "<a href='https://ok.example/\"onclick=\"alert(1)'>x</a>", "<img title=\"&amp;quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">",
        // malformed tags
        "<img src=x onerror=alert(1)", "<a href=\"javascript:alert(1)\"", "<<img src=x onerror=alert(1)>", "<p <script>alert(1)</script>>",
        "<a href=https://ok.example/ <script>alert(1)</script>", "<div <img src=x onerror=alert(1)>>", "</p><script>alert(1)</script>",
        "<img src=x onerror=alert(1)//", "<img \"\"\"><script>alert(1)</script>\">", "<a href=\"\0javascript:alert(1)\">x</a>",
        "<img src=\"x\0\" onerror=alert(1)>", "<p>unclosed <b>tags <i>everywhere", "</div></div></body></html><script>alert(1)</script>",
        "<table><tr><td>x</td></tr><script>alert(1)</script></table>", "<table><img src=x onerror=alert(1)></table>", "<a href=\"https://a.example/\"><a href=\"javascript:alert(1)\">x</a></a>",
        "<html><head><script>alert(1)</script></head><body onload=alert(1)><p>x</p></body></html>", "<image src=x onerror=alert(1)>",
        "<isindex action=javascript:alert(1) type=image>", "<frameset onload=alert(1)>", "<marquee onstart=alert(1)>x</marquee>",
        // inline styles: functions, escapes, comments, vendor and layout properties, breaking out of the declaration
        "<p style=\"color:red;background:url(javascript:alert(1))\">x</p>", "<p style=\"width:expr/**/ession(alert(1))\">x</p>",
        "<p style=\"color:\\72 ed;background:\\75 rl(x)\">x</p>", "<p style=\"behavior:url(x.htc);-moz-binding:url(x.xml#x)\">x</p>",
        "<p style=\"position:fixed;top:0;left:0;z-index:99;width:100%;height:100%\">x</p>", "<p style=\"margin-top:-900px\">x</p>",
        "<p style=\"color:red}body{display:none\">x</p>", "<p style=\"font-family:'a;b:url(x)'\">x</p>", "<p style=\"color:red!important\">x</p>",
        "<p style=\"background-image:image-set(url(x) 1x)\">x</p>", "<p style=\"width:calc(100vw);content:attr(title);color:var(--x)\">x</p>",
        "<p style=\"color:red&#59;background&#58;url(https://t.example/p.gif)\">x</p>", "<p style=\"@import 'x.css'; color: red\">x</p>",
        "<p style='font-family:x\"><script>alert(1)</script>'>x</p>", "<object><param name=x value=y><embed src=javascript:alert(1)><script>alert(1)</script>fallback</object>",
        "<iframe src=javascript:alert(1) /><script>alert(1)</script>", "<blink><img src=x onerror=alert(1)></blink>", "<label for=x onclick=alert(1)>x</label>",
        "<meter value=1 onmouseover=alert(1)>x</meter>", "<fieldset form=f><legend onclick=alert(1)>l</legend></fieldset>", "<dialog open>x</dialog>",
    ];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Output_holds_only_allowlisted_markup_and_web_urls(string html)
    {
        var clean = _cleaner.Clean(html, Base)!;
        Assert.Empty(SafeHtml.Violations(clean));
        // Attribute values escape '<' too: no script tag exists in the output even as text inside a value.
        Assert.DoesNotContain("<script", clean, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("</div><p>a<div>b", "<p>a</p><div>b</div>")]
    [InlineData("<ul><li>1<li>2</ul>", "<ul><li>1</li><li>2</li></ul>")]
    [InlineData("<p>x<form><p>hidden</p></form>y", "<p>x</p>y")]
    [InlineData("<b>bold <font color=red>gone</font> kept</b>", "<b>bold  kept</b>")]
    [InlineData("<a href=\"https://a.example/\">1<a href=\"https://b.example/\">2</a>", "<a href=\"https://a.example/\" rel=\"noopener noreferrer\" target=\"_blank\">1</a><a href=\"https://b.example/\" rel=\"noopener noreferrer\" target=\"_blank\">2</a>")]
    [InlineData("<p title=\"a&quot;b\">&lt;tag&gt; &amp;&nbsp;x</p>", "<p title=\"a&quot;b\">&lt;tag&gt; &amp;&nbsp;x</p>")]
    public void Tags_are_balanced_and_text_escaped(string html, string expected) => Assert.Equal(expected, _cleaner.Clean(html));

    [Fact]
    public void Srcset_candidates_are_resolved_and_filtered()
    {
        var clean = _cleaner.Clean("<img src=\"a.png\" srcset=\"a.png 1x, javascript:alert(1) 2x, /b.png 3x\">", Base)!;
        Assert.Contains("srcset=\"https://blog.example.org/feed/a.png 1x, https://blog.example.org/b.png 3x\"", clean);
    }

    [Fact]
    public void Every_html_text_of_the_feed_corpus_comes_out_safe()
    {
        var files = Directory.EnumerateFiles(CorpusRoot(), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && new FileInfo(f).Length is > 0 and < 4 * 1024 * 1024)
            .Where(f => Path.GetExtension(f) is ".xml" or ".rss" or ".atom" or ".rdf" or ".json" or "")
            .Order(StringComparer.Ordinal);
        var checkedTexts = 0;
        var failures = new List<string>();
        foreach (var file in files)
        {
            var feed = FeedParser.Parse(File.ReadAllBytes(file), new FeedParseOptions { DocumentUrl = "https://corpus.example/dir/feed.xml" });
            var texts = feed.Entries.SelectMany(e => new[] { e.Content, e.Summary, e.Title }).Append(feed.Description);
            foreach (var html in texts.Where(t => t is not null && t.Contains('<')))
            {
                checkedTexts++;
                var violations = SafeHtml.Violations(_cleaner.Clean(html, Base)!);
                if (violations.Count > 0) failures.Add($"{Path.GetRelativePath(CorpusRoot(), file)}: {string.Join("; ", violations.Take(3))}");
            }
        }
        Assert.True(checkedTexts > 1000, $"only {checkedTexts} HTML texts found: corpus incomplete?");
        Assert.True(failures.Count == 0, $"{failures.Count} unsafe outputs:\n" + string.Join("\n", failures.Take(20)));
    }

    static string CorpusRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inertia.slnx"))) dir = dir.Parent;
        var corpus = Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "corpus"));
        if (!Directory.Exists(corpus)) throw new InvalidOperationException("feed corpus not found at " + corpus);
        return corpus;
    }
}
