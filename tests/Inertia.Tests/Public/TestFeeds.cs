namespace Inertia.Tests.Public;

/// <summary>The feeds the loopback server publishes for the public-side tests.</summary>
public static class TestFeeds
{
    public const string EnglishArticleTitle = "Streaming XML parsers, explained";
    public const string ChineseArticleTitle = "惯性聚合的设计笔记";
    public const string PrivateArticleTitle = "Secret diary entry";

    public const string English = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
          <channel>
            <title>Loopback Tech Blog</title>
            <link>https://tech.example.org/</link>
            <description>Notes on parsers, databases and the web.</description>
            <language>en</language>
            <item>
              <title>Streaming XML parsers, explained</title>
              <link>https://tech.example.org/posts/streaming-xml</link>
              <guid>https://tech.example.org/posts/streaming-xml</guid>
              <dc:creator>Ada Lovelace</dc:creator>
              <pubDate>Tue, 24 Nov 2026 09:15:00 GMT</pubDate>
              <description>Why a pull parser keeps memory flat, and how to recover from broken feeds.</description>
              <content:encoded><![CDATA[<p>A <strong>pull parser</strong> reads one node at a time.</p><script>alert('xss')</script><p onclick="steal()">Memory stays flat.</p><img src="https://tech.example.org/diagram.png" alt="diagram">]]></content:encoded>
            </item>
            <item>
              <title>Keyset pagination in SQLite and PostgreSQL</title>
              <link>https://tech.example.org/posts/keyset</link>
              <guid>https://tech.example.org/posts/keyset</guid>
              <pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>
              <description>Row values make it one query in both.</description>
            </item>
            <item>
              <title>Why feeds still matter</title>
              <link>https://tech.example.org/posts/feeds</link>
              <guid>https://tech.example.org/posts/feeds</guid>
              <pubDate>Sun, 22 Nov 2026 07:00:00 GMT</pubDate>
              <description>Your reading, on your terms.</description>
            </item>
          </channel>
        </rss>
        """;

    public const string Chinese = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>惯性测试博客</title>
            <link>https://zh.example.org/</link>
            <description>关于订阅、阅读与工具的中文博客。</description>
            <language>zh-CN</language>
            <item>
              <title>惯性聚合的设计笔记</title>
              <link>https://zh.example.org/posts/design</link>
              <guid>https://zh.example.org/posts/design</guid>
              <dc:creator>李雷</dc:creator>
              <pubDate>Wed, 25 Nov 2026 12:00:00 GMT</pubDate>
              <description><![CDATA[<p>一次抓取，人人可读：订阅源只存一份，<em>阅读状态</em>按用户分开保存。</p>]]></description>
            </item>
            <item>
              <title>用键盘高效阅读</title>
              <link>https://zh.example.org/posts/keyboard</link>
              <guid>https://zh.example.org/posts/keyboard</guid>
              <pubDate>Tue, 24 Nov 2026 12:00:00 GMT</pubDate>
              <description>j/k 翻页，s 加星标。</description>
            </item>
          </channel>
        </rss>
        """;

    public const string Private = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0">
          <channel>
            <title>Private Diary</title>
            <link>https://diary.example.org/</link>
            <description>Not for everyone.</description>
            <item>
              <title>Secret diary entry</title>
              <link>https://diary.example.org/1</link>
              <guid>diary-1</guid>
              <pubDate>Thu, 26 Nov 2026 20:00:00 GMT</pubDate>
              <description>Nobody but me should see this.</description>
            </item>
          </channel>
        </rss>
        """;
}
