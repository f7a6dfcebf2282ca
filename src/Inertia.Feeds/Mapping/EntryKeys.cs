using System.Security.Cryptography;
using System.Text;
using Inertia.Feeds.Model;

namespace Inertia.Feeds.Mapping;

/// <summary>Stable identity: the feed's guid/id, else the link, else a hash of title + date + content.</summary>
internal static class EntryKeys
{
    public static string For(ParsedEntry e)
    {
        if (!string.IsNullOrWhiteSpace(e.Id)) return e.Id.Trim();
        if (!string.IsNullOrWhiteSpace(e.Url)) return e.Url.Trim();
        var material = string.Join("\u001F", e.Title ?? "", (e.Published ?? e.Updated)?.ToString("O") ?? "", e.Content ?? e.Summary ?? "");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(material));
        return "sha256:" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
