using System.Net;
using System.Text.RegularExpressions;
using Inertia.Storage;
using Inertia.Tests.Support;

namespace Inertia.Tests.Reader;

/// <summary>Sign-in sessions: listed on the settings page, ended one by one or all but this one, at once.</summary>
public sealed class SessionsTests
{
    private static IReadOnlyList<string> SessionIds(string html) =>
        Regex.Matches(html, "name=\"id\" value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

    /// <summary>Whether the browser is still signed in: WebSession follows the redirect to the sign-in page.</summary>
    private static async Task<bool> SignedInAsync(WebSession browser)
    {
        using var response = await browser.Http.GetAsync("/reader/settings");
        return response.StatusCode == HttpStatusCode.OK && response.RequestMessage!.RequestUri!.AbsolutePath == "/reader/settings";
    }

    [Fact]
    public async Task A_browser_signed_out_from_another_stops_working_at_once()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        using var laptop = new WebSession(app.BaseUri);
        using var phone = new WebSession(app.BaseUri);
        laptop.Http.DefaultRequestHeaders.UserAgent.ParseAdd("LaptopBrowser/1.0");
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("PhoneBrowser/2.0");
        await laptop.SignInAsync("ada", "right-password-1");
        await phone.SignInAsync("ada", "right-password-1");
        Assert.True(await SignedInAsync(phone)); // its session is now in the validation cache too

        var page = await laptop.GetAsync("/reader/settings");
        Assert.Equal(2, WebSession.Texts(page, "session").Count);
        Assert.Contains("LaptopBrowser/1.0", page);
        Assert.Contains("PhoneBrowser/2.0", page);
        Assert.Single(WebSession.Texts(page, "this-session"));
        var phoneId = Assert.Single(SessionIds(page)); // only the other browser has a sign-out button

        var (status, _, _) = await laptop.PostAsync("/reader/settings?handler=EndSession", new Dictionary<string, string> { ["id"] = phoneId });
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.False(await SignedInAsync(phone));
        Assert.True(await SignedInAsync(laptop));
        Assert.Single(await app.Get<SessionStore>().ListAsync(ada));

        // Signing in again on the phone starts a new session; signing out deletes it.
        await phone.SignInAsync("ada", "right-password-1");
        Assert.Equal(2, (await app.Get<SessionStore>().ListAsync(ada)).Count);
        await phone.GetAsync("/reader");
        await phone.PostAsync("/signout", new Dictionary<string, string>());
        Assert.Single(await app.Get<SessionStore>().ListAsync(ada));
    }

    [Fact]
    public async Task Sign_out_other_browsers_keeps_this_one_and_other_users_alone()
    {
        await using var app = await ReaderApp.StartAsync();
        var ada = await app.CreateUserAsync("ada", "right-password-1");
        var bob = await app.CreateUserAsync("bob", "right-password-2");
        using var first = new WebSession(app.BaseUri);
        using var second = new WebSession(app.BaseUri);
        using var third = new WebSession(app.BaseUri);
        using var bobs = new WebSession(app.BaseUri);
        await first.SignInAsync("ada", "right-password-1");
        await second.SignInAsync("ada", "right-password-1");
        await third.SignInAsync("ada", "right-password-1");
        await bobs.SignInAsync("bob", "right-password-2");
        foreach (var browser in new[] { first, second, third, bobs }) Assert.True(await SignedInAsync(browser));

        // Bob cannot end Ada's sessions by id.
        var adaIds = SessionIds(await first.GetAsync("/reader/settings"));
        Assert.Equal(2, adaIds.Count);
        await bobs.GetAsync("/reader/settings");
        using (var refused = await bobs.Http.PostAsync("/reader/settings?handler=EndSession",
                   new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = adaIds[0], ["__RequestVerificationToken"] = bobs.Token! })))
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.True(await SignedInAsync(second));

        await first.GetAsync("/reader/settings");
        var (status, html, _) = await first.PostAsync("/reader/settings?handler=EndOtherSessions", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2 other browsers were signed out.", html);

        Assert.True(await SignedInAsync(first));
        Assert.False(await SignedInAsync(second));
        Assert.False(await SignedInAsync(third));
        Assert.True(await SignedInAsync(bobs));
        Assert.Single(await app.Get<SessionStore>().ListAsync(ada));
        Assert.Single(await app.Get<SessionStore>().ListAsync(bob));
    }
}
