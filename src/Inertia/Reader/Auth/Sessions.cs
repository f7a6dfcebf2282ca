using System.Security.Claims;
using Inertia.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Auth;

/// <summary>
/// Sign-in sessions kept in the database (<see cref="SessionStore"/>): the auth cookie carries the session id, and
/// every request checks that the session still exists, so signing a browser out from another one works at once.
/// </summary>
/// <remarks>
/// The check is cheap: a valid session is remembered in memory for <see cref="CacheFor"/>, and a revocation on this
/// node evicts it at once. Another node sharing the database notices within <see cref="CacheFor"/>. Last use is
/// written at most every <see cref="TouchEvery"/>, not on every request.
/// </remarks>
public sealed class Sessions(SessionStore store, IMemoryCache cache, IOptions<ReaderOptions> options)
{
    public const string ClaimType = "inertia:sid";
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);
    internal static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(5);

    private sealed record Known(long UserId, DateTimeOffset LastSeenAt);

    /// <summary>Records a session for the user and signs this browser in with it.</summary>
    public async Task SignInAsync(HttpContext context, UserRecord user, bool persistent)
    {
        var ct = context.RequestAborted;
        var sessionId = await store.CreateAsync(
            user.Id, context.Request.Headers.UserAgent.ToString(), context.Connection.RemoteIpAddress?.ToString(),
            TimeSpan.FromDays(Math.Max(1, options.Value.SessionDays)), ct);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.Username),
                new Claim(ClaimType, sessionId),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        if (user.IsAdmin) identity.AddClaim(new Claim(ClaimTypes.Role, "admin"));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = persistent });
    }

    /// <summary>Ends one of the user's sessions; its cookie stops working at once.</summary>
    public async Task<bool> EndAsync(long userId, string sessionId, CancellationToken ct)
    {
        var ended = await store.DeleteAsync(userId, sessionId, ct);
        cache.Remove(Key(sessionId));
        return ended;
    }

    /// <summary>Ends every session of the user except <paramref name="keepId"/>.</summary>
    public async Task<int> EndOthersAsync(long userId, string? keepId, CancellationToken ct)
    {
        var ended = await store.DeleteOthersAsync(userId, keepId, ct);
        foreach (var id in ended) cache.Remove(Key(id));
        return ended.Count;
    }

    /// <summary>Cookie auth's OnValidatePrincipal: a cookie whose session is gone (or that has none) signs out.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal?.FindFirstValue(ClaimType);
        var userId = long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (long?)null;
        if (sessionId is null || userId is null)
        {
            await RejectAsync(context);
            return;
        }

        var ct = context.HttpContext.RequestAborted;
        var now = DateTimeOffset.UtcNow;
        if (!cache.TryGetValue(Key(sessionId), out Known? known) || known is null)
        {
            var session = await store.GetAsync(userId.Value, sessionId, ct);
            if (session is null)
            {
                await RejectAsync(context);
                return;
            }
            known = new Known(session.UserId, session.LastSeenAt);
            // Absolute, never extended by use: another node's revocation is seen within CacheFor.
            cache.Set(Key(sessionId), known, CacheFor);
        }
        if (known.UserId != userId)
        {
            await RejectAsync(context);
            return;
        }
        if (now - known.LastSeenAt > TouchEvery)
        {
            await store.TouchAsync(sessionId, now, context.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            cache.Remove(Key(sessionId));
        }
    }

    /// <summary>Cookie auth's OnSigningOut: signing out ends the session in the database too.</summary>
    public async Task SigningOutAsync(CookieSigningOutContext context)
    {
        var user = context.HttpContext.User;
        if (user.FindFirstValue(ClaimType) is { } sessionId && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            await EndAsync(userId, sessionId, context.HttpContext.RequestAborted);
    }

    /// <summary>The session id of the signed-in user of this request, if any.</summary>
    public static string? CurrentId(ClaimsPrincipal user) => user.FindFirstValue(ClaimType);

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static string Key(string sessionId) => "session:" + sessionId;
}
