using System.Net;
using System.Net.Sockets;

namespace Inertia.Fetching.Http;

/// <summary>
/// Decides which resolved addresses outbound requests may connect to (the SSRF guard). Everything that is not
/// globally routable unicast is refused unless it lies in a configured allowed network.
/// </summary>
public sealed class AddressGuard
{
    // Special-purpose ranges (IANA IPv4/IPv6 special-purpose registries) that must never be reached from a feed URL.
    static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // CGNAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata (169.254.169.254)
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, broadcast
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64
        IPNetwork.Parse("100::/64"),         // discard-only
        IPNetwork.Parse("2001::/23"),        // IETF protocol assignments (Teredo, ORCHID, …)
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    readonly IPNetwork[] _allowed;

    public AddressGuard(IEnumerable<string> allowedNetworks)
    {
        _allowed = allowedNetworks.Select(ParseNetwork).ToArray();
    }

    static IPNetwork ParseNetwork(string cidr)
    {
        var text = cidr.Trim();
        if (!text.Contains('/'))
            text += IPAddress.Parse(text).AddressFamily == AddressFamily.InterNetwork ? "/32" : "/128";
        if (!IPNetwork.TryParse(text, out var network))
            throw new FormatException($"Fetching:AllowedNetworks: \"{cidr}\" is not a CIDR range such as 10.0.0.0/8.");
        return network;
    }

    /// <summary>True when a connection to this address is permitted.</summary>
    public bool IsAllowed(IPAddress address)
    {
        var embedded = EmbeddedIPv4(address);
        foreach (var network in _allowed)
            if (network.Contains(address) || (embedded is not null && network.Contains(embedded)))
                return true;
        return IsPublic(address);
    }

    /// <summary>Globally routable unicast, judged without the allowlist.</summary>
    public static bool IsPublic(IPAddress address)
    {
        // IPv4-mapped, NAT64 and 6to4 addresses reach an IPv4 host: judge that host.
        var embedded = EmbeddedIPv4(address);
        if (embedded is not null) return IsPublic(embedded);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0) return false;
        foreach (var network in Blocked)
            if (network.Contains(address)) return false;
        return true;
    }

    static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address)) return new IPAddress(bytes.AsSpan(2, 4));
        // IPv4-compatible (::a.b.c.d, deprecated) also reaches an IPv4 host.
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IPAddress.IPv6Loopback.Equals(address) && !IPAddress.IPv6Any.Equals(address))
            return new IPAddress(bytes.AsSpan(12, 4));
        return null;
    }
}
