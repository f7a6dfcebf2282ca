using System.CommandLine;
using Inertia.Accounts;
using Inertia.Storage;

namespace Inertia.Cli;

public static class UserCommands
{
    public static Command Build()
    {
        var user = new Command("user", "Manage user accounts");
        user.Add(BuildAdd());
        user.Add(BuildList());
        user.Add(BuildPasswd());
        return user;
    }

    private static Option<string?> PasswordOption() => new("--password")
    {
        Description = "The password (default: generate one and print it)",
    };

    private static Command BuildAdd()
    {
        var name = new Argument<string>("name") { Description = "User name" };
        var password = PasswordOption();
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator" };
        var command = new Command("add", "Create a user") { name, password, admin };
        command.SetAction(async (result, ct) =>
        {
            var username = result.GetRequiredValue(name).Trim();
            if (username.Length == 0) return Fail("the user name is empty");
            var (secret, generated) = PasswordFrom(result.GetValue(password));
            await using var host = await CliHost.OpenAsync(result, ct);
            try
            {
                await host.Get<UserStore>().CreateAsync(username, Passwords.Hash(secret), result.GetValue(admin), ct);
            }
            catch (DuplicateException)
            {
                return Fail($"a user named \"{username}\" already exists");
            }
            Console.WriteLine(generated ? $"created user {username} with password {secret}" : $"created user {username}");
            return 0;
        });
        return command;
    }

    private static Command BuildList()
    {
        var command = new Command("list", "List users");
        command.SetAction(async (result, ct) =>
        {
            await using var host = await CliHost.OpenAsync(result, ct);
            foreach (var u in await host.Get<UserStore>().ListAsync(ct))
                Console.WriteLine($"{u.Id}\t{u.Username}\t{(u.IsAdmin ? "admin" : "user")}\t{u.CreatedAt:yyyy-MM-dd}");
            return 0;
        });
        return command;
    }

    private static Command BuildPasswd()
    {
        var name = new Argument<string>("name") { Description = "User name" };
        var password = PasswordOption();
        var command = new Command("passwd", "Set a user's password") { name, password };
        command.SetAction(async (result, ct) =>
        {
            var (secret, generated) = PasswordFrom(result.GetValue(password));
            await using var host = await CliHost.OpenAsync(result, ct);
            var user = await host.FindUserAsync(result.GetRequiredValue(name), ct);
            if (user is null) return 1;
            await host.Get<UserStore>().SetPasswordAsync(user.Id, Passwords.Hash(secret), ct);
            // A reset password is often a lost or stolen one: every browser signed in with the old one is signed out.
            var ended = await host.Get<SessionStore>().DeleteOthersAsync(user.Id, keepId: null, ct);
            Console.WriteLine(generated ? $"new password for {user.Username}: {secret}" : $"password changed for {user.Username}");
            if (ended.Count > 0) Console.WriteLine($"signed out {ended.Count} session(s)");
            return 0;
        });
        return command;
    }

    private static (string Password, bool Generated) PasswordFrom(string? given) =>
        string.IsNullOrEmpty(given) ? (FirstAdmin.GeneratePassword(), true) : (given, false);

    internal static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 1;
    }
}
