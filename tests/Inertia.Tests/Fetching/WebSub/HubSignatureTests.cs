using System.Text;
using Inertia.Feeds;
using Inertia.Fetching.WebSub;

namespace Inertia.Tests.Fetching.WebSub;

public sealed class HubSignatureTests
{
    static readonly byte[] Body = Encoding.UTF8.GetBytes("<feed/>");

    [Theory]
    [InlineData("sha1")]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Accepts_each_algorithm_and_refuses_another_secret_or_body(string method)
    {
        var header = HubSignature.Sign(method, "s3cret", Body);
        Assert.True(HubSignature.IsValid(header, "s3cret", Body));
        Assert.True(HubSignature.IsValid(header.ToUpperInvariant().Replace(method.ToUpperInvariant() + "=", method + "="), "s3cret", Body));
        Assert.False(HubSignature.IsValid(header, "other", Body));
        Assert.False(HubSignature.IsValid(header, "s3cret", Encoding.UTF8.GetBytes("<feed />")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("md5=00ff")]
    [InlineData("sha256=not-hex")]
    [InlineData("=abcd")]
    public void Refuses_malformed_headers(string? header) => Assert.False(HubSignature.IsValid(header, "s3cret", Body));

    [Fact]
    public void Link_header_first_then_the_document_and_the_self_url_is_the_topic()
    {
        var parsed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <link rel="hub" href="https://doc-hub.example/"/><link rel="self" href="https://example.org/self.xml"/></feed>
            """), new FeedParseOptions { DocumentUrl = "https://example.org/feed.xml" });
        Assert.Equal(new HubLinks("https://doc-hub.example/", "https://example.org/self.xml"), HubLinks.Find(parsed, null, "https://example.org/feed.xml"));
        Assert.Equal(new HubLinks("https://header-hub.example/", "https://example.org/self.xml"),
            HubLinks.Find(parsed, "<https://header-hub.example/>; rel=\"hub\"", "https://example.org/feed.xml"));
        Assert.Equal(new HubLinks("https://example.org/hub", "https://example.org/topic"),
            HubLinks.Find(parsed, "</topic>; rel=self, </hub>; rel=\"hub other\"", "https://example.org/feed.xml"));

        var plain = FeedParser.Parse(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>t</title></channel></rss>"),
            new FeedParseOptions { DocumentUrl = "https://example.org/rss" });
        Assert.Null(HubLinks.Find(plain, "<https://example.org/next>; rel=\"next\"", "https://example.org/rss"));
        Assert.Null(HubLinks.Find(plain, "<javascript:alert(1)>; rel=\"hub\"", "https://example.org/rss"));
    }
}
