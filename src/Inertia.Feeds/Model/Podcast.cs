namespace Inertia.Feeds.Model;

/// <summary>Podlove Simple Chapters (psc:chapters): the first psc:chapters element of an entry.</summary>
public sealed record ChapterList(string? Version, IReadOnlyList<Chapter> Chapters);

public sealed record Chapter(TimeSpan Start, string? Title, string? Href = null, string? Image = null)
{
    /// <summary>The start as written (00:03:07.250, 08:26, …).</summary>
    public string? StartText { get; init; }
}

/// <summary>The Podcasting 2.0 namespace (podcastindex.org/namespace/1.0) of a channel or an item.</summary>
public sealed class PodcastInfo
{
    public string? Guid { get; set; }
    public bool? Locked { get; set; }
    public string? LockedOwner { get; set; }
    public string? Medium { get; set; }
    public string? Season { get; set; }
    public string? SeasonName { get; set; }
    public string? Episode { get; set; }
    public string? EpisodeDisplay { get; set; }
    public PodcastLink? Chapters { get; set; }
    public PodcastLink? License { get; set; }
    public PodcastLocation? Location { get; set; }
    public List<PodcastLink> Transcripts { get; } = [];
    public List<PodcastLink> Funding { get; } = [];
    public List<PodcastPerson> Persons { get; } = [];
    public List<PodcastSoundbite> Soundbites { get; } = [];

    internal bool IsEmpty => Guid is null && Locked is null && Medium is null && Season is null && Episode is null && Chapters is null
                           && License is null && Location is null && Transcripts.Count == 0 && Funding.Count == 0
                           && Persons.Count == 0 && Soundbites.Count == 0;
}

/// <summary>A linked resource: transcript (url, type, language, rel), chapters (url, type), funding (url, text), license.</summary>
public sealed record PodcastLink(string? Url, string? Type = null, string? Text = null)
{
    public string? Language { get; init; }
    public string? Rel { get; init; }
}

public sealed record PodcastPerson(string Name, string? Role = null, string? Group = null, string? Image = null, string? Href = null);

public sealed record PodcastSoundbite(double Start, double Duration, string? Title = null);

public sealed record PodcastLocation(string Name, string? Geo = null, string? Osm = null);
