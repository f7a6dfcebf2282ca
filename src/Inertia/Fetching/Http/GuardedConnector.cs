using System.Net;
using System.Net.Sockets;

namespace Inertia.Fetching.Http;

/// <summary>Refused by the SSRF guard; surfaces wrapped in an HttpRequestException.</summary>
public sealed class BlockedAddressException(string message) : IOException(message);

/// <summary>
/// SocketsHttpHandler.ConnectCallback: resolves the host itself, drops addresses the guard refuses and connects
/// to a checked address, so DNS rebinding and redirects to internal hosts are caught at the only moment that counts.
/// </summary>
public sealed class GuardedConnector(AddressGuard guard)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);

        var permitted = addresses.Where(guard.IsAllowed).ToArray();
        if (permitted.Length == 0)
        {
            var shown = addresses.Length == 0 ? "no address" : string.Join(", ", addresses.Select(a => a.ToString()));
            throw new BlockedAddressException(
                $"refused to connect to {host} ({shown}): private, loopback or reserved address (see Fetching:AllowedNetworks)");
        }

        Exception? last = null;
        foreach (var candidate in permitted)
        {
            // An IPv4-mapped address needs an IPv4 socket (or a dual-mode one); connect to the IPv4 host directly.
            var address = candidate.IsIPv4MappedToIPv6 ? candidate.MapToIPv4() : candidate;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }
}
