using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Inertia.Public.Localization;
using Inertia.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Inertia.Tests.Public;

/// <summary>The public pages' strings come from resx, like the reader's: every one used has a Chinese translation.</summary>
public sealed class PublicTextTests
{
    [Fact]
    public void Every_public_string_has_a_Chinese_translation()
    {
        var used = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src/Inertia/Public"), "*.cs*", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\\b(?:L|text)(?:\\.Format\\(|\\[)\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        var chinese = XDocument.Load(Path.Combine(RepoPaths.Root, "src/Inertia/Resources/Public.Localization.PublicText.zh-CN.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

        Assert.True(used.Count > 40, $"only {used.Count} strings found: the pattern no longer matches the pages");
        Assert.All(used, key => Assert.True(chinese.ContainsKey(key), $"No zh-CN text for \"{key}\""));
        Assert.All(chinese.Where(pair => pair.Key.Contains("{0}")), pair => Assert.Contains("{0}", pair.Value));
    }

    [Fact]
    public void The_request_culture_picks_the_language_and_unknown_keys_read_as_themselves()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").AddSingleton<PublicText>().BuildServiceProvider();
        var text = services.GetRequiredService<PublicText>();
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("发现", text["Discover"]);
            Assert.Equal("已订阅 博客。", text.Format("Subscribed to {0}.", "博客"));
            Assert.Equal("网络安全", text.CategoryName("Security"));
            Assert.Equal("An admin's own category", text.CategoryName("An admin's own category"));
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Discover", text["Discover"]);
            Assert.Equal("Chinese", text.LanguageName("zh-CN"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
