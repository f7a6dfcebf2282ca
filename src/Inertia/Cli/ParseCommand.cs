using System.CommandLine;
using Inertia.Feeds;
using Inertia.Feeds.Model;
using Inertia.Fetching.Http;

namespace Inertia.Cli;

/// <summary>`inertia parse FILE|URL [--json]`: how Inertia reads a feed, for users and bug reports.</summary>
public static class ParseCommand
{
    public static Command Build()
    {
        var source = new Argument<string>("source") { Description = "A feed file, or an http(s) URL" };
        var json = new Option<bool>("--json") { Description = "Print the parse as one JSON object" };
        var command = new Command("parse", "Parse a feed and print what Inertia reads from it") { source, json };
        command.SetAction(async (result, ct) =>
        {
            var input = result.GetRequiredValue(source);
            ParsedFeed feed;
            try
            {
                feed = await ReadAsync(result, input, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Inertia.Fetching.FetchException)
            {
                return UserCommands.Fail($"cannot read {input}: {e.Message}");
            }

            if (feed.Format == "unknown")
                return UserCommands.Fail($"{input} is not a feed: {string.Join("; ", feed.Warnings)}");

            Console.WriteLine(result.GetValue(json) ? FeedJson.Serialize(feed) : Describe(feed));
            return 0;
        });
        return command;
    }

    private static async Task<ParsedFeed> ReadAsync(ParseResult result, string input, CancellationToken ct)
    {
        if (Uri.TryCreate(input, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return await FetchAndParseAsync(result, uri, ct);

        var bytes = await File.ReadAllBytesAsync(input, ct);
        return FeedParser.Parse(bytes);
    }

    /// <summary>Through the same HTTP layer as the server, so the SSRF guard and limits apply to the CLI too.</summary>
    private static async Task<ParsedFeed> FetchAndParseAsync(ParseResult result, Uri uri, CancellationToken ct)
    {
        await using var host = await CliHost.OpenAsync(result, ct, migrate: false);
        var response = await host.Get<HttpFetcher>().FetchAsync(new FetchRequest(uri.AbsoluteUri), ct);
        return FeedParser.Parse(response.Body, new FeedParseOptions { DocumentUrl = response.FinalUrl, ContentType = response.ContentType });
    }

    private static string Describe(ParsedFeed feed)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{feed.Title}  [{feed.Format}, {feed.Encoding}]");
        if (feed.SiteUrl is not null) text.AppendLine($"site: {feed.SiteUrl}");
        if (feed.FeedUrl is not null) text.AppendLine($"feed: {feed.FeedUrl}");
        foreach (var warning in feed.Warnings) text.AppendLine($"warning: {warning}");
        text.AppendLine($"{feed.Entries.Count} entries");
        foreach (var e in feed.Entries)
            text.AppendLine($"  {e.Published?.UtcDateTime.ToString("yyyy-MM-dd HH:mm") ?? "(no date)",-16}  {e.Title}  <{e.Url}>");
        return text.ToString().TrimEnd();
    }
}
