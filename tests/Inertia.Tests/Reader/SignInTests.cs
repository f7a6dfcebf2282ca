using System.Net;

namespace Inertia.Tests.Reader;

public sealed class SignInTests
{
    [Fact]
    public async Task Reader_pages_redirect_to_sign_in_with_the_return_url()
    {
        await using var app = await ReaderApp.StartAsync();
        using var client = app.Client();

        using var response = await client.GetAsync("/reader/starred");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Freader%2Fstarred", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_signs_nobody_in()
    {
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();

        using var failed = await client.SignInAsync("ada", "wrong-password");
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Contains("data-testid=\"signin-error\"", await failed.Content.ReadAsStringAsync());

        using var unknown = await client.SignInAsync("nobody", "right-password-1");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        using var reader = await client.GetAsync("/reader");
        Assert.Equal(HttpStatusCode.Redirect, reader.StatusCode);
    }

    [Fact]
    public async Task Right_password_signs_in_with_a_hardened_cookie_and_follows_a_local_return_url_only()
    {
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();

        using var signedIn = await client.SignInAsync("ADA", "right-password-1", returnUrl: "/reader/starred");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/reader/starred", signedIn.Headers.Location!.OriginalString);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("inertia.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var page = await client.GetHtmlAsync("/reader");
        Assert.Contains("data-testid=\"sidebar\"", page);

        // An absolute or protocol-relative return URL is never followed off-site.
        using var other = app.Client();
        using var offsite = await other.SignInAsync("ada", "right-password-1", returnUrl: "//evil.example/");
        Assert.Equal("/reader", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();
        (await client.SignInAsync("ada", "right-password-1")).Dispose();

        var token = await client.TokenFromAsync("/reader");
        using var signedOut = await client.PostAsync("/signout", [], token);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        using var after = await client.GetAsync("/reader");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_client()
    {
        await using var app = await ReaderApp.StartAsync("--Reader:SignInAttemptsPerMinute=3");
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SignInAsync("ada", "guess-" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        // The sign-in page itself (GET) is not limited.
        Assert.Contains("signin-form", await client.GetHtmlAsync("/signin"));
    }
}
