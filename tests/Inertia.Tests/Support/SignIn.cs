using Microsoft.Playwright;

namespace Inertia.Tests.Support;

public static class SignIn
{
    /// <summary>Signs in through the sign-in form, as a person would, and waits for the reader.</summary>
    public static async Task SignInAsync(this IPage page, string username, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-username").FillAsync(username);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync("**/reader");
    }
}
