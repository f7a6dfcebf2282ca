using System.Diagnostics;
using Dapper;
using Inertia.Storage;

namespace Inertia.Bench.Storage;

/// <summary>The dataset's shape. Everything derives from <see cref="Seed"/>: two runs with the same figures build the same data.</summary>
internal sealed record DatasetShape(int Feeds, int Entries, int Users, int Seed)
{
    public const int Categories = 10;

    /// <summary>Share of all feeds each user follows: one heavy reader, a few moderate ones, several light ones.</summary>
    public static readonly double[] FollowShare = [0.5, 0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.05, 0.05, 0.03];

    /// <summary>Share of a user's feeds per category "c0".."c9": the heavy reader's c0 holds ~10 % of all entries
    /// (100,000 at a million), the mark-as-read case.</summary>
    public static readonly double[] CategoryShare = [0.2, 0.15, 0.12, 0.1, 0.1, 0.08, 0.08, 0.07, 0.05, 0.05];

    /// <summary>Fixed "now" of the generated data, so dates are the same whenever it is generated.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Writes the dataset through the real storage API (stores, batched upserts), as the fetcher would.</summary>
internal sealed class DatasetGenerator(Database db, DatasetShape shape, int parallelism, bool bulk = false, DateTimeOffset? loadUntil = null, bool searchIndex = true, int ftsHashMegabytes = 0, int ftsAutomerge = 0)
{
    public async Task<TimeSpan> GenerateAsync()
    {
        var clock = Stopwatch.StartNew();
        var users = new UserStore(db);
        var feeds = new FeedStore(db);
        var subscriptions = new SubscriptionStore(db);
        var entries = new EntryStore(db);
        var random = new Random(shape.Seed);

        // A bulk load interrupted earlier (--resume) continues after its last committed batch: the same random
        // sequence is replayed without writing what is already there.
        var resuming = bulk && await users.FindByNameAsync("bench1") is not null;
        var feedIds = new long[shape.Feeds];
        var userIds = new long[shape.Users];
        if (resuming)
        {
            await using var connection = await db.OpenAsync();
            var byUrl = (await connection.QueryAsync<(long Id, string Url)>("SELECT id, url FROM feeds")).ToDictionary(r => r.Url, r => r.Id);
            for (var f = 0; f < shape.Feeds; f++) feedIds[f] = byUrl[FeedUrl(f)];
            for (var u = 0; u < shape.Users; u++)
            {
                userIds[u] = (await users.FindByNameAsync($"bench{u + 1}"))!.Id;
                var share = DatasetShape.FollowShare[u % DatasetShape.FollowShare.Length];
                for (var f = 0; f < shape.Feeds; f++)
                    if (random.NextDouble() < share) Pick(random, DatasetShape.CategoryShare);
            }
        }
        else
        {
            for (var f = 0; f < shape.Feeds; f++)
                feedIds[f] = (await feeds.GetOrCreateAsync(FeedUrl(f))).Id;

            // Subscriptions first, so entries arrive the way they do in production: each new entry gets a state row per subscriber.
            for (var u = 0; u < shape.Users; u++)
            {
                userIds[u] = await users.CreateAsync($"bench{u + 1}", "not-a-real-hash", isAdmin: u == 0);
                var categoryIds = new long[DatasetShape.Categories];
                for (var c = 0; c < categoryIds.Length; c++)
                    categoryIds[c] = await subscriptions.GetOrCreateCategoryAsync(userIds[u], $"c{c}");
                var share = DatasetShape.FollowShare[u % DatasetShape.FollowShare.Length];
                for (var f = 0; f < shape.Feeds; f++)
                {
                    if (random.NextDouble() >= share) continue;
                    await subscriptions.SubscribeAsync(userIds[u], feedIds[f], categoryIds[Pick(random, DatasetShape.CategoryShare)], null);
                }
            }
        }
        Console.WriteLine($"  {shape.Feeds} feeds, {shape.Users} users and their subscriptions in {clock.Elapsed.TotalSeconds:0.0} s");

        // Entries per feed vary (weights 0.2–1.8) and sum to the total.
        var weights = Enumerable.Range(0, shape.Feeds).Select(_ => 0.2 + 1.6 * random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var counts = weights.Select(w => (int)(w / sum * shape.Entries)).ToArray();
        for (var i = 0; counts.Sum() < shape.Entries; i++) counts[i % shape.Feeds]++;

        if (bulk)
        {
            await new BulkLoader(db, shape, searchIndex, ftsHashMegabytes, ftsAutomerge).LoadAsync(feedIds, counts, clock, loadUntil);
            await SetReadAndStarredAsync(entries, subscriptions, userIds);
            await AnalyzeAsync();
            return clock.Elapsed;
        }

        var done = 0L;
        var nextReport = shape.Entries / 50;
        await Parallel.ForEachAsync(Enumerable.Range(0, shape.Feeds), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (f, ct) =>
        {
            var batch = FeedEntries(f, counts[f]);
            await entries.UpsertAsync(feedIds[f], batch, DatasetShape.Now, ct);
            var total = Interlocked.Add(ref done, batch.Count);
            if (total >= Volatile.Read(ref nextReport))
            {
                Interlocked.Add(ref nextReport, shape.Entries / 50);
                Console.WriteLine($"  {total:N0} entries, {clock.Elapsed.TotalSeconds:0} s, load {Machine.LoadAverage()}");
            }
        });

        await SetReadAndStarredAsync(entries, subscriptions, userIds);
        await AnalyzeAsync();
        return clock.Elapsed;
    }

    /// <summary>One feed's entries, newest first as a document lists them, published over the last year. 30 % of feeds
    /// write Chinese.</summary>
    private List<EntryData> FeedEntries(int feed, int count)
    {
        var random = new Random(HashCode.Combine(shape.Seed, feed));
        var topic = feed % TextGenerator.Topics;
        var chinese = feed / TextGenerator.Topics % 10 < 3; // independent of the topic
        var list = new List<EntryData>(count);
        var published = DatasetShape.Now;
        var step = TimeSpan.FromDays(365.0 / Math.Max(1, count));
        for (var i = 0; i < count; i++)
        {
            published -= step * (0.5 + random.NextDouble());
            var title = TextGenerator.Title(random, topic, chinese);
            var content = TextGenerator.Content(random, topic, chinese, random.Next(500, 5001));
            var key = $"{feed}-{i}";
            list.Add(new EntryData(key, key, $"https://site{feed % 997}.example/{feed}/{i}", title, $"author{random.Next(50)}",
                null, content, published, null, [], [], null, null));
        }
        return list;
    }

    /// <summary>Read state as a reader leaves it: categories c1..c9 read up to 90 days ago and 10 % of the rest read at
    /// random; 1 % starred. c0 stays wholly unread (the mark-as-read measurement).</summary>
    private async Task SetReadAndStarredAsync(EntryStore entries, SubscriptionStore subscriptions, long[] userIds)
    {
        foreach (var userId in userIds)
        {
            foreach (var category in await subscriptions.ListCategoriesAsync(userId))
            {
                if (category.Name == "c0") continue;
                await entries.MarkAllReadAsync(userId, new EntryScope(CategoryId: category.Id), DatasetShape.Now.AddDays(-90));
            }
            await using var connection = await db.OpenAsync();
            var ids = (await connection.QueryAsync<(long Id, long? CategoryId)>(
                "SELECT st.entry_id, st.category_id FROM entry_states st JOIN categories c ON c.id = st.category_id WHERE st.user_id = @userId AND c.name <> 'c0'",
                new { userId })).ToList();
            var random = new Random(HashCode.Combine(shape.Seed, userId));
            await entries.SetReadAsync(userId, ids.Where(_ => random.Next(10) == 0).Select(i => i.Id).ToList(), read: true);
            await entries.SetStarredAsync(userId, ids.Where(_ => random.Next(100) == 0).Select(i => i.Id).ToList(), starred: true);
        }
    }

    /// <summary>Planner statistics, as a running server has them (SQLite: optimize at start; PostgreSQL: autovacuum).</summary>
    private async Task AnalyzeAsync()
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.OptimizeAsync();
            return;
        }
        await using var connection = await db.OpenAsync();
        // Without the search index (--no-search): vacuum only the state table the lists read, statistics everywhere.
        await connection.ExecuteAsync(searchIndex ? "VACUUM ANALYZE" : "VACUUM ANALYZE entry_states; ANALYZE", commandTimeout: 3600);
    }

    private static string FeedUrl(int f) => $"https://site{f % 997}.example/feed{f}.xml";

    private static int Pick(Random random, double[] shares)
    {
        var x = random.NextDouble() * shares.Sum();
        for (var i = 0; i < shares.Length; i++)
            if ((x -= shares[i]) < 0) return i;
        return shares.Length - 1;
    }
}
