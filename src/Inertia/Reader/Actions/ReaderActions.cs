using Inertia.Reader.Auth;
using Inertia.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

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
        group.MapPost("/signout", (Delegate)SignOut);
    }

    private static async Task<IResult> SetRead(long id, HttpContext context, EntryStore entries, SubscriptionStore subscriptions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var entry = await entries.GetAsync(userId, id, context.RequestAborted);
        if (entry is null) return Results.NotFound();
        var read = InPlace.Flag(form, "read");
        await entries.SetReadAsync(userId, [id], read, context.RequestAborted);
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
    private static async Task<IResult> MarkAllRead(HttpContext context, EntryStore entries)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var feedId = InPlace.Id(form, "feed");
        var scope = new EntryScope(feedId, feedId is null ? InPlace.Id(form, "category") : null);
        var upTo = InPlace.Id(form, "upTo") is { } ticks && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : DateTimeOffset.UtcNow;
        var marked = await entries.MarkAllReadAsync(userId, scope, upTo, context.RequestAborted);
        var unread = await entries.CountUnreadAsync(userId, context.RequestAborted);
        return InPlace.Done(context, form, new { marked, unread });
    }

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
