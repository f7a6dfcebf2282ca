using Inertia.Storage;

namespace Inertia.Public.Catalog;

/// <summary>
/// Loads the shipped catalog once, on the first start of an instance whose catalog is empty. A settings flag records
/// that it ran, so a catalog an admin has emptied on purpose stays empty; inserts skip known URLs, so two nodes
/// starting together cannot double it.
/// </summary>
public sealed class CatalogSeeder(CatalogStore store, ILogger<CatalogSeeder> logger) : IHostedService
{
    public const string SeededKey = "catalog.seeded";

    public async Task StartAsync(CancellationToken ct)
    {
        var settings = await store.GetSettingsAsync(ct);
        if (settings.ContainsKey(SeededKey)) return;
        if (await store.CountAsync(ct) == 0)
        {
            var added = await store.AddManyAsync(CatalogOpml.ReadShipped(), ct);
            logger.LogInformation("Loaded {Count} recommended feeds into the catalog", added);
        }
        await store.TrySetSettingAsync(SeededKey, "true", ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
