using Dapper;
using Inertia.Feeds.Opml;
using Inertia.Storage;
using Inertia.Subscriptions;
using Inertia.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inertia.Tests.Reader;

/// <summary>OPML imports as background jobs, on both dialects: summary, one job per user, takeover after a crash.</summary>
public abstract class OpmlImportJobsTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string Document = """
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>Mine</title></head><body>
          <outline text="Tech">
            <outline text="News">
              <outline text="Alpha" type="rss" xmlUrl="https://alpha.example/feed.xml"/>
              <outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
            </outline>
            <outline text="Beta" type="rss" xmlUrl="https://beta.example/feed.xml"/>
          </outline>
          <outline text="Gamma" type="rss" xmlUrl="https://gamma.example/feed.xml"/>
          <outline text="Alpha again" type="rss" xmlUrl="https://alpha.example/feed.xml"/>
        </body></opml>
        """;

    private OpmlImportJobs NewJobs(Database db) =>
        new(db, new OpmlImport(new FeedSubscriber(new FeedStore(db), new SubscriptionStore(db))), TimeProvider.System, NullLogger<OpmlImportJobs>.Instance);

    private static IReadOnlyList<OpmlImportItem> Plan() => OpmlImport.Plan(Opml.Read(System.Text.Encoding.UTF8.GetBytes(Document)));

    [Fact]
    public async Task A_job_subscribes_every_feed_with_its_innermost_folder_and_reports_each_failure()
    {
        var user = await NewUserAsync();
        await Subscriptions.SubscribeAsync(user, await NewFeedAsync("https://gamma.example/feed.xml"), null, null);
        var jobs = NewJobs(Db);

        var (id, already) = await jobs.StartAsync(user, "mine.opml", Plan());
        Assert.False(already);
        Assert.Equal(OpmlImportJobs.Queued, (await jobs.GetAsync(user, id))!.Status);
        Assert.Equal(1, await jobs.RunPendingAsync());

        var job = (await jobs.GetAsync(user, id))!;
        Assert.True(job.IsDone);
        Assert.Equal((4, 4, 2, 1), (job.Total, job.Processed, job.Added, job.AlreadySubscribed));
        var failure = Assert.Single(job.Failures);
        Assert.Equal(("javascript:alert(1)", "not an http(s) URL"), (failure.Url, failure.Reason));
        Assert.NotNull(job.FinishedAt);

        var subscriptions = await Subscriptions.ListAsync(user);
        Assert.Equal("News", subscriptions.Single(s => s.FeedUrl == "https://alpha.example/feed.xml").CategoryName);
        Assert.Equal("Tech", subscriptions.Single(s => s.FeedUrl == "https://beta.example/feed.xml").CategoryName);
        Assert.Equal(3, subscriptions.Count);
        Assert.Equal(0, await jobs.RunPendingAsync());
    }

    [Fact]
    public async Task A_user_has_one_import_under_way_and_sees_only_their_own()
    {
        var user = await NewUserAsync();
        var bob = await NewUserAsync("bob");
        var jobs = NewJobs(Db);

        var (first, _) = await jobs.StartAsync(user, "a.opml", Plan());
        var (second, already) = await jobs.StartAsync(user, "b.opml", Plan());
        Assert.True(already);
        Assert.Equal(first, second);
        Assert.Null(await jobs.GetAsync(bob, first));
        Assert.Empty(await jobs.ListAsync(bob));

        await jobs.RunPendingAsync();
        var (third, again) = await jobs.StartAsync(user, "c.opml", Plan());
        Assert.False(again);
        Assert.Equal(["c.opml", "a.opml"], (await jobs.ListAsync(user)).Select(j => j.FileName));
        Assert.NotEqual(first, third);
    }

    [Fact]
    public async Task A_job_left_running_by_a_stopped_node_is_taken_over_where_it_stopped()
    {
        var user = await NewUserAsync();
        var (id, _) = await NewJobs(Db).StartAsync(user, "mine.opml", Plan());
        // The node that claimed it saved progress after two feeds (alpha added, the bad one failed), then died.
        await Subscriptions.SubscribeAsync(user, await NewFeedAsync("https://alpha.example/feed.xml"), null, null);
        await using (var connection = await Db.OpenAsync())
            await connection.ExecuteAsync(
                "UPDATE opml_imports SET status = 'running', processed = 2, added = 1, failures = @failures, lease_until = @past WHERE id = @id",
                new { id, failures = """[{"url":"javascript:alert(1)","reason":"not an http(s) URL"}]""", past = Micros.From(DateTimeOffset.UtcNow.AddMinutes(-1)) });

        // Another node (its own Database on the same storage) takes it over.
        await using var other = new Database(Options);
        Assert.Equal(1, await NewJobs(other).RunPendingAsync());

        var job = (await NewJobs(Db).GetAsync(user, id))!;
        Assert.True(job.IsDone);
        Assert.Equal((4, 3, 0), (job.Processed, job.Added, job.AlreadySubscribed));
        Assert.Single(job.Failures);
        Assert.Equal(3, (await Subscriptions.ListAsync(user)).Count);
    }

    [Fact]
    public async Task A_running_job_whose_lease_has_not_passed_is_left_to_its_node()
    {
        var user = await NewUserAsync();
        var (id, _) = await NewJobs(Db).StartAsync(user, "mine.opml", Plan());
        await using (var connection = await Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE opml_imports SET status = 'running', lease_until = @future WHERE id = @id",
                new { id, future = Micros.From(DateTimeOffset.UtcNow.AddMinutes(1)) });

        Assert.Equal(0, await NewJobs(Db).RunPendingAsync());
        Assert.Equal(0, (await NewJobs(Db).GetAsync(user, id))!.Processed);
    }
}

public sealed class SqliteOpmlImportJobsTests() : OpmlImportJobsTests(DatabaseProvider.Sqlite);
public sealed class PostgresOpmlImportJobsTests() : OpmlImportJobsTests(DatabaseProvider.Postgres);
