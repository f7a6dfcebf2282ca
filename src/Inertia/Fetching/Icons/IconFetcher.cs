using System.Security.Cryptography;
using Inertia.Fetching.Http;
using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Fetching.Icons;

/// <summary>An icon that passed every check: its bytes, the type sniffed from them, and where it came from.</summary>
public sealed record FoundIcon(string SourceUrl, string ContentType, byte[] Data, string Hash);

/// <summary>
/// Looks for one feed's icon, every request through the guarded <see cref="HttpFetcher"/>. Order: the icons the site's
/// page links to (apple-touch-icon and rel="icon", largest up to 256 px), its web app manifest's icons, the image the
/// feed names (atom:icon or logo, RSS &lt;image&gt;, JSON Feed favicon or icon — often a wide banner, hence after the
/// site's square icons), and /favicon.ico. The first candidate that is a raster image within the size limit wins.
/// </summary>
public sealed class IconFetcher(HttpFetcher fetcher, IOptions<IconOptions> options, ILogger<IconFetcher> logger)
{
    const int MaxCandidates = 8;
    const string ImageAccept = "image/avif,image/webp,image/png,image/x-icon,image/*;q=0.8,*/*;q=0.5";

    /// <summary>The icon, or the reasons nothing was found (for the log and the stored error).</summary>
    public async Task<(FoundIcon? Icon, string? Error)> FindAsync(IconWork feed, CancellationToken ct)
    {
        var problems = new List<string>();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in await CandidatesAsync(feed, problems, ct))
        {
            if (tried.Count >= MaxCandidates) break;
            if (!tried.Add(candidate)) continue;
            var (icon, problem) = await TryAsync(candidate, ct);
            if (icon is not null) return (icon, null);
            problems.Add($"{candidate}: {problem}");
        }
        return (null, problems.Count == 0 ? "no icon found" : "no usable icon: " + string.Join("; ", problems));
    }

    async Task<List<string>> CandidatesAsync(IconWork feed, List<string> problems, CancellationToken ct)
    {
        var candidates = new List<string>();
        var site = WebUri(feed.SiteUrl);
        if (site is not null)
        {
            try
            {
                var page = await fetcher.FetchAsync(new FetchRequest(site.AbsoluteUri) { MaxBodyBytes = options.Value.MaxPageBytes }, ct);
                var (icons, manifest) = IconLinks.FromHtml(page.Body, page.FinalUrl);
                candidates.AddRange(icons.Select(i => i.Url));
                if (manifest is not null) candidates.AddRange(await ManifestIconsAsync(manifest, problems, ct));
                site = new Uri(page.FinalUrl);
            }
            catch (FetchException e)
            {
                problems.Add($"{site}: {e.Message}");
            }
        }
        if (WebUri(feed.IconUrl) is { } declared) candidates.Add(declared.AbsoluteUri);
        if ((site ?? WebUri(feed.FeedUrl)) is { } origin) candidates.Add(new Uri(origin, "/favicon.ico").AbsoluteUri);
        return candidates;
    }

    async Task<IEnumerable<string>> ManifestIconsAsync(string manifestUrl, List<string> problems, CancellationToken ct)
    {
        try
        {
            var manifest = await fetcher.FetchAsync(new FetchRequest(manifestUrl) { MaxBodyBytes = options.Value.MaxPageBytes }, ct);
            return IconLinks.FromManifest(manifest.Body, manifest.FinalUrl).Select(i => i.Url);
        }
        catch (FetchException e)
        {
            problems.Add($"{manifestUrl}: {e.Message}");
            return [];
        }
    }

    async Task<(FoundIcon?, string)> TryAsync(string url, CancellationToken ct)
    {
        FetchResult response;
        try
        {
            response = await fetcher.FetchAsync(new FetchRequest(url) { MaxBodyBytes = options.Value.MaxBytes, Accept = ImageAccept }, ct);
        }
        catch (FetchException e)
        {
            return (null, e.Message);
        }
        var data = response.Body;
        if (data.Length == 0) return (null, "empty response");
        // The type is sniffed from the bytes (servers label favicons text/plain or octet-stream), and it is the sniffed
        // type that is stored and served, so nothing is ever served as something it is not.
        if (ImageSniffer.ContentType(data) is not { } type)
        {
            var claimed = string.IsNullOrEmpty(response.ContentType) ? "no Content-Type" : response.ContentType;
            return (null, ImageSniffer.LooksLikeSvg(data) ? "SVG icons are not accepted" : $"not a PNG, ICO, GIF, JPEG, WebP, AVIF or BMP image ({claimed})");
        }
        logger.LogDebug("Icon {Url}: {Type}, {Length} bytes", url, type, data.Length);
        return (new FoundIcon(response.FinalUrl, type, data, Convert.ToHexStringLower(SHA256.HashData(data))[..16]), "");
    }

    static Uri? WebUri(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
