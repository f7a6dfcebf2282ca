using System.Text;

namespace Inertia.Feeds.Tests;

/// <summary>Media RSS lists, GeoRSS, Podlove chapters, the Podcasting 2.0 namespace and CDF.</summary>
public class ModuleTests
{
    private static Model.ParsedFeed Parse(string xml) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), new FeedParseOptions { DocumentUrl = "https://example.org/feed" });

    [Fact]
    public void Media_group_keeps_every_content_thumbnail_and_credit()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>
            <item><title>Video</title><guid>v1</guid>
              <media:group>
                <media:content url="https://cdn.example/v-720.mp4" type="video/mp4" medium="video" fileSize="1000" duration="61.5" width="1280" height="720" isDefault="true"/>
                <media:content url="/v-360.mp4" type="video/mp4" width="640" height="360"/>
                <media:thumbnail url="https://cdn.example/t1.jpg" width="120" height="90" time="00:00:01"/>
                <media:thumbnail url="https://cdn.example/t2.jpg"/>
                <media:title>Media title</media:title>
                <media:description>What it shows</media:description>
                <media:credit role="director" scheme="urn:ebu">Ann</media:credit>
                <media:credit role="editor">Bob</media:credit>
                <media:player url="https://example.org/player?id=1" width="400" height="300"/>
                <media:license type="text/html" href="https://creativecommons.org/licenses/by/4.0/">CC BY</media:license>
                <media:restriction relationship="allow" type="country">fr de</media:restriction>
                <media:rating scheme="urn:simple">nonadult</media:rating>
                <media:keywords>one, two</media:keywords>
              </media:group>
            </item></channel></rss>
            """);
        var e = Assert.Single(feed.Entries);
        var m = e.Media!;
        Assert.Equal(["https://cdn.example/v-720.mp4", "https://example.org/v-360.mp4"], m.Contents.Select(c => c.Url));
        Assert.Equal(61.5, m.Contents[0].Duration);
        Assert.Equal((1280, 720), (m.Contents[0].Width!.Value, m.Contents[0].Height!.Value));
        Assert.True(m.Contents[0].IsDefault);
        Assert.Equal(["https://cdn.example/t1.jpg", "https://cdn.example/t2.jpg"], m.Thumbnails.Select(t => t.Url));
        Assert.Equal("00:00:01", m.Thumbnails[0].Time);
        Assert.Equal([("Ann", "director"), ("Bob", "editor")], m.Credits.Select(c => (c.Name, c.Role!)));
        Assert.Equal("Media title", m.Title);
        Assert.Equal("What it shows", m.Description);
        Assert.Equal("https://example.org/player?id=1", m.Player!.Url);
        Assert.Equal("CC BY", m.License!.Text);
        Assert.Equal(["fr", "de"], m.Restriction!.Values);
        Assert.Equal("nonadult", m.Rating!.Value);
        Assert.Equal(["one", "two"], m.Keywords);
        // The app-facing fields still come from the media objects.
        Assert.Equal("https://cdn.example/t1.jpg", e.ImageUrl);
        Assert.Equal(2, e.Enclosures.Count);
        Assert.Equal("Video", e.Title);
    }

    [Fact]
    public void Entries_without_media_have_none()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss>");
        Assert.Null(feed.Entries[0].Media);
        Assert.Null(feed.Entries[0].Where);
        Assert.Null(feed.Entries[0].Chapters);
        Assert.Null(feed.Entries[0].Podcast);
    }

    [Theory]
    [InlineData("<georss:point>45.256 -71.92</georss:point>")]
    [InlineData("<georss:where><gml:Point><gml:pos>45.256 -71.92</gml:pos></gml:Point></georss:where>")]
    [InlineData("<geo:lat>45.256</geo:lat><geo:long>-71.92</geo:long>")]
    public void Point_locations_give_latitude_and_longitude(string location)
    {
        var feed = Parse($"""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml"
                  xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"><title>t</title>
            <entry><id>urn:1</id><title>here</title>{location}</entry></feed>
            """);
        var e = Assert.Single(feed.Entries);
        Assert.Equal("Point", e.Where!.Type);
        Assert.Equal(45.256, e.Latitude);
        Assert.Equal(-71.92, e.Longitude);
    }

    [Fact]
    public void Lines_polygons_boxes_and_projected_points()
    {
        var feed = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml"><title>t</title>
            <entry><id>1</id><georss:line>45 -71 46 -72 47 -73</georss:line></entry>
            <entry><id>2</id><georss:polygon>45 -71 46 -72 47 -73 45 -71</georss:polygon></entry>
            <entry><id>3</id><georss:box>42 -71 43 -69</georss:box></entry>
            <entry><id>4</id><georss:where><gml:Point srsName="EPSG:26913"><gml:pos>500000 4649776</gml:pos></gml:Point></georss:where></entry>
            <entry><id>5</id><georss:polygon>45 -71 46 -72</georss:polygon></entry>
            </feed>
            """);
        Assert.Equal("LineString", feed.Entries[0].Where!.Type);
        Assert.Equal(3, feed.Entries[0].Where!.Coordinates.Count);
        Assert.Equal("Polygon", feed.Entries[1].Where!.Type);
        Assert.Equal(feed.Entries[1].Where!.Coordinates[0], feed.Entries[1].Where!.Coordinates[^1]);
        Assert.Equal("Box", feed.Entries[2].Where!.Type);
        Assert.Equal([43.0, -69.0], feed.Entries[2].Where!.Coordinates[1]);
        Assert.False(feed.Entries[3].Where!.IsGeographic); // UTM: no latitude/longitude
        Assert.Null(feed.Entries[3].Latitude);
        Assert.Null(feed.Entries[4].Where); // a polygon needs four positions
    }

    [Fact]
    public void Podlove_chapters_of_the_first_list()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:psc="http://podlove.org/simple-chapters"><channel><title>t</title>
            <item><guid>ep1</guid>
              <psc:chapters version="1.2">
                <psc:chapter start="00:00:00" title="Welcome"/>
                <psc:chapter start="00:03:07.250" title="Intro" href="/intro" image="https://example.org/i.jpg"/>
                <psc:chapter start="08:26" title="Plugin"/>
                <psc:chapter start="bogus" title="Skipped"/>
              </psc:chapters>
              <psc:chapters version="1.1"><psc:chapter start="1" title="Ignored"/></psc:chapters>
            </item></channel></rss>
            """);
        var list = feed.Entries[0].Chapters!;
        Assert.Equal("1.2", list.Version);
        Assert.Equal(["Welcome", "Intro", "Plugin"], list.Chapters.Select(c => c.Title));
        Assert.Equal(TimeSpan.FromSeconds(187.25), list.Chapters[1].Start);
        Assert.Equal("https://example.org/intro", list.Chapters[1].Href);
        Assert.Equal(TimeSpan.FromSeconds(506), list.Chapters[2].Start);
    }

    [Fact]
    public void Podcasting_namespace_on_channel_and_item()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>t</title>
            <podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
            <podcast:locked owner="me@example.org">yes</podcast:locked>
            <podcast:medium>podcast</podcast:medium>
            <podcast:funding url="https://example.org/donate">Support us</podcast:funding>
            <podcast:person role="host" img="/ann.jpg">Ann</podcast:person>
            <item><guid>ep1</guid>
              <podcast:season name="Pilot">1</podcast:season>
              <podcast:episode display="Ch. 3">3</podcast:episode>
              <podcast:transcript url="https://example.org/ep1.vtt" type="text/vtt" language="en" rel="captions"/>
              <podcast:transcript url="https://example.org/ep1.srt" type="application/srt"/>
              <podcast:chapters url="https://example.org/ep1.json" type="application/json+chapters"/>
              <podcast:soundbite startTime="73.0" duration="60.0">Best bit</podcast:soundbite>
              <podcast:person role="guest" href="https://example.org/bob">Bob</podcast:person>
              <podcast:location geo="geo:30.2672,97.7431" osm="R113314">Austin, TX</podcast:location>
            </item></channel></rss>
            """);
        var channel = feed.Podcast!;
        Assert.Equal("917393e3-1b1e-5cef-ace4-edaa54e1f810", channel.Guid);
        Assert.True(channel.Locked);
        Assert.Equal("me@example.org", channel.LockedOwner);
        Assert.Equal("podcast", channel.Medium);
        Assert.Equal("https://example.org/donate", Assert.Single(channel.Funding).Url);
        Assert.Equal("https://example.org/ann.jpg", Assert.Single(channel.Persons).Image);
        var item = feed.Entries[0].Podcast!;
        Assert.Equal(("1", "Pilot"), (item.Season, item.SeasonName));
        Assert.Equal(("3", "Ch. 3"), (item.Episode, item.EpisodeDisplay));
        Assert.Equal(["text/vtt", "application/srt"], item.Transcripts.Select(t => t.Type));
        Assert.Equal("captions", item.Transcripts[0].Rel);
        Assert.Equal("https://example.org/ep1.json", item.Chapters!.Url);
        Assert.Equal(new Model.PodcastSoundbite(73, 60, "Best bit"), Assert.Single(item.Soundbites));
        Assert.Equal("Bob", Assert.Single(item.Persons).Name);
        Assert.Equal("Austin, TX", item.Location!.Name);
    }

    [Fact]
    public void Cdf_channel_and_items()
    {
        var feed = Parse("""
            <?xml version="1.0"?>
            <CHANNEL HREF="http://www.example.org/" LASTMOD="2004-04-06T23:05:43-05:00">
              <TITLE>Example channel</TITLE><ABSTRACT>About it</ABSTRACT>
              <ITEM HREF="http://www.example.org/1" LASTMOD="2004-04-06T23:05:43-05:00"><TITLE>One</TITLE><ABSTRACT>First</ABSTRACT></ITEM>
              <CHANNEL><ITEM HREF="/2"><TITLE>Two</TITLE></ITEM></CHANNEL>
            </CHANNEL>
            """);
        Assert.Equal("cdf", feed.Format);
        Assert.False(feed.Bozo);
        Assert.Equal("Example channel", feed.Title);
        Assert.Equal("About it", feed.Description);
        Assert.Equal("http://www.example.org/", feed.SiteUrl);
        Assert.Equal(["One", "Two"], feed.Entries.Select(e => e.Title));
        Assert.Equal("http://www.example.org/1", feed.Entries[0].Url);
        Assert.Equal(DateTimeOffset.Parse("2004-04-07T04:05:43Z", System.Globalization.CultureInfo.InvariantCulture), feed.Entries[0].Updated);
        Assert.Equal("https://example.org/2", feed.Entries[1].Url);
    }
}
