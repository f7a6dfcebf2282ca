using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net;
using Inertia.Fetching;
using Inertia.Fetching.Http;
using Inertia.Tests.Support;

namespace Inertia.Tests.Fetching;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.10")]
    [InlineData("198.18.0.1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]  // NAT64 of 169.254.169.254
    [InlineData("2002:7f00:1::1")]      // 6to4 of 127.0.0.1
    [InlineData("::127.0.0.1")]         // IPv4-compatible
    public void Non_public_addresses_are_refused(string address)
    {
        Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address)));
        Assert.False(new AddressGuard([]).IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("93.184.215.14")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]    // NAT64 of 8.8.8.8
    public void Public_addresses_are_allowed(string address)
    {
        Assert.True(new AddressGuard([]).IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void Allowed_networks_open_exactly_their_ranges()
    {
        var guard = new AddressGuard(["127.0.0.0/8", "10.20.0.0/16", "fd00::/8", "192.168.5.5"]);
        Assert.True(guard.IsAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.True(guard.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(guard.IsAllowed(IPAddress.Parse("10.20.3.4")));
        Assert.True(guard.IsAllowed(IPAddress.Parse("fd00::5")));
        Assert.True(guard.IsAllowed(IPAddress.Parse("192.168.5.5")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("192.168.5.6")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("10.21.0.1")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("169.254.169.254")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("::1")));
    }

    [Fact]
    public void A_malformed_range_is_a_configuration_error()
    {
        var error = Assert.Throws<FormatException>(() => new AddressGuard(["10.0.0.0/99"]));
        Assert.Contains("Fetching:AllowedNetworks", error.Message);
    }

    [Theory]
    [InlineData("localhost")]     // a name that resolves to 127.0.0.1 / ::1
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Loopback_servers_are_refused_by_default(string host)
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => { requests++; return "ok"; }));
        using var services = FetchingTestServices.Create(allowLoopback: false);

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            services.Fetcher().FetchAsync(new FetchRequest($"http://{host}:{server.Port}/feed")));
        Assert.StartsWith($"refused to connect to {host.Trim('[', ']')}", error.Message);
        Assert.Contains("private, loopback or reserved address", error.Message);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task Loopback_is_reachable_once_allowed()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => "ok"));
        using var services = FetchingTestServices.Create(allowLoopback: true);
        var byName = await services.Fetcher().FetchAsync(new FetchRequest($"http://localhost:{server.Port}/feed"));
        Assert.Equal(200, byName.StatusCode);
        var mapped = await services.Fetcher().FetchAsync(new FetchRequest($"http://[::ffff:127.0.0.1]:{server.Port}/feed"));
        Assert.Equal(200, mapped.StatusCode);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    public async Task Redirects_to_internal_addresses_are_refused_even_from_an_allowed_host(string target)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/r", () => Results.Redirect(target)));
        // Loopback is allowed so the first hop works; the redirect target is not.
        using var services = FetchingTestServices.Create(new Dictionary<string, string?> { ["Fetching:AllowedNetworks:0"] = "127.0.0.1/32" });
        var error = await Assert.ThrowsAsync<FetchException>(() => services.Fetcher().FetchAsync(new FetchRequest(server.Url("/r"))));
        Assert.StartsWith("refused to connect to", error.Message);
    }
}
