using Inertia.Content.FullArticle;
using Inertia.Reader.Auth;
using Inertia.Reader.Display;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Actions;

/// <summary>Small state changes posted from lists and entry pages (in place with JS, as plain forms without).</summary>
public static class ReaderActions
{
    public static void MapReaderActions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization().AddEndpointFilter<RequireAntiforgery>().DisableAntiforgery();
        group.MapPost("/reader/entries/{id:long}/read", SetRead);
        group.MapPost("/reader/entries/{id:long}/star", SetStarred);
        group.MapPost("/reader/mark-all-read", MarkAllRead);
        group.MapPost("/reader/entries/{id:long}/mark-above-read", MarkAboveRead);
        group.MapPost("/reader/entries/{id:long}/keep-unread", SetKeepUnread);
        group.MapPost("/reader/entries/{id:long}/full-article", FetchFullArticle);
        group.MapPost("/signout", (Delegate)SignOut);
    }

    private static async Task<IResult> SetRead(long id, HttpContext context, EntryStore entries, SubscriptionStore subscriptions, ReadingStateStore reading)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var entry = await entries.GetAsync(userId, id, context.RequestAborted);
        if (entry is null) return Results.NotFound();
        var read = InPlace.Flag(form, "read");
        await entries.SetReadAsync(userId, [id], read, context.RequestAborted);
        // Marking it read by hand ends "keep unread".
        if (read) await reading.SetKeepUnreadAsync(userId, id, false, context.RequestAborted);
        return InPlace.Done(context, form, await StateAsync(userId, entry with { IsRead = read }, entries, subscriptions, context.RequestAborted), $"/reader/entries/{id}");
    }

    private static async Task<IResult> SetStarred(long id, HttpContext context, EntryStore entries, SubscriptionStore subscriptions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var entry = await entries.GetAsync(userId, id, context.RequestAborted);
        if (entry is null) return Results.NotFound();
        var starred = InPlace.Flag(form, "starred");
        await entries.SetStarredAsync(userId, [id], starred, context.RequestAborted);
        return InPlace.Done(context, form, await StateAsync(userId, entry with { IsStarred = starred }, entries, subscriptions, context.RequestAborted), $"/reader/entries/{id}");
    }

    /// <summary>Marks the list read up to the time it was rendered, so entries that arrived since stay unread.</summary>
    private static async Task<IResult> MarkAllRead(HttpContext context, EntryStore entries, TagStore tags)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var feedId = InPlace.Id(form, "feed");
        var scope = new EntryScope(feedId, feedId is null ? InPlace.Id(form, "category") : null);
        var upTo = InPlace.Id(form, "upTo") is { } ticks && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : DateTimeOffset.UtcNow;
        var marked = InPlace.Id(form, "tag") is { } tagId
            ? await tags.MarkAllReadAsync(userId, tagId, upTo, context.RequestAborted)
            : await entries.MarkAllReadAsync(userId, scope, upTo, context.RequestAborted);
        var unread = await entries.CountUnreadAsync(userId, context.RequestAborted);
        return InPlace.Done(context, form, new { marked, unread });
    }

    /// <summary>
    /// Marks read the entries listed above this one, in the list the action URL names (?in=, feed=, category=,
    /// order=, as in entry links), up to the time the list was rendered.
    /// </summary>
    private static async Task<IResult> MarkAboveRead(long id, HttpContext context, EntryStore entries, SubscriptionStore subscriptions, ReadingStateStore reading)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var entry = await entries.GetAsync(userId, id, context.RequestAborted);
        if (entry is null) return Results.NotFound();
        var query = context.Request.Query;
        var list = ListRef.Parse(query["in"], QueryId(query, "feed"), QueryId(query, "category"), EntryFilter.All, query["order"]);
        var upTo = InPlace.Id(form, "upTo") is { } ticks && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : DateTimeOffset.UtcNow;
        var marked = await reading.MarkAboveReadAsync(userId, list.Query(1), new EntryCursor(entry.SortAt, entry.Id), upTo, context.RequestAborted);
        var unread = await entries.CountUnreadAsync(userId, context.RequestAborted);
        // A category or top-level list spans feeds: every feed's count, for the sidebar.
        var feeds = InPlace.WantsJson(context.Request)
            ? (await subscriptions.ListAsync(userId, context.RequestAborted)).ToDictionary(s => s.FeedId.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.UnreadCount)
            : null;
        return InPlace.Done(context, form, new { marked, unread, feeds }, list.ListPath);
    }

    /// <summary>"Keep unread": marks the entry unread, and opening it no longer marks it read until the user does.</summary>
    private static async Task<IResult> SetKeepUnread(long id, HttpContext context, EntryStore entries, SubscriptionStore subscriptions, ReadingStateStore reading)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var keep = InPlace.Flag(form, "keep");
        if (!await reading.SetKeepUnreadAsync(userId, id, keep, context.RequestAborted)) return Results.NotFound();
        var entry = (await entries.GetAsync(userId, id, context.RequestAborted))!;
        var unread = await entries.CountUnreadAsync(userId, context.RequestAborted);
        var feed = await subscriptions.GetAsync(userId, entry.FeedId, context.RequestAborted);
        return InPlace.Done(context, form, new
        {
            id, keepUnread = keep, read = entry.IsRead, starred = entry.IsStarred, unread, feedId = entry.FeedId, feedUnread = feed?.UnreadCount,
        }, $"/reader/entries/{id}");
    }

    /// <summary>
    /// Fetches the entry's page and shows its full article in place of the feed's content. A script gets the
    /// sanitized article (or the reason there is none) as JSON; a form goes back to the entry, with the reason as a
    /// message when it failed.
    /// </summary>
    private static async Task<IResult> FetchFullArticle(long id, HttpContext context, FullArticleFetcher fetcher, IStringLocalizer<ReaderText> L)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        try
        {
            var article = await fetcher.FetchAsync(userId, id, selector: null, refresh: InPlace.Flag(form, "refresh"), context.RequestAborted);
            if (article is null) return Results.NotFound();
            return InPlace.Done(context, form, new { ok = true, id, content = article.Content, url = article.Url }, $"/reader/entries/{id}");
        }
        catch (FullArticleException e)
        {
            var message = Describe(e, L);
            if (InPlace.WantsJson(context.Request)) return Results.Json(new { ok = false, id, error = message });
            var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
            tempData["FlashError"] = message;
            tempData.Save();
            return InPlace.Done(context, form, new { }, $"/reader/entries/{id}");
        }
    }

    private static string Describe(FullArticleException e, IStringLocalizer<ReaderText> L) => e.Problem switch
    {
        FullArticleProblem.NoLink => L["This entry has no web page to fetch."],
        FullArticleProblem.Unreachable => L["The page could not be fetched: {0}", e.Message],
        FullArticleProblem.NotAPage => L["The link does not lead to a web page."],
        FullArticleProblem.InvalidSelector => L["The CSS selector is not valid: {0}", e.Message],
        _ => L["No article text was found on the page."],
    };

    private static long? QueryId(IQueryCollection query, string name) => long.TryParse(query[name], out var value) ? value : null;

    private static async Task<IResult> SignOut(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return InPlace.Done(context, form, new { signedOut = true }, "/signin");
    }

    private static async Task<object> StateAsync(long userId, EntryView entry, EntryStore entries, SubscriptionStore subscriptions, CancellationToken ct)
    {
        var unread = await entries.CountUnreadAsync(userId, ct);
        var feed = await subscriptions.GetAsync(userId, entry.FeedId, ct);
        return new { id = entry.Id, read = entry.IsRead, starred = entry.IsStarred, unread, feedId = entry.FeedId, feedUnread = feed?.UnreadCount };
    }
}
