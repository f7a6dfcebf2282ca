using System.Security.Cryptography;
using System.Text;

namespace Inertia.Fetching.WebSub;

/// <summary>X-Hub-Signature: "method=hex" where method is sha1, sha256, sha384 or sha512, an HMAC of the body with the secret.</summary>
public static class HubSignature
{
    public static bool IsValid(string? header, string secret, ReadOnlySpan<byte> body)
    {
        var equals = header?.IndexOf('=') ?? -1;
        if (equals <= 0) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header![(equals + 1)..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return Mac(header[..equals].Trim().ToLowerInvariant(), secret, body) is { } expected
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The header value a hub sends (tests play the hub with it).</summary>
    public static string Sign(string method, string secret, ReadOnlySpan<byte> body) =>
        Mac(method, secret, body) is { } mac
            ? $"{method}={Convert.ToHexStringLower(mac)}"
            : throw new ArgumentOutOfRangeException(nameof(method), method, "sha1, sha256, sha384 or sha512");

    static byte[]? Mac(string method, string secret, ReadOnlySpan<byte> body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        return method switch
        {
            "sha1" => HMACSHA1.HashData(key, body),
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => null,
        };
    }
}
