namespace Inertia.Storage;

public static class StorageServices
{
    /// <summary>Database (from the "Storage" section) and the stores, as singletons, plus the background
    /// <see cref="StorageMaintenance"/> (search backfill, retention, SQLite statistics).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(options);
        services.AddSingleton<Database>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<EntryStore>();
        services.AddSingleton<SearchStore>();
        services.AddSingleton<SavedSearchStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<ReadingStateStore>();
        services.AddSingleton<FetchLogStore>();
        services.AddSingleton<TagStore>();
        services.AddHostedService<StorageMaintenance>();
        services.AddHostedService<Search.SearchIndexer>();
        services.AddHostedService<ReadState.ReadHorizonSweeper>();
        return services;
    }
}
