using Inertia.Public.Access;
using Inertia.Storage;

namespace Inertia.Public.Catalog;

/// <summary>
/// The catalog and the public settings as every public page needs them, read at most every few seconds: a shared
/// article link can draw a crowd, and the catalog changes only when an admin edits it. Changes made on this node
/// are seen at once (<see cref="Invalidate"/>); other nodes see them within <see cref="MaxAge"/>.
/// </summary>
public sealed class CatalogSnapshot(CatalogStore store, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private sealed record Snapshot(IReadOnlyList<CatalogFeed> Feeds, PublicSettings Settings, long Timestamp);

    private Snapshot? current;

    public async Task<(IReadOnlyList<CatalogFeed> Feeds, PublicSettings Settings)> GetAsync(CancellationToken ct)
    {
        var snapshot = Volatile.Read(ref current);
        if (snapshot is null || clock.GetElapsedTime(snapshot.Timestamp) > MaxAge)
        {
            var timestamp = clock.GetTimestamp();
            snapshot = new Snapshot(await store.ListAsync(ct), await PublicSettings.LoadAsync(store, ct), timestamp);
            Volatile.Write(ref current, snapshot);
        }
        return (snapshot.Feeds, snapshot.Settings);
    }

    public void Invalidate() => Volatile.Write(ref current, null);
}
