namespace Inertia.Feeds.Model;

/// <summary>
/// Media RSS (http://search.yahoo.com/mrss/) of one entry, every media:group flattened into it in document order:
/// all media:content and media:thumbnail objects, not just the first.
/// </summary>
public sealed class MediaInfo
{
    public List<MediaContent> Contents { get; } = [];
    public List<MediaThumbnail> Thumbnails { get; } = [];
    public List<MediaCredit> Credits { get; } = [];
    public List<string> Keywords { get; } = [];
    public string? Title { get; set; }
    public string? Description { get; set; }
    public MediaPlayer? Player { get; set; }
    public MediaLicense? License { get; set; }
    public MediaRestriction? Restriction { get; set; }
    public MediaRating? Rating { get; set; }

    internal bool IsEmpty => Contents.Count == 0 && Thumbnails.Count == 0 && Credits.Count == 0 && Keywords.Count == 0
                           && Title is null && Description is null && Player is null && License is null && Restriction is null && Rating is null;
}

/// <summary>media:content: a media object (URL may be absent when only a player is given).</summary>
public sealed record MediaContent(string? Url, string? Type = null, string? Medium = null, long? FileSize = null)
{
    public double? Duration { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Bitrate { get; init; }
    public string? Language { get; init; }
    public bool IsDefault { get; init; }
    /// <summary>sample, full or nonstop.</summary>
    public string? Expression { get; init; }
}

public sealed record MediaThumbnail(string Url, int? Width = null, int? Height = null, string? Time = null);

public sealed record MediaCredit(string Name, string? Role = null, string? Scheme = null);

public sealed record MediaPlayer(string Url, int? Width = null, int? Height = null);

public sealed record MediaLicense(string? Text, string? Type = null, string? Href = null);

/// <summary>media:restriction: relationship allow|deny, type country|uri|sharing, and its space-separated values.</summary>
public sealed record MediaRestriction(string? Relationship, string? Type, IReadOnlyList<string> Values);

public sealed record MediaRating(string Value, string? Scheme = null);
