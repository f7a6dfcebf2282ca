using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Inertia.Tests.Reader;

public sealed class LocalizationTests
{
    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8")]
    [InlineData("zh")]
    [InlineData("zh-TW")]
    public async Task Chinese_browsers_get_the_Chinese_interface(string acceptLanguage)
    {
        await using var app = await ReaderApp.StartAsync();
        using var client = app.Client(acceptLanguage);

        var html = await client.GetHtmlAsync("/signin");

        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("惯性聚合", html);
        Assert.Contains(">登录</button>", html);
    }

    [Fact]
    public async Task English_is_the_default_and_the_users_choice_overrides_the_browser()
    {
        await using var app = await ReaderApp.StartAsync();
        await app.CreateUserAsync("ada", "right-password-1");
        using var client = app.Client("fr-FR");
        Assert.Contains(">Sign in</button>", await client.GetHtmlAsync("/signin"));

        (await client.SignInAsync("ada", "right-password-1")).Dispose();
        var token = await client.TokenFromAsync("/reader/settings");
        using var saved = await client.PostAsync("/reader/settings", [new("Language", "zh-CN"), new("Theme", "dark")], token);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);

        var html = await client.GetHtmlAsync("/reader");
        Assert.Contains("<html lang=\"zh-CN\" data-theme=\"dark\"", html);
        Assert.Contains(">设置</a>", html);
        Assert.Contains("<span class=\"label\">未读</span>", html);

        // The choice is stored on the user: a new browser gets it at sign-in.
        using var other = app.Client("en");
        (await other.SignInAsync("ada", "right-password-1")).Dispose();
        Assert.Contains("<html lang=\"zh-CN\" data-theme=\"dark\"", await other.GetHtmlAsync("/reader"));
    }

    [Fact]
    public void Every_interface_string_has_a_Chinese_translation()
    {
        var root = RepoRoot();
        var used = Directory.EnumerateFiles(Path.Combine(root, "src/Inertia/Reader"), "*.cs*", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "L\\[\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        var chinese = XDocument.Load(Path.Combine(root, "src/Inertia/Resources/Reader.Localization.ReaderText.zh-CN.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

        Assert.NotEmpty(used);
        Assert.All(used, key => Assert.True(chinese.ContainsKey(key), $"No zh-CN text for \"{key}\""));
        Assert.All(chinese.Where(pair => pair.Key.Contains("{0}")), pair => Assert.Contains("{0}", pair.Value));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inertia.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Inertia.slnx not found above " + AppContext.BaseDirectory);
    }
}
