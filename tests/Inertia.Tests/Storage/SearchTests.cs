using Dapper;
using Inertia.Storage;
using Inertia.Storage.Search;

namespace Inertia.Tests.Storage;

/// <summary>Full-text search, the same expectations on both engines.</summary>
public abstract class SearchTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    protected SearchStore Search => new(Db);

    protected async Task<(long User, long Feed)> SetupAsync(params (string Key, string Title, string Content)[] entries)
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, entries.Select((e, i) => Entry(e.Key, T0.AddHours(-i), e.Title, e.Content)).ToList(), T0);
        return (user, feed);
    }

    protected async Task<string[]> FindAsync(long user, string text, EntryFilter filter = EntryFilter.All) =>
        (await Search.SearchAsync(user, new SearchQuery(text, filter, Limit: 100))).Select(h => h.Entry.Url!["https://example.org/".Length..]).Order().ToArray();

    [Fact]
    public async Task Chinese_words_are_found_wherever_they_occur()
    {
        var (user, _) = await SetupAsync(
            ("a", "微软发现严重安全漏洞", "<p>补丁已经发布。</p>"),
            ("b", "今日新闻", "<p>研究人员披露了一个漏洞，影响所有版本。</p>"),
            ("c", "安全公告", "<p>请尽快更新。</p>"),
            ("d", "天气预报", "<p>明天有雨，注意安全。</p>"),
            ("e", "无关", "<p>漏水的屋顶需要修理。</p>"));

        Assert.Equal(["a", "b"], await FindAsync(user, "漏洞"));
        Assert.Equal(["a", "c", "d"], await FindAsync(user, "安全"));
        Assert.Equal(["a"], await FindAsync(user, "安全漏洞"));          // contiguous: a phrase of bigrams
        Assert.Equal(["a"], await FindAsync(user, "安全 漏洞"));         // both words, anywhere
        Assert.Equal(["a", "b", "e"], await FindAsync(user, "漏"));      // one character: anywhere
        Assert.Equal(["d"], await FindAsync(user, "雨"));                // a run's last character
        Assert.Empty(await FindAsync(user, "漏洞百出"));
    }

    [Fact]
    public async Task English_words_prefixes_phrases_and_accents()
    {
        var (user, _) = await SetupAsync(
            ("a", "Security update for OpenSSL", "<p>Patch now.</p>"),
            ("b", "Weekly notes", "<p>We are <b>securing</b> the build pipeline.</p>"),
            ("c", "Secure boot explained", "<p>How it works.</p>"),
            ("d", "Café culture", "<p>Coffee, naïve reviews.</p>"));

        Assert.Equal(["a"], await FindAsync(user, "security"));
        Assert.Equal(["a"], await FindAsync(user, "SECURITY"));
        Assert.Equal(["c"], await FindAsync(user, "secure"));
        Assert.Equal(["a", "b", "c"], await FindAsync(user, "secur*"));
        Assert.Equal(["b"], await FindAsync(user, "\"build pipeline\""));
        Assert.Empty(await FindAsync(user, "\"pipeline build\""));
        Assert.Equal(["d"], await FindAsync(user, "cafe"));
        Assert.Equal(["d"], await FindAsync(user, "naive"));
        Assert.Equal(["a"], await FindAsync(user, "openssl patch"));
        Assert.Empty(await FindAsync(user, "   "));
        Assert.Empty(await FindAsync(user, "\"*:&|!()'"));               // syntax characters are not an error
    }

    [Fact]
    public async Task Japanese_and_korean_text_is_found_too()
    {
        var (user, _) = await SetupAsync(
            ("ja", "重大な脆弱性が見つかりました", "<p>アップデートしてください。</p>"),
            ("ko", "보안 업데이트", "<p>심각한 취약점이 발견되었습니다.</p>"),
            ("mixed", "iPhone手机评测", "<p>性能很好</p>"));

        Assert.Equal(["ja"], await FindAsync(user, "脆弱性"));
        Assert.Equal(["ja"], await FindAsync(user, "アップデート"));
        Assert.Equal(["ko"], await FindAsync(user, "취약점"));
        Assert.Equal(["ko"], await FindAsync(user, "보안"));
        Assert.Equal(["mixed"], await FindAsync(user, "iphone手机"));
        Assert.Equal(["mixed"], await FindAsync(user, "手机"));
    }

    [Fact]
    public async Task Titles_rank_above_body_matches_and_hits_are_highlighted()
    {
        var (user, _) = await SetupAsync(
            ("body", "Other news", "<p>Something about <script>x</script>kernel &amp; drivers, in the body only.</p>"),
            ("title", "Kernel release", "<p>Nothing else.</p>"));
        var hits = await Search.SearchAsync(user, new SearchQuery("kernel"));
        Assert.Equal(["title", "body"], hits.Select(h => h.Entry.Url!["https://example.org/".Length..]));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal("<mark>Kernel</mark> release", hits[0].TitleHtml);
        Assert.Equal("Something about <mark>kernel</mark> &amp; drivers, in the body only.", hits[1].SnippetHtml);

        var newest = await Search.SearchAsync(user, new SearchQuery("kernel", NewestFirst: true));
        Assert.Equal(["body", "title"], newest.Select(h => h.Entry.Url!["https://example.org/".Length..]));
        Assert.Single(await Search.SearchAsync(user, new SearchQuery("kernel", Limit: 1, Offset: 1)));
    }

    [Fact]
    public async Task A_word_with_more_matches_than_are_ranked_still_pages_through_every_match()
    {
        // More matches than SearchStore.RankedCandidates: relevance ranks the newest of them, and paging goes on past them.
        var total = SearchStore.RankedCandidates + 30;
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, Enumerable.Range(0, total)
            .Select(i => Entry($"e{i}", T0.AddMinutes(-i), i == 5 ? "安全 in the title" : $"Item {i}", "<p>关于安全的正文。</p>")).ToList(), T0);

        var first = await Search.SearchAsync(user, new SearchQuery("安全", Limit: 50));
        Assert.Equal(50, first.Count);
        Assert.Equal("安全 in the title", first[0].Entry.Title);   // the title match among the newest ranks first

        var seen = new HashSet<long>();
        for (var offset = 0; offset < total; offset += 100)
            foreach (var hit in await Search.SearchAsync(user, new SearchQuery("安全", Limit: 100, Offset: offset)))
                seen.Add(hit.Entry.Id);
        Assert.Equal(total, seen.Count);

        var newest = await Search.SearchAsync(user, new SearchQuery("安全", Limit: 500, Offset: total - 10, NewestFirst: true));
        Assert.Equal(Enumerable.Range(total - 10, 10).Select(i => $"https://example.org/e{i}"), newest.Select(h => h.Entry.Url));
    }

    [Fact]
    public async Task Matches_older_than_the_recent_window_are_found_when_the_window_holds_too_few()
    {
        // Three old matches, then entry ids jump past the dialect's recent window (PostgreSQL searches the newest
        // 100,000 ids first), then one new match and many new non-matches: every match is still found and ranked.
        var (user, feed) = await SetupAsync(("old1", "漏洞 one", "<p>x</p>"), ("old2", "two", "<p>漏洞</p>"), ("old3", "three", "<p>漏洞</p>"));
        await using (var connection = await Db.OpenAsync())
            await connection.ExecuteAsync(Provider == DatabaseProvider.Sqlite
                ? "UPDATE sqlite_sequence SET seq = seq + 250000 WHERE name = 'entries'"
                : "SELECT setval(pg_get_serial_sequence('entries', 'id'), (SELECT MAX(id) FROM entries) + 250000)");
        await Entries.UpsertAsync(feed, Enumerable.Range(0, 20).Select(i => Entry($"new{i}", T0.AddMinutes(i + 1), i == 7 ? "新的漏洞" : $"New {i}")).ToList(), T0);
        Assert.True((await Entries.ListAsync(user, new EntryQuery(Limit: 1))).Single().Id > 250000);

        Assert.Equal(["new7", "old1", "old2", "old3"], await FindAsync(user, "漏洞"));
        var ranked = await Search.SearchAsync(user, new SearchQuery("漏洞", Limit: 10));
        Assert.Equal(4, ranked.Count);
    }

    [Fact]
    public async Task Newest_first_pages_are_the_same_whichever_plan_finds_them()
    {
        // SQLite can walk the user's states asking the index about each one (NewestFirstProbe) instead of building the
        // match set; each plan, forced here, must give the same pages. PostgreSQL has no probe plan: all four build the set.
        var user = await NewUserAsync();
        var one = await NewFeedAsync("https://one.example.org/feed");
        var two = await NewFeedAsync("https://two.example.org/feed");
        await Subscriptions.SubscribeAsync(user, one, null, null);
        await Subscriptions.SubscribeAsync(user, two, null, null);
        string Text(int i) => (i % 3 != 0 ? "安全 " : "") + (i % 10 == 0 ? "漏洞" : "其他");
        for (var f = 0; f < 2; f++)
            await Entries.UpsertAsync(f == 0 ? one : two, Enumerable.Range(0, 300).Where(i => i % 2 == f)
                .Select(i => Entry($"e{i}", T0.AddMinutes(-i), $"Item {i}", $"<p>{Text(i)}</p>")).ToList(), T0);
        var ids = (await Entries.ListAsync(user, new EntryQuery(Limit: 500))).ToDictionary(e => e.Url!, e => e.Id);
        await Entries.SetReadAsync(user, Enumerable.Range(0, 300).Where(i => i % 4 == 0).Select(i => ids[$"https://example.org/e{i}"]).ToList(), true);

        var plans = new[]
        {
            new NewestFirstProbing(),                                                 // as configured
            new NewestFirstProbing(Window: 0),                                        // the match set only
            new NewestFirstProbing(Window: 20, ProbeCostInMatches: double.MaxValue),  // a window, then the match set
            new NewestFirstProbing(Window: 20, ProbeCostInMatches: 0),                // a window, then probing on
        };
        var cases = new (SearchQuery Query, Func<int, bool> Matches)[]
        {
            (new SearchQuery("安全", Limit: 50, NewestFirst: true), i => i % 3 != 0),
            (new SearchQuery("安全", Limit: 30, Offset: 100, NewestFirst: true), i => i % 3 != 0),
            (new SearchQuery("漏洞", Limit: 50, NewestFirst: true), i => i % 10 == 0),
            (new SearchQuery("安全", EntryFilter.Unread, Limit: 40, Offset: 10, NewestFirst: true), i => i % 3 != 0 && i % 4 != 0),
            (new SearchQuery("安全", FeedId: two, Limit: 25, Offset: 5, NewestFirst: true), i => i % 3 != 0 && i % 2 == 1),
            (new SearchQuery("安全 漏洞", Limit: 50, NewestFirst: true), i => i % 3 != 0 && i % 10 == 0),
            (new SearchQuery("不存在", Limit: 50, NewestFirst: true), _ => false),
        };
        foreach (var (query, matches) in cases)
        {
            var expected = Enumerable.Range(0, 300).Where(matches).Skip(query.Offset).Take(query.Limit).Select(i => $"https://example.org/e{i}").ToList();
            foreach (var plan in plans)
                Assert.Equal(expected, (await new SearchStore(Db, plan).SearchAsync(user, query)).Select(h => h.Entry.Url!).ToList());
        }
    }

    [Fact]
    public async Task Chinese_hits_are_highlighted()
    {
        var (user, _) = await SetupAsync(("a", "发现安全漏洞", "<p>这个漏洞很严重。</p>"));
        var hit = Assert.Single(await Search.SearchAsync(user, new SearchQuery("漏洞")));
        Assert.Equal("发现安全<mark>漏洞</mark>", hit.TitleHtml);
        Assert.Equal("这个<mark>漏洞</mark>很严重。", hit.SnippetHtml);
    }

    [Fact]
    public async Task Search_is_per_user_and_honours_filters()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var cat = await Subscriptions.GetOrCreateCategoryAsync(alice, "Sec");
        var f1 = await NewFeedAsync("https://one.example.org/feed");
        var f2 = await NewFeedAsync("https://two.example.org/feed");
        await Subscriptions.SubscribeAsync(alice, f1, cat, null);
        await Subscriptions.SubscribeAsync(alice, f2, null, null);
        await Subscriptions.SubscribeAsync(bob, f2, null, null);
        await Entries.UpsertAsync(f1, [Entry("x1", T0.AddDays(-10), "漏洞 one"), Entry("x2", T0.AddDays(-1), "漏洞 two")], T0);
        await Entries.UpsertAsync(f2, [Entry("y1", T0.AddDays(-5), "漏洞 three")], T0);
        var ids = (await Entries.ListAsync(alice, new EntryQuery())).ToDictionary(e => e.Title!, e => e.Id);
        await Entries.SetReadAsync(alice, [ids["漏洞 one"]], true);
        await Entries.SetStarredAsync(alice, [ids["漏洞 three"]], true);

        async Task<string[]> Titles(long user, SearchQuery q) =>
            (await Search.SearchAsync(user, q)).Select(h => h.Entry.Title!).Order().ToArray();

        Assert.Equal(["漏洞 one", "漏洞 three", "漏洞 two"], await Titles(alice, new SearchQuery("漏洞")));
        Assert.Equal(["漏洞 three"], await Titles(bob, new SearchQuery("漏洞")));
        Assert.Empty(await Titles(await NewUserAsync("carol"), new SearchQuery("漏洞")));
        Assert.Equal(["漏洞 three", "漏洞 two"], await Titles(alice, new SearchQuery("漏洞", EntryFilter.Unread)));
        Assert.Equal(["漏洞 three"], await Titles(alice, new SearchQuery("漏洞", EntryFilter.Starred)));
        Assert.Equal(["漏洞 one", "漏洞 two"], await Titles(alice, new SearchQuery("漏洞", FeedId: f1)));
        Assert.Equal(["漏洞 one", "漏洞 two"], await Titles(alice, new SearchQuery("漏洞", CategoryId: cat)));
        Assert.Equal(["漏洞 three", "漏洞 two"], await Titles(alice, new SearchQuery("漏洞", From: T0.AddDays(-6))));
        Assert.Equal(["漏洞 one", "漏洞 three"], await Titles(alice, new SearchQuery("漏洞", To: T0.AddDays(-2))));
        var hit = (await Search.SearchAsync(alice, new SearchQuery("three")))[0];
        Assert.True(hit.Entry.IsStarred);
    }

    [Fact]
    public async Task Edited_and_deleted_entries_leave_the_index()
    {
        var (user, feed) = await SetupAsync(("a", "Old title", "<p>alpha</p>"), ("b", "Keep", "<p>beta</p>"));
        await Entries.UpsertAsync(feed, [Entry("a", T0, "New title", "<p>gamma</p>")], T0);
        Assert.Empty(await FindAsync(user, "alpha"));
        Assert.Equal(["a"], await FindAsync(user, "gamma"));
        Assert.Equal(["a"], await FindAsync(user, "new"));

        await using (var connection = await Db.OpenAsync())
            await connection.ExecuteAsync("DELETE FROM entries WHERE key = 'a'");
        Assert.Empty(await FindAsync(user, "gamma"));
        Assert.Equal(["b"], await FindAsync(user, "beta"));
    }

    protected static async Task<long> PendingAsync(Database db)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM search_pending");
    }

    [Fact]
    public async Task The_background_indexer_indexes_queued_entries_on_a_thread_of_the_lowest_priority()
    {
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var indexer = new SearchIndexer(Db, Search, Microsoft.Extensions.Logging.Abstractions.NullLogger<SearchIndexer>.Instance);
        await indexer.StartAsync(CancellationToken.None);
        try
        {
            await Entries.UpsertAsync(feed, Enumerable.Range(0, 30).Select(i => Entry($"n{i}", T0.AddMinutes(-i), $"Queued {i}", "<p>惯性导航</p>")).ToList(), T0);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await PendingAsync(Db) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Equal(0, await PendingAsync(Db)); // indexed in the background, before any search caught up
            Assert.Equal(30, (await FindAsync(user, "导航")).Length);

            // Linux: the thread's nice value, field 19 of its stat line (counted after the parenthesized name). Other
            // tests' hosts may run indexers in this process at the same time: every one must be at nice 19.
            static string? Read(string path)
            {
                try { return File.ReadAllText(path); }
                catch (IOException) { return null; } // a thread that ended meanwhile
            }
            var stats = Directory.GetDirectories("/proc/self/task")
                .Where(task => Read(Path.Combine(task, "comm"))?.Trim() == "Search indexer")
                .Select(task => Read(Path.Combine(task, "stat"))).OfType<string>().ToList();
            Assert.NotEmpty(stats);
            Assert.All(stats, stat => Assert.Equal("19", stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]));
        }
        finally
        {
            await indexer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_large_batch_is_indexed_after_the_write_and_a_search_catches_up_first()
    {
        var count = 15;
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        await Entries.UpsertAsync(feed, Enumerable.Range(0, count).Select(i => Entry($"n{i}", T0.AddMinutes(-i), $"Bulk {i}", "<p>惯性导航</p>")).ToList(), T0);
        Assert.Equal(count, await PendingAsync(Db)); // left to the background indexer

        Assert.Equal(count, (await Search.SearchAsync(user, new SearchQuery("导航", Limit: 100))).Count);
        Assert.Equal(0, await PendingAsync(Db));

        // A large edit keeps the old terms findable until the entries are indexed again.
        await Entries.UpsertAsync(feed, Enumerable.Range(0, count).Select(i => Entry($"n{i}", T0.AddMinutes(-i), $"Bulk {i}", "<p>天气预报</p>")).ToList(), T0);
        Assert.Equal(count, await PendingAsync(Db));
        Assert.Equal(count, await Search.IndexPendingAsync(batchSize: 1000));
        Assert.Empty(await Search.SearchAsync(user, new SearchQuery("导航")));
        Assert.Equal(count, (await Search.SearchAsync(user, new SearchQuery("天气", Limit: 100))).Count);
    }

    [Fact]
    public async Task An_index_write_rolled_back_leaves_nothing_behind_for_the_next_one_on_its_connection()
    {
        var (user, _) = await SetupAsync(("a", "Alpha", "<p>one</p>"), ("b", "Beta", "<p>two</p>"));
        Assert.Equal(2, await Search.IndexPendingAsync());
        Dictionary<string, long> ids;
        await using (var connection = await Db.OpenAsync())
            ids = (await connection.QueryAsync<(string Key, long Id)>("SELECT key, id FROM entries")).ToDictionary(e => e.Key, e => e.Id);
        await using (var connection = Db.SearchFile is { } file ? await file.OpenWriterAsync(default) : await Db.OpenAsync())
        {
            // SQLite stages the documents in a temporary table of the connection: a rollback must take them along.
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await SearchIndexWriter.WriteAsync(connection, tx, Db.Dialect, [(ids["a"], new SearchDocument("alpha", "phantom"))], replace: true, default);
                await tx.RollbackAsync();
            }
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await SearchIndexWriter.WriteAsync(connection, tx, Db.Dialect, [(ids["b"], new SearchDocument("beta", "kept"))], replace: true, default);
                await tx.CommitAsync();
            }
        }
        Assert.Empty(await FindAsync(user, "phantom"));
        Assert.Equal(["a"], await FindAsync(user, "one"));
        Assert.Equal(["b"], await FindAsync(user, "kept"));
        Assert.Empty(await FindAsync(user, "two"));
    }

    [Fact]
    public async Task A_small_batch_is_left_to_the_indexer_and_found_right_after_its_refresh()
    {
        var (user, _) = await SetupAsync(("a", "Kernel notes", "<p>scheduler</p>"));
        Assert.Equal(1, await PendingAsync(Db)); // the refresh's write never touches the search index
        Assert.Equal(["a"], await FindAsync(user, "scheduler"));
        Assert.Equal(0, await PendingAsync(Db));
    }

    [Fact]
    public async Task Entries_stored_before_search_existed_are_indexed_after_the_upgrade()
    {
        var options = await NewOptionsAsync();
        try
        {
            await using var db = new Database(options);
            await db.MigrateAsync(upTo: 1);
            var user = await new UserStore(db).CreateAsync("old", "h", isAdmin: false);
            long feed;
            await using (var connection = await db.OpenAsync())
                // Raw SQL: today's FeedStore reads columns a version-1 schema does not have yet.
                feed = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO feeds (url, next_check_at, created_at) VALUES ('https://example.org/old', 0, 0) RETURNING id");
            await new SubscriptionStore(db).SubscribeAsync(user, feed, null, null);
            await using (var connection = await db.OpenAsync())
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO entries (feed_id, key, title, content, created_at, changed_at, sort_at, content_hash)
                    VALUES (@feed, 'k1', '旧的安全漏洞', '<p>old</p>', 1, 1, 1, 'h'), (@feed, 'k2', 'Old kernel', NULL, 1, 1, 2, 'h')
                    """, new { feed });
            }
            await new SubscriptionStore(db).SubscribeAsync(user, feed, null, null); // state rows for those entries

            await db.MigrateAsync();
            var search = new SearchStore(db);
            Assert.Equal(2, await PendingAsync(db)); // the upgrade flags them; a search would catch up on them first
            Assert.Equal(2, await search.IndexPendingAsync(batchSize: 1) + await search.IndexPendingAsync(batchSize: 10));
            Assert.Equal(0, await search.IndexPendingAsync());
            Assert.Equal("旧的安全漏洞", Assert.Single(await search.SearchAsync(user, new SearchQuery("漏洞"))).Entry.Title);
            Assert.Equal("Old kernel", Assert.Single(await search.SearchAsync(user, new SearchQuery("kernel"))).Entry.Title);
        }
        finally
        {
            if (Provider == DatabaseProvider.Postgres)
                await Infrastructure.PostgresServer.Instance.DropDatabaseAsync(options.ConnectionString!);
        }
    }

    [Fact]
    public async Task Entries_pending_before_the_queue_table_stay_pending_after_the_upgrade_and_leave_it_when_deleted()
    {
        var options = await NewOptionsAsync();
        try
        {
            await using var db = new Database(options);
            await db.MigrateAsync(upTo: 21);
            var user = await new UserStore(db).CreateAsync("old", "h", isAdmin: false);
            long feed;
            await using (var connection = await db.OpenAsync())
                feed = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO feeds (url, next_check_at, created_at) VALUES ('https://example.org/q', 0, 0) RETURNING id");
            await new SubscriptionStore(db).SubscribeAsync(user, feed, null, null);
            await using (var connection = await db.OpenAsync())
                await connection.ExecuteAsync(
                    """
                    INSERT INTO entries (feed_id, key, title, content, created_at, changed_at, sort_at, content_hash, search_pending)
                    VALUES (@feed, 'waiting', 'Pending kernel', NULL, 1, 1, 1, 'h', TRUE),
                           (@feed, 'done', 'Indexed kernel', NULL, 1, 1, 2, 'h', FALSE),
                           (@feed, 'gone', 'Deleted kernel', NULL, 1, 1, 3, 'h', TRUE)
                    """, new { feed });
            await new SubscriptionStore(db).SubscribeAsync(user, feed, null, null);

            await db.MigrateAsync(upTo: 22);
            Assert.Contains(22L, await db.AppliedMigrationsAsync());
            await using (var connection = await db.OpenAsync())
            {
                Assert.Equal(["gone", "waiting"], (await connection.QueryAsync<string>(
                    "SELECT e.key FROM search_pending p JOIN entries e ON e.id = p.entry_id ORDER BY e.key")).ToArray());
                await connection.ExecuteAsync("DELETE FROM entries WHERE key = 'gone'");
            }
            Assert.Equal(1, await PendingAsync(db)); // the queue row went with its entry

            await db.MigrateAsync();
            var search = new SearchStore(db);
            // SQLite's 024 moves the index into a file of its own and queues every entry for it.
            Assert.Equal(Provider == DatabaseProvider.Sqlite ? 2 : 1, await search.IndexPendingAsync());
            Assert.Equal(0, await PendingAsync(db));
            Assert.Equal("Pending kernel", Assert.Single(await search.SearchAsync(user, new SearchQuery("pending"))).Entry.Title);
        }
        finally
        {
            if (Provider == DatabaseProvider.Postgres)
                await Infrastructure.PostgresServer.Instance.DropDatabaseAsync(options.ConnectionString!);
        }
    }
}

public sealed class SqliteSearchTests() : SearchTests(DatabaseProvider.Sqlite)
{
    private static async Task<long> IndexMatchesAsync(Database db, string word)
    {
        await using var connection = await db.OpenSearchReaderAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM entry_search WHERE entry_search MATCH @word", new { word });
    }

    [Fact]
    public async Task The_index_lives_in_its_own_file_and_is_written_while_a_refresh_holds_the_database_write_lock()
    {
        var (user, _) = await SetupAsync(("a", "Kernel notes", "<p>scheduler</p>"));
        var file = Db.SearchFile!;
        Assert.Equal(Path.Combine(Path.GetDirectoryName(file.Path)!, "inertia.search.db"), file.Path);
        await using (var main = await Db.OpenAsync())
        {
            Assert.Equal(0, await main.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'entry_search'"));
            var id = await main.ExecuteScalarAsync<long>("SELECT id FROM entries");
            // A refresh's write transaction holds the database's write lock; the index's write must not wait for it
            // (were it in the same file, it would wait out the 30 s busy timeout and fail).
            await using var tx = await main.BeginTransactionAsync();
            await main.ExecuteAsync("UPDATE feeds SET title = 'locked'", transaction: tx);
            await file.WriteAsync([(id, new SearchDocument("kernel notes", "scheduler"))], [], default).WaitAsync(TimeSpan.FromSeconds(20));
            await tx.RollbackAsync();
        }
        Assert.Equal(1, await IndexMatchesAsync(Db, "scheduler"));
        Assert.Equal(1, await PendingAsync(Db)); // still queued: only the indexer's ingest write takes it off
        Assert.Equal(["a"], await FindAsync(user, "scheduler"));
        Assert.Equal(0, await PendingAsync(Db));
        Assert.Equal(1, await IndexMatchesAsync(Db, "scheduler")); // written twice, indexed once
    }

    [Fact]
    public async Task Deleted_entries_leave_the_index_file()
    {
        var (user, _) = await SetupAsync(("a", "Alpha", "<p>gamma</p>"), ("b", "Beta", "<p>delta</p>"));
        Assert.Equal(2, await Search.IndexPendingAsync());
        Assert.Equal(1, await IndexMatchesAsync(Db, "gamma"));
        await using (var connection = await Db.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM entries WHERE key = 'a'");
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM search_gone"));
        }
        Assert.Equal(0, await Search.IndexPendingAsync()); // nothing to index, the removal done
        Assert.Equal(0, await IndexMatchesAsync(Db, "gamma"));
        Assert.Equal(1, await IndexMatchesAsync(Db, "delta"));
        await using (var connection = await Db.OpenAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM search_gone"));
        Assert.Equal(["b"], await FindAsync(user, "delta"));
    }

    [Fact]
    public async Task A_missing_index_file_is_rebuilt_from_the_entries()
    {
        var (user, _) = await SetupAsync(("a", "漏洞公告", "<p>patch</p>"), ("b", "Weather", "<p>rain</p>"));
        Assert.Equal(2, await Search.IndexPendingAsync());
        var path = Db.SearchFile!.Path;
        await Db.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);

        await using var reopened = new Database(Options);
        await reopened.MigrateAsync();
        Assert.True(File.Exists(path));
        Assert.Equal(2, await PendingAsync(reopened));
        var search = new SearchStore(reopened);
        Assert.Equal("漏洞公告", Assert.Single(await search.SearchAsync(user, new SearchQuery("漏洞"))).Entry.Title);
        Assert.Equal(0, await PendingAsync(reopened));
    }

    [Fact]
    public async Task An_older_database_restored_beside_a_newer_index_gets_the_index_rebuilt()
    {
        var (user, feed) = await SetupAsync(("a", "Kept", "<p>alpha</p>"));
        Assert.Equal(1, await Search.IndexPendingAsync());
        var backup = Path.Combine(Path.GetDirectoryName(Db.SearchFile!.Path)!, "backup.db");
        await Db.BackupSqliteAsync(backup);
        await Entries.UpsertAsync(feed, [Entry("b", T0, "Later", "<p>bravo</p>")], T0);
        Assert.Equal(1, await Search.IndexPendingAsync());
        var main = Path.Combine(Options.DataDirectory, "inertia.db");
        await Db.DisposeAsync();
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(main + suffix);
        File.Copy(backup, main, overwrite: true);

        await using var restored = new Database(Options);
        await restored.MigrateAsync();
        Assert.Equal(1, await PendingAsync(restored));
        // The restored database assigns "b"'s id again: the old index row must not make "charlie" findable as "bravo".
        await new EntryStore(restored).UpsertAsync(feed, [Entry("c", T0, "Another", "<p>charlie</p>")], T0);
        var search = new SearchStore(restored);
        Assert.Empty(await search.SearchAsync(user, new SearchQuery("bravo")));
        Assert.Equal("Another", Assert.Single(await search.SearchAsync(user, new SearchQuery("charlie"))).Entry.Title);
        Assert.Equal("Kept", Assert.Single(await search.SearchAsync(user, new SearchQuery("alpha"))).Entry.Title);
    }

    [Fact]
    public async Task An_indexer_batch_of_megabytes_of_terms_is_written_as_one_fts5_segment()
    {
        // FTS5 starts a new segment whenever the terms it holds pass 'hashsize' (1 MB unless migration 023 raised it),
        // and merging the segments back together was most of the cost of indexing a cold refresh.
        var user = await NewUserAsync();
        var feed = await NewFeedAsync();
        await Subscriptions.SubscribeAsync(user, feed, null, null);
        var random = new Random(23);
        string Word() => string.Create(8, random, (chars, r) => { for (var i = 0; i < chars.Length; i++) chars[i] = (char)('a' + r.Next(26)); });
        var words = Enumerable.Range(0, 1000).Select(_ => Enumerable.Range(0, 100).Select(_ => Word()).ToList()).ToList();
        await Entries.UpsertAsync(feed, words.Select((w, i) => Entry($"w{i}", T0.AddMinutes(-i), $"Words {i}", $"<p>{string.Join(' ', w)}</p>")).ToList(), T0);

        Assert.Equal(1000, await new SearchStore(Db).IndexPendingAsync(batchSize: 5000));

        await using var connection = await Db.OpenSearchReaderAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT segid) FROM entry_search_idx"));
        var hits = await new SearchStore(Db).SearchAsync(user, new SearchQuery(words[617][42], Limit: 10));
        Assert.Equal("Words 617", Assert.Single(hits).Entry.Title);
    }
}
public sealed class PostgresSearchTests() : SearchTests(DatabaseProvider.Postgres);
