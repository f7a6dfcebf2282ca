using Microsoft.Playwright;

namespace Inertia.Tests.Support;

/// <summary>
/// Key presses for pages whose shortcuts come from reader.js. The module runs only after the page is parsed, so a
/// test that presses a key as soon as the page's text shows could race it; these wait for the mark it sets last.
/// </summary>
public static class PageKeys
{
    public static async Task PressKeyAsync(this IPage page, string key)
    {
        await page.Locator("html[data-script-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Keyboard.PressAsync(key);
    }
}
