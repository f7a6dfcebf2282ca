using System.Security.Cryptography;
using Inertia.Storage;

namespace Inertia.Accounts;

/// <summary>
/// On first start with no users, creates the admin account: from INERTIA_ADMIN_USER / INERTIA_ADMIN_PASSWORD when set,
/// else "admin" with a generated password printed once to the console.
/// </summary>
public static class FirstAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserStore>();
        if (await users.CountAsync(ct) > 0) return;

        var configuration = services.GetRequiredService<IConfiguration>();
        var username = NonEmpty(configuration["INERTIA_ADMIN_USER"]) ?? "admin";
        var password = NonEmpty(configuration["INERTIA_ADMIN_PASSWORD"]);
        var generated = password is null;
        password ??= GeneratePassword();

        try
        {
            await users.CreateAsync(username, Passwords.Hash(password), isAdmin: true, ct);
        }
        catch (DuplicateException)
        {
            return; // another node created it first
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Inertia.Accounts");
        if (generated)
        {
            // Printed once, on purpose to the console and not to structured logs that may be shipped elsewhere.
            Console.WriteLine();
            Console.WriteLine($"  Created the first admin account:  user \"{username}\"  password \"{password}\"");
            Console.WriteLine("  Change it after signing in (or: inertia user passwd " + username + ").");
            Console.WriteLine();
        }
        logger.LogInformation("Created first admin account {User}", username);
    }

    /// <summary>18 characters from an unambiguous alphabet: about 100 bits.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 18);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
