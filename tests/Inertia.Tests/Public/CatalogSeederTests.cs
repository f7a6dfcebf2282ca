using Inertia.Public.Catalog;
using Inertia.Storage;
using Inertia.Tests.Support;

namespace Inertia.Tests.Public;

/// <summary>The shipped catalog is loaded once per database, on the first start, and never again.</summary>
public class CatalogSeederTests
{
    [Fact]
    public async Task First_start_loads_the_shipped_catalog_once_and_an_emptied_catalog_stays_empty()
    {
        var dir = Directory.CreateTempSubdirectory("inertia-seed-").FullName;
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = dir };
        try
        {
            var shipped = CatalogOpml.ReadShipped().Count;
            await using (var first = await InertiaServer.StartAsync(settings: settings))
            {
                var catalog = await first.Get<CatalogStore>().ListAsync();
                Assert.Equal(shipped, catalog.Count);
                Assert.All(catalog, c => Assert.False(string.IsNullOrEmpty(c.Description)));
            }
            await using (var second = await InertiaServer.StartAsync(settings: settings))
            {
                var store = second.Get<CatalogStore>();
                Assert.Equal(shipped, await store.CountAsync());
                foreach (var entry in await store.ListAsync()) await store.DeleteAsync(entry.Id);
            }
            await using (var third = await InertiaServer.StartAsync(settings: settings))
                Assert.Equal(0, await third.Get<CatalogStore>().CountAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
