using System.Net;
using System.Text.RegularExpressions;

namespace Inertia.Tests.Public;

/// <summary>A browser-like HTTP client for the real server: cookies, no automatic redirects, forms with antiforgery.</summary>
public sealed partial class SiteClient : IDisposable
{
    private readonly HttpClient http;

    public SiteClient(Uri baseUri, string? language = "en")
    {
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = baseUri,
        };
        if (language is not null) http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
    }

    public Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        return http.SendAsync(request);
    }

    public async Task<string> GetHtmlAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = AntiforgeryToken(await GetHtmlAsync(formPage));
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await http.PostAsync(action, content);
    }

    public async Task<HttpResponseMessage> PostMultipartAsync(string formPage, string action, string fileField, string fileName, byte[] file)
    {
        var token = AntiforgeryToken(await GetHtmlAsync(formPage));
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), fileField, fileName },
        };
        return await http.PostAsync(action, content);
    }

    /// <summary>Signs in through the reader's sign-in form; returns the response (a redirect on success).</summary>
    public Task<HttpResponseMessage> SignInAsync(string user, string password, string returnUrl = "/reader") =>
        PostFormAsync("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl), "/signin",
            [new("Username", user), new("Password", password), new("ReturnUrl", returnUrl)]);

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token in the page: " + html[..Math.Min(html.Length, 3000)]);

    /// <summary>The content attribute of a meta tag by property or name.</summary>
    public static string? Meta(string html, string key)
    {
        foreach (Match tag in MetaPattern().Matches(html))
        {
            var t = tag.Value;
            if (t.Contains($"property=\"{key}\"") || t.Contains($"name=\"{key}\""))
                return ContentPattern().Match(t) is { Success: true } c ? WebUtility.HtmlDecode(c.Groups[1].Value) : null;
        }
        return null;
    }

    public static string? LinkHref(string html, string rel) =>
        Regex.Match(html, $"<link rel=\"{Regex.Escape(rel)}\" href=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public static string? HtmlLang(string html) =>
        Regex.Match(html, "<html lang=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<meta [^>]*>")]
    private static partial Regex MetaPattern();

    [GeneratedRegex("content=\"([^\"]*)\"")]
    private static partial Regex ContentPattern();
}
