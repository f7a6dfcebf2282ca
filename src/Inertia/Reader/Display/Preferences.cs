using Inertia.Reader.Auth;
using Inertia.Storage;
using Microsoft.Extensions.Options;

namespace Inertia.Reader.Display;

/// <summary>The signed-in user's reading preferences (Settings), read once per request.</summary>
public static class Preferences
{
    private static readonly object ItemKey = new();

    public static async Task<ReadingPreferences> ReadingAsync(this HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is ReadingPreferences known) return known;
        var preferences = await context.RequestServices.GetRequiredService<UserStore>()
            .GetReadingPreferencesAsync(context.User.UserId(), context.RequestAborted);
        context.Items[ItemKey] = preferences;
        return preferences;
    }

    /// <summary>Entries per list page: the user's choice, else Reader:PageSize.</summary>
    public static int PageSize(this ReadingPreferences preferences, ReaderOptions options) =>
        Math.Clamp(preferences.PageSize ?? options.PageSize, 1, EntryStore.MaxLimit - 1);

    public static int PageSize(this ReadingPreferences preferences, IOptions<ReaderOptions> options) => preferences.PageSize(options.Value);
}
