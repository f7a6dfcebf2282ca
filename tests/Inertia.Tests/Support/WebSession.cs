using System.Net;
using System.Text.RegularExpressions;

namespace Inertia.Tests.Support;

/// <summary>
/// A signed-in browser without a browser: cookies, the antiforgery token from the last page, form posts.
/// For flows checked over plain HTTP.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient http;

    public WebSession(Uri baseUri, string? acceptLanguage = null)
    {
        http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true })
        {
            BaseAddress = baseUri,
        };
        if (acceptLanguage is not null) http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
    }

    /// <summary>The antiforgery field of the last page fetched with <see cref="GetAsync"/>.</summary>
    public string? Token { get; private set; }

    public HttpClient Http => http;

    public async Task<string> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        Token = TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : Token;
        return html;
    }

    /// <summary>Posts a form with the current antiforgery token; follows the redirect; returns the final page.</summary>
    public async Task<(HttpStatusCode Status, string Html, Uri? FinalUri)> PostAsync(string path, IDictionary<string, string> fields, bool json = false)
    {
        var form = new Dictionary<string, string>(fields);
        if (Token is not null) form["__RequestVerificationToken"] = Token;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (json) request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Token = TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : Token;
        return (response.StatusCode, html, response.RequestMessage?.RequestUri);
    }

    public async Task SignInAsync(string user, string password)
    {
        await GetAsync("/signin");
        var (_, _, final) = await PostAsync("/signin", new Dictionary<string, string> { ["Username"] = user, ["Password"] = password });
        Assert.DoesNotContain("/signin", final?.AbsolutePath ?? "");
    }

    /// <summary>Values of an attribute on elements carrying a data-testid, in document order.</summary>
    public static IReadOnlyList<string> Attributes(string html, string testId, string attribute) =>
        Regex.Matches(html, $"<[^>]*data-testid=\"{Regex.Escape(testId)}\"[^>]*>")
            .Select(m => Regex.Match(m.Value, $"\\s{Regex.Escape(attribute)}=\"([^\"]*)\""))
            .Where(m => m.Success).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>Inner text of simple elements carrying a data-testid (no nested tags of the same name).</summary>
    public static IReadOnlyList<string> Texts(string html, string testId) =>
        Regex.Matches(html, $"<(\\w+)[^>]*data-testid=\"{Regex.Escape(testId)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline)
            .Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[2].Value, "<[^>]+>", "")).Trim()).ToList();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => http.Dispose();
}
