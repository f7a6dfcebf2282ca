using System.Globalization;

namespace Inertia.Public.Localization;

/// <summary>
/// The public pages' strings. Keys are the English text (as in the reader's resources), so a missing translation
/// still reads well; the language is the request culture the localization middleware chose (cookie, then
/// Accept-Language).
/// </summary>
public sealed class PublicText
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        ["Inertia"] = "惯性聚合",
        ["Efficiently track and read the blogs, news and tech news you care about"] = "高效追踪和阅读你感兴趣的博客、新闻、科技资讯",
        ["A self-hosted feed reader: RSS, Atom and JSON Feed, fetched once for everyone, read anywhere."] = "自托管的订阅阅读器：RSS、Atom、JSON Feed，一次抓取，人人可读，随处阅读。",
        ["Discover"] = "发现",
        ["Sign in"] = "登录",
        ["Sign in to subscribe"] = "登录后订阅",
        ["Reader"] = "阅读器",
        ["Output feeds"] = "输出订阅源",
        ["Saved search"] = "已保存的搜索",
        ["Catalog admin"] = "目录管理",
        ["Browse the catalog"] = "浏览推荐目录",
        ["Catalog highlights"] = "精选推荐",
        ["Recommended feeds"] = "推荐订阅源",
        ["Popular on this instance"] = "本站热门",
        ["All categories"] = "全部分类",
        ["All languages"] = "全部语言",
        ["Language"] = "语言",
        ["Category"] = "分类",
        ["Search"] = "搜索",
        ["Search feeds"] = "搜索订阅源",
        ["No feed matches."] = "没有匹配的订阅源。",
        ["Subscribe"] = "订阅",
        ["Subscribed"] = "已订阅",
        ["Preview"] = "预览",
        ["Website"] = "网站",
        ["{0} subscribers"] = "{0} 位订阅者",
        ["{0} feeds"] = "{0} 个订阅源",
        ["Subscribed to {0}."] = "已订阅 {0}。",
        ["Recent items"] = "最近更新",
        ["No items yet."] = "暂无内容。",
        ["More from {0}"] = "{0} 的更多内容",
        ["Read original"] = "阅读原文",
        ["Open in Inertia"] = "在惯性聚合中打开",
        ["via {0}"] = "来自 {0}",
        ["Feed"] = "订阅源",
        ["Page not found"] = "页面不存在",
        ["This page does not exist, or it is not public."] = "该页面不存在，或未公开。",
        ["You do not follow {0} yet."] = "你还没有订阅 {0}。",
        ["Subscribe and open"] = "订阅并打开",
        ["Private feeds of your lists"] = "你的列表的私有订阅源",
        ["Anyone with one of these addresses can read the list: revoke an address to stop it working."] = "任何拥有这些地址的人都能读取该列表；撤销地址即可使其失效。",
        ["Starred"] = "星标",
        ["Create address"] = "生成地址",
        ["Revoke"] = "撤销",
        ["Add a feed"] = "添加订阅源",
        ["Edit"] = "编辑",
        ["Save"] = "保存",
        ["Remove"] = "删除",
        ["Cancel"] = "取消",
        ["Title"] = "标题",
        ["Feed URL"] = "订阅源地址",
        ["Site URL"] = "网站地址",
        ["Description"] = "简介",
        ["Import OPML"] = "导入 OPML",
        ["Import"] = "导入",
        ["Imported {0} feeds."] = "已导入 {0} 个订阅源。",
        ["Saved."] = "已保存。",
        ["Removed."] = "已删除。",
        ["Added."] = "已添加。",
        ["That feed URL is already in the catalog."] = "该订阅源地址已在目录中。",
        ["A title and an http(s) feed URL are required."] = "需要标题和 http(s) 订阅源地址。",
        ["The file is not an OPML document."] = "该文件不是 OPML 文档。",
        ["Public pages"] = "公开页面",
        ["Catalog feeds have public pages"] = "目录中的订阅源拥有公开页面",
        ["Feeds followed on this instance have public pages"] = "本站有人订阅的订阅源拥有公开页面",
        ["English"] = "英文",
        ["Chinese"] = "中文",
        ["Other"] = "其他",
        ["Uncategorized"] = "未分类",
        ["Security"] = "网络安全",
        ["AI & Research"] = "人工智能与研究",
        ["Engineering blogs"] = "技术团队博客",
        ["Web & Frontend"] = "Web 与前端",
        ["Cloud & Infrastructure"] = "云与基础设施",
        ["Chinese tech community"] = "中文技术社区",
        ["News"] = "科技新闻",
        ["Privacy"] = "隐私",
    };

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>"en" or "zh-CN": the lang attribute of the page.</summary>
    public static string PageLanguage => IsChinese ? "zh-CN" : "en";

    public string this[string english] => IsChinese && Chinese.TryGetValue(english, out var zh) ? zh : english;

    public string Format(string english, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, this[english], args);

    /// <summary>A catalog language code ("en", "zh-CN") in the reader's language.</summary>
    public string LanguageName(string code) =>
        code.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? this["Chinese"]
        : code.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? this["English"]
        : code.Length == 0 ? this["Other"] : code;

    /// <summary>Catalog categories are stored in English; the shipped ones have translations.</summary>
    public string CategoryName(string category) => category.Length == 0 ? this["Uncategorized"] : this[category];
}
