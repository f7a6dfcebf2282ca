using System.Security.Claims;

namespace Inertia.Reader.Auth;

public static class CurrentUser
{
    /// <summary>The signed-in user's id; every storage query is scoped by it.</summary>
    public static long UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("No signed-in user.");
}
