using Inertia.Fetching.Discovery;

namespace Inertia.Tests.Fetching;

public sealed class KnownSitesTests
{
    [Theory]
    [InlineData("https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "https://www.youtube.com/feeds/videos.xml?channel_id=UC_x5XG1OV2P6uZZ5FSM9Ttw")]
    [InlineData("https://youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw/videos", "https://www.youtube.com/feeds/videos.xml?channel_id=UC_x5XG1OV2P6uZZ5FSM9Ttw")]
    [InlineData("https://m.youtube.com/playlist?list=PLBCF2DAC6FFB574DE", "https://www.youtube.com/feeds/videos.xml?playlist_id=PLBCF2DAC6FFB574DE")]
    [InlineData("https://www.youtube.com/watch?v=abc&list=PLBCF2DAC6FFB574DE", "https://www.youtube.com/feeds/videos.xml?playlist_id=PLBCF2DAC6FFB574DE")]
    [InlineData("https://www.youtube.com/user/GoogleDevelopers", "https://www.youtube.com/feeds/videos.xml?user=GoogleDevelopers")]
    public void YouTube_urls_map_to_their_feeds(string url, string feed)
    {
        var candidate = Assert.Single(KnownSites.Map(new Uri(url)));
        Assert.Equal(feed, candidate.Url);
        Assert.Equal("atom", candidate.Format);
    }

    [Fact]
    public void GitHub_repository_maps_to_releases_tags_and_commits()
    {
        var candidates = KnownSites.Map(new Uri("https://github.com/dotnet/runtime/tree/main/src"));
        Assert.Equal(
            ["https://github.com/dotnet/runtime/releases.atom", "https://github.com/dotnet/runtime/tags.atom", "https://github.com/dotnet/runtime/commits.atom"],
            candidates.Select(c => c.Url));
        Assert.Equal("dotnet/runtime releases", candidates[0].Title);
        Assert.Equal("https://github.com/dotnet/runtime/releases.atom", KnownSites.Map(new Uri("https://github.com/dotnet/runtime.git"))[0].Url);
    }

    [Fact]
    public void GitHub_user_maps_to_the_activity_feed()
    {
        Assert.Equal("https://github.com/torvalds.atom", Assert.Single(KnownSites.Map(new Uri("https://github.com/torvalds"))).Url);
    }

    [Theory]
    [InlineData("https://www.youtube.com/@GoogleDevelopers")]   // needs the page
    [InlineData("https://www.youtube.com/feeds/videos.xml?channel_id=UC1")]
    [InlineData("https://github.com/")]
    [InlineData("https://github.com/features/actions")]
    [InlineData("https://github.com/dotnet/runtime/releases.atom")]
    [InlineData("https://example.org/channel/UC1")]
    public void Other_urls_are_left_to_discovery(string url)
    {
        Assert.Empty(KnownSites.Map(new Uri(url)));
    }
}
