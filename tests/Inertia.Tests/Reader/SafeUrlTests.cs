using Inertia.Reader.Display;

namespace Inertia.Tests.Reader;

public sealed class SafeUrlTests
{
    [Theory]
    [InlineData("https://example.org/a?b=1", "https://example.org/a?b=1")]
    [InlineData("http://例子.测试/路径", "http://例子.测试/%E8%B7%AF%E5%BE%84")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("data:text/html,<script>", null)]
    [InlineData("/relative", null)]
    [InlineData("//host/x", null)]
    [InlineData(null, null)]
    public void Only_absolute_http_urls_become_links(string? input, string? expected) =>
        Assert.Equal(expected, SafeUrl.Http(input));

    [Theory]
    [InlineData("/reader/starred", "/reader/starred")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/", "/fallback")]
    [InlineData("/\\evil.example/", "/fallback")]
    [InlineData("/\t/evil.example/", "/fallback")]
    [InlineData("https://evil.example/", "/fallback")]
    [InlineData("reader", "/fallback")]
    [InlineData("", "/fallback")]
    public void Redirects_stay_on_this_site(string input, string expected) =>
        Assert.Equal(expected, SafeUrl.Local(input, "/fallback"));
}
