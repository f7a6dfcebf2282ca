using System.Security.Claims;
using Inertia.Storage;

namespace Inertia.Public.Access;

/// <summary>Who is looking at a public page: nobody, a user, or an admin.</summary>
public static class Viewer
{
    /// <summary>The signed-in user's id (the reader's cookie carries it as NameIdentifier), or null.</summary>
    public static long? UserIdOrNull(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true &&
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static async Task<bool> IsAdminAsync(this ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
        principal.UserIdOrNull() is { } id && await users.GetAsync(id, ct) is { IsAdmin: true };
}
