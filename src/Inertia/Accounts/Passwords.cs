using Inertia.Storage;
using Microsoft.AspNetCore.Identity;

namespace Inertia.Accounts;

/// <summary>ASP.NET Core Identity's hasher (PBKDF2, versioned format) for every password Inertia stores.</summary>
public static class Passwords
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    // Verifying against this when the user does not exist costs the same time as a real check, so response times
    // do not tell which user names exist.
    private static readonly string DummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Failed for an unknown user too, after the same work; SuccessRehashNeeded asks for <see cref="Hash"/> again.</summary>
    public static PasswordVerificationResult Verify(UserRecord? user, string password)
    {
        if (user is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return PasswordVerificationResult.Failed;
        }
        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
    }
}
