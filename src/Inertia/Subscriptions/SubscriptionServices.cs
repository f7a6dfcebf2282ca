namespace Inertia.Subscriptions;

public static class SubscriptionServices
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services) =>
        services.AddSingleton<FeedSubscriber>().AddSingleton<OpmlImport>().AddSingleton<OpmlExport>()
            .AddSingleton<OpmlImportJobs>().AddHostedService<OpmlImportWorker>()
            .AddSingleton<StarredExport>().AddSingleton<StarredImport>();
}
