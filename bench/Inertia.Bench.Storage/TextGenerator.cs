using System.Text;

namespace Inertia.Bench.Storage;

/// <summary>
/// Deterministic article text: each feed has a topic; words come from the topic's vocabulary (so 漏洞 / "vulnerability"
/// occur in the security feeds only, a realistic 10^4–10^5 matches at a million entries) mixed with common words
/// (so 安全 / "security" are frequent everywhere). Chinese articles are runs of Chinese words with Chinese punctuation.
/// </summary>
internal static class TextGenerator
{
    public const int Topics = 10;

    private static readonly string[] CommonZh =
        ("我们 他们 这个 一个 没有 可以 因为 所以 但是 如果 已经 现在 时候 问题 工作 发展 公司 市场 用户 数据 " +
         "技术 产品 服务 系统 平台 信息 网络 软件 研究 报告 今天 表示 认为 进行 通过 提供 需要 包括 支持 使用 " +
         "安全 管理 能力 方面 国家 政府 企业 经济 社会 国际 全球 中国 美国 科技 互联网 行业 消费者 价格 增长 影响").Split(' ');

    private static readonly string[][] TopicZh =
    [
        "漏洞 攻击 黑客 补丁 加密 恶意 勒索 防护 入侵 权限 密码 木马 风险 修复 披露".Split(' '),
        "芯片 处理器 半导体 显卡 工艺 晶圆 内存 算力 架构 功耗".Split(' '),
        "手机 屏幕 相机 电池 充电 发布会 旗舰 系统更新 折叠屏 续航".Split(' '),
        "模型 训练 推理 人工智能 大模型 算法 神经网络 参数 开源 智能体".Split(' '),
        "股票 基金 利率 央行 通胀 投资 融资 估值 财报 营收".Split(' '),
        "游戏 玩家 主机 剧情 关卡 画面 版本 电竞 角色 首发".Split(' '),
        "汽车 电动车 自动驾驶 电池包 充电桩 销量 车型 续航里程 智驾 新能源".Split(' '),
        "电影 导演 票房 演员 上映 剧集 动画 影评 流媒体 综艺".Split(' '),
        "航天 火箭 卫星 发射 探测器 轨道 宇航员 空间站 月球 火星".Split(' '),
        "健康 医院 药物 疫苗 患者 临床 医生 研究团队 治疗 病毒".Split(' '),
    ];

    private static readonly string[] CommonEn =
        ("the of and to in a is that for it as was with be by on not he this are or his from at which but have an they " +
         "you were her she there been one all we their has would when if so no will more about new time people company " +
         "market users data technology product service system platform network software report today said year security " +
         "update release support open first last week government business world growth price according").Split(' ');

    private static readonly string[][] TopicEn =
    [
        "vulnerability exploit attackers patch encryption malware ransomware breach phishing privilege password backdoor disclosure".Split(' '),
        "chip processor semiconductor GPU wafer memory transistor foundry silicon bandwidth".Split(' '),
        "phone screen camera battery charging flagship smartphone foldable android iphone".Split(' '),
        "model training inference neural transformer parameters benchmark dataset agents alignment".Split(' '),
        "stocks fund interest inflation investors valuation earnings revenue bonds quarterly".Split(' '),
        "game players console story levels graphics esports studio sequel gameplay".Split(' '),
        "car electric autonomous driving charger sales vehicle range battery sedan".Split(' '),
        "film director box office actors premiere series animation review streaming".Split(' '),
        "space rocket satellite launch probe orbit astronauts station lunar mars".Split(' '),
        "health hospital drug vaccine patients clinical doctors treatment virus trial".Split(' '),
    ];

    public static string Title(Random random, int topic, bool chinese) =>
        Sentence(random, topic, chinese, random.Next(20, 81), punctuate: false);

    /// <summary>HTML paragraphs totalling about <paramref name="length"/> characters of text.</summary>
    public static string Content(Random random, int topic, bool chinese, int length)
    {
        var html = new StringBuilder(length + length / 8);
        var written = 0;
        while (written < length)
        {
            var paragraph = Sentence(random, topic, chinese, Math.Min(length - written, random.Next(80, 400)), punctuate: true);
            html.Append("<p>").Append(paragraph).Append("</p>");
            written += paragraph.Length;
        }
        return html.ToString();
    }

    private static string Sentence(Random random, int topic, bool chinese, int length, bool punctuate)
    {
        var text = new StringBuilder(length + 16);
        var common = chinese ? CommonZh : CommonEn;
        var topical = chinese ? TopicZh[topic] : TopicEn[topic];
        var sinceStop = 0;
        while (text.Length < length)
        {
            // Zipf-like: low indexes far more often. One word in five is topical.
            var pool = random.Next(5) == 0 ? topical : common;
            var word = pool[(int)(pool.Length * Math.Pow(random.NextDouble(), 2.2))];
            if (!chinese && text.Length > 0) text.Append(' ');
            text.Append(word);
            if (punctuate && ++sinceStop > random.Next(6, 14))
            {
                text.Append(chinese ? (random.Next(3) == 0 ? "。" : "，") : (random.Next(3) == 0 ? "." : ","));
                sinceStop = 0;
            }
        }
        if (text.Length > length) text.Length = length;
        return text.ToString().Trim();
    }
}
