using Inertia.Fetching;
using Inertia.Reader.Auth;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Inertia.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Pages;

/// <summary>
/// Add a feed: the typed URL (feed or site) goes through discovery; one candidate is subscribed at once, several are
/// offered as a choice. The first refresh runs before the redirect, so the feed opens with its entries.
/// </summary>
public sealed class AddFeedModel(
    FeedDiscovery discovery, FeedRefresher refresher, FeedSubscriber subscriber, SubscriptionStore subscriptions,
    IStringLocalizer<ReaderText> L) : PageModel
{
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Choice { get; set; }

    public IReadOnlyList<FeedCandidate> Candidates { get; private set; } = [];
    public IReadOnlyList<CategoryRecord> Categories { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync([FromQuery] string? url, CancellationToken ct)
    {
        Address = url;
        Categories = await subscriptions.ListCategoriesAsync(User.UserId(), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Categories = await subscriptions.ListCategoriesAsync(userId, ct);

        // A candidate picked from the list: subscribe to exactly that.
        if (FeedSubscriber.NormalizeUrl(Choice) is { } chosen) return await SubscribeAsync(userId, chosen, ct);

        if (FeedSubscriber.NormalizeUrl(Address) is not { } url)
        {
            Error = L["Enter the address of a feed or of a website."];
            return Page();
        }
        Address = url;
        try
        {
            Candidates = await discovery.DiscoverAsync(url, ct);
        }
        catch (FetchException e)
        {
            Error = L["Could not read {0}: {1}", url, e.Message];
            return Page();
        }
        if (Candidates.Count == 0)
        {
            Error = L["No feed found at {0}.", url];
            return Page();
        }
        if (Candidates.Count == 1) return await SubscribeAsync(userId, Candidates[0].Url, ct);
        return Page();
    }

    private async Task<IActionResult> SubscribeAsync(long userId, string url, CancellationToken ct)
    {
        var (feedId, _) = await subscriber.SubscribeAsync(userId, url, Category, ct: ct);
        var outcome = await refresher.RefreshAsync(feedId, ct);
        if (outcome.Success) TempData["Flash"] = L["Subscribed."].Value;
        else TempData["FlashError"] = L["Subscribed, but the first fetch failed: {0}", outcome.Error ?? ""].Value;
        return Redirect($"/reader/feeds/{feedId}");
    }
}
