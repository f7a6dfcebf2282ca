using System.Data.Common;
using Dapper;
using Inertia.Storage.ReadState;

namespace Inertia.Storage;

public sealed record CategoryRecord(long Id, long UserId, string Name, int Position);

/// <summary>A category's size in the sidebar: feeds followed in it and their unread entries.</summary>
public sealed record CategoryTotals(long? CategoryId, int Feeds, int Unread);

/// <summary>One line of the sidebar: a followed feed with its unread count and health.</summary>
public sealed record SubscriptionView(
    long FeedId, string Title, string FeedUrl, string? SiteUrl, string? IconUrl,
    long? CategoryId, string? CategoryName, int UnreadCount,
    int ErrorCount, string? LastError, DateTimeOffset? LastCheckedAt, DateTimeOffset NextCheckAt)
{
    /// <summary>How long a feed must have gone without a successful fetch to be flagged as failing.</summary>
    public static readonly TimeSpan FailingAfter = TimeSpan.FromDays(2);

    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset FeedCreatedAt { get; init; }
    /// <summary>The feed row is this user's own (fetched with their private settings).</summary>
    public bool IsPrivate { get; init; }

    /// <summary>
    /// Failing now and for days: no successful fetch (or none since the feed was added) for <see cref="FailingAfter"/>.
    /// Such a feed is flagged in the lists, never dropped.
    /// </summary>
    public bool IsFailing(DateTimeOffset now) => ErrorCount > 0 && now - (LastSuccessAt ?? FeedCreatedAt) >= FailingAfter;
}

/// <summary>Per-user subscriptions and categories. Every method is scoped by user id.</summary>
public sealed class SubscriptionStore(Database db)
{
    // Unread counts are read from the counters migration 019 keeps, not counted: this query runs on every reader page.
    private const string ViewSelect = """
        SELECT s.feed_id, COALESCE(s.title, f.title, f.url) AS title, f.url AS feed_url, f.site_url, f.icon_url,
            s.category_id, c.name AS category_name, c.position AS category_position,
            COALESCE(uc.unread, 0) AS unread_count,
            f.error_count, f.last_error, f.last_checked_at, f.next_check_at,
            f.last_success_at, f.created_at AS feed_created_at, f.owner_user_id
        FROM subscriptions s
        JOIN feeds f ON f.id = s.feed_id
        LEFT JOIN categories c ON c.id = s.category_id
        LEFT JOIN unread_counts uc ON uc.user_id = s.user_id AND uc.feed_id = s.feed_id
        WHERE s.user_id = @userId
        """;

    // A category id the user does not own turns into NULL instead of linking someone else's category.
    private const string OwnCategory = "(SELECT id FROM categories WHERE id = @categoryId AND user_id = @userId)";

    /// <summary>
    /// Follows a feed (idempotent) and gives the user an unread state row for each entry the feed already has.
    /// </summary>
    /// <remarks>Following a feed already followed changes nothing (use <see cref="UpdateAsync"/> to move or rename it).</remarks>
    public async Task SubscribeAsync(long userId, long feedId, long? categoryId, string? title, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO subscriptions (user_id, feed_id, category_id, title, created_at)
            VALUES (@userId, @feedId, {OwnCategory}, @title, @now)
            ON CONFLICT (user_id, feed_id) DO NOTHING
            """,
            new { userId, feedId, categoryId, title = NullIfBlank(title), now = Micros.From(DateTimeOffset.UtcNow) }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_states (user_id, entry_id, feed_id, sort_at, category_id, is_read, is_starred)
            SELECT s.user_id, e.id, e.feed_id, e.sort_at, s.category_id, FALSE, FALSE
            FROM entries e JOIN subscriptions s ON s.user_id = @userId AND s.feed_id = e.feed_id
            WHERE e.feed_id = @feedId
            ON CONFLICT (user_id, entry_id) DO NOTHING
            """,
            new { userId, feedId }, tx, cancellationToken: ct));
        // Rows kept from an earlier subscription (starred ones) join the subscription's category again.
        await SyncStateCategoryAsync(connection, tx, userId, feedId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Stops following; the user's states for the feed go, except starred or tagged ones.</summary>
    /// <remarks>The starred ones that stay are marked read, so an unfollowed feed never counts as unread.</remarks>
    public async Task UnsubscribeAsync(long userId, long feedId, CancellationToken ct = default)
    {
        var now = Micros.From(DateTimeOffset.UtcNow);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId", new { userId, feedId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM entry_states WHERE user_id = @userId AND feed_id = @feedId AND is_starred = FALSE
              AND NOT EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = entry_states.entry_id AND et.user_id = @userId)
            """,
            new { userId, feedId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entry_states SET is_read = TRUE, read_at = COALESCE(read_at, @now), category_id = NULL
            WHERE user_id = @userId AND feed_id = @feedId
            """,
            new { userId, feedId, now }, tx, cancellationToken: ct));
        // Only now: the counters left out the rows the horizon covered, so they must stay covered until rewritten.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM read_horizons WHERE user_id = @userId AND feed_id = @feedId", new { userId, feedId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Grouped by category (in category order, uncategorized last), then by title.</summary>
    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            ViewSelect, new { userId }, cancellationToken: ct));
        // Sorted here, not in SQL, so both engines order titles (Chinese included) the same way.
        return rows
            .OrderBy(r => r.CategoryPosition ?? long.MaxValue).ThenBy(r => r.CategoryId)
            .ThenBy(r => r.Title, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.FeedId)
            .Select(r => r.ToView()).ToList();
    }

    /// <summary>
    /// The first <paramref name="limit"/> feeds of one category (null: those without one) by title, in no particular
    /// order: callers sort them for display. The ids are chosen on the narrow join first, so the full rows (with unread
    /// counts and health) are read for the listed feeds only.
    /// </summary>
    public async Task<IReadOnlyList<SubscriptionView>> ListInCategoryAsync(long userId, long? categoryId, int limit, CancellationToken ct = default)
    {
        var inCategory = categoryId is null ? "s2.category_id IS NULL" : "s2.category_id = @categoryId";
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            ViewSelect + $"""
             AND s.feed_id IN (
                SELECT s2.feed_id FROM subscriptions s2 JOIN feeds f2 ON f2.id = s2.feed_id
                WHERE s2.user_id = @userId AND {inCategory}
                ORDER BY lower(COALESCE(s2.title, f2.title, f2.url)), s2.feed_id
                LIMIT @limit)
            """,
            new { userId, categoryId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToView()).ToList();
    }

    /// <summary>How many feeds the user follows.</summary>
    public async Task<int> CountAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM subscriptions WHERE user_id = @userId", new { userId }, cancellationToken: ct));
    }

    /// <summary>Per category (null: no category): feeds followed and their unread entries, from the counters.</summary>
    public async Task<IReadOnlyList<CategoryTotals>> CategoryTotalsAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long? CategoryId, long Feeds, long Unread)>(new CommandDefinition(
            """
            SELECT s.category_id, COUNT(*), CAST(COALESCE(SUM(uc.unread), 0) AS BIGINT)
            FROM subscriptions s
            LEFT JOIN unread_counts uc ON uc.user_id = s.user_id AND uc.feed_id = s.feed_id
            WHERE s.user_id = @userId
            GROUP BY s.category_id
            """, new { userId }, cancellationToken: ct));
        return rows.Select(r => new CategoryTotals(r.CategoryId, (int)r.Feeds, (int)r.Unread)).ToList();
    }

    public async Task<SubscriptionView?> GetAsync(long userId, long feedId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            ViewSelect + " AND s.feed_id = @feedId", new { userId, feedId }, cancellationToken: ct));
        return row?.ToView();
    }

    /// <summary>Title override (null = the feed's own) and category (null = none).</summary>
    public async Task UpdateAsync(long userId, long feedId, string? title, long? categoryId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE subscriptions SET title = @title, category_id = {OwnCategory} WHERE user_id = @userId AND feed_id = @feedId",
            new { userId, feedId, title = NullIfBlank(title), categoryId }, tx, cancellationToken: ct));
        await SyncStateCategoryAsync(connection, tx, userId, feedId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Copies the subscription's category into the user's state rows of that feed (NULL when unsubscribed);
    /// rows already right are not rewritten.</summary>
    private static async Task SyncStateCategoryAsync(DbConnection connection, DbTransaction tx, long userId, long feedId, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entry_states SET category_id = (SELECT category_id FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId)
            WHERE user_id = @userId AND feed_id = @feedId
              AND category_id IS DISTINCT FROM (SELECT category_id FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId)
            """,
            new { userId, feedId }, tx, cancellationToken: ct));

    public async Task<IReadOnlyList<CategoryRecord>> ListCategoriesAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<CategoryRow>(new CommandDefinition(
            "SELECT id, user_id, name, position FROM categories WHERE user_id = @userId ORDER BY position, id",
            new { userId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Finds the user's category by name (case-insensitive) or creates it at the end.</summary>
    public async Task<long> GetOrCreateCategoryAsync(long userId, string name, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length == 0) throw new ArgumentException("A category needs a name.", nameof(name));
        await using var connection = await db.OpenAsync(ct);
        // ON CONFLICT without a target covers the expression index (user_id, lower(name)) on both engines.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO categories (user_id, name, position)
            SELECT @userId, @name, COALESCE(MAX(position), -1) + 1 FROM categories WHERE user_id = @userId
            ON CONFLICT DO NOTHING
            """,
            new { userId, name }, cancellationToken: ct));
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT id FROM categories WHERE user_id = @userId AND lower(name) = lower(@name)", new { userId, name }, cancellationToken: ct));
    }

    /// <exception cref="DuplicateException">The user has another category with this name.</exception>
    public async Task RenameCategoryAsync(long userId, long categoryId, string name, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length == 0) throw new ArgumentException("A category needs a name.", nameof(name));
        await using var connection = await db.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE categories SET name = @name WHERE id = @categoryId AND user_id = @userId",
                new { userId, categoryId, name }, cancellationToken: ct));
        }
        catch (Exception e) when (db.Dialect.IsUniqueViolation(e))
        {
            throw new DuplicateException($"There is already a category \"{name}\".", e);
        }
    }

    /// <summary>Deletes the category; its feeds stay subscribed, uncategorized.</summary>
    public async Task DeleteCategoryAsync(long userId, long categoryId, CancellationToken ct = default)
    {
        // subscriptions.category_id is ON DELETE SET NULL; the copies in entry_states are cleared here.
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE entry_states SET category_id = NULL WHERE user_id = @userId AND category_id = @categoryId",
            new { userId, categoryId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM categories WHERE id = @categoryId AND user_id = @userId", new { userId, categoryId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Moves a category one place up (<paramref name="offset"/> -1) or down (+1) in the user's order; positions are
    /// renumbered 0..n-1 in the same transaction so ties left by older data never make a move a no-op.
    /// </summary>
    public async Task MoveCategoryAsync(long userId, long categoryId, int offset, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var order = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM categories WHERE user_id = @userId ORDER BY position, id", new { userId }, tx, cancellationToken: ct))).ToList();
        var index = order.IndexOf(categoryId);
        if (index < 0) return;
        var target = Math.Clamp(index + Math.Sign(offset), 0, order.Count - 1);
        order.RemoveAt(index);
        order.Insert(target, categoryId);
        for (var i = 0; i < order.Count; i++)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE categories SET position = @i WHERE id = @id AND user_id = @userId AND position <> @i",
                new { i, id = order[i], userId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Moves the user's subscription from a shared feed row to a row private to them (created, or reused when they
    /// already have one for the URL), so cookie, basic auth, user agent and proxy settings never affect — or leak to —
    /// other followers. The shared row's entries are copied to the private row and the user's read and star state
    /// follows each entry (matched by entry key), so nothing comes back unread or loses its star; the shared row and
    /// its other followers are untouched. Returns the private feed's id (the same id when already private), or null
    /// when the user does not follow the feed.
    /// </summary>
    public async Task<long?> MoveToPrivateFeedAsync(long userId, long feedId, CancellationToken ct = default)
    {
        var now = Micros.From(DateTimeOffset.UtcNow);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var owner = await connection.QuerySingleOrDefaultAsync<OwnerRow>(new CommandDefinition(
            """
            SELECT f.url, f.owner_user_id FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
            WHERE s.user_id = @userId AND s.feed_id = @feedId
            """, new { userId, feedId }, tx, cancellationToken: ct));
        if (owner is null) return null;
        if (owner.OwnerUserId is not null) return feedId;
        // The states are copied by what they say, so no read horizon may stand behind them.
        await ReadHorizons.MaterializeAsync(connection, tx, "rh.feed_id = @feedId", new { userId, feedId }, ct);

        // Due now and without validators: the first fetch with the user's own settings is a full one.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO feeds (url, site_url, title, description, language, icon_url, hub_url, next_check_at, created_at,
                owner_user_id, fixed_interval_minutes, ignore_http_cache, full_article, article_selector)
            SELECT url, site_url, title, description, language, icon_url, hub_url, @now, @now,
                @userId, fixed_interval_minutes, ignore_http_cache, full_article, article_selector
            FROM feeds WHERE id = @feedId
            ON CONFLICT (url, owner_user_id) WHERE owner_user_id IS NOT NULL DO NOTHING
            """, new { userId, feedId, now }, tx, cancellationToken: ct));
        var privateId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT id FROM feeds WHERE url = @url AND owner_user_id = @userId", new { url = owner.Url, userId }, tx, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entries (feed_id, key, guid, url, title, author, summary, content, snippet, published, updated,
                created_at, changed_at, sort_at, categories, enclosures, comments_url, image_url, content_hash)
            SELECT @privateId, key, guid, url, title, author, summary, content, snippet, published, updated,
                created_at, changed_at, sort_at, categories, enclosures, comments_url, image_url, content_hash
            FROM entries WHERE feed_id = @feedId
            ON CONFLICT (feed_id, key) DO NOTHING
            """, new { privateId, feedId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO subscriptions (user_id, feed_id, category_id, title, created_at)
            SELECT user_id, @privateId, category_id, title, created_at FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId
            ON CONFLICT (user_id, feed_id) DO NOTHING
            """, new { userId, feedId, privateId }, tx, cancellationToken: ct));
        // State follows the entry key; copied entries the user had no state for arrive read (they are not new).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_states (user_id, entry_id, feed_id, sort_at, category_id, is_read, is_starred, read_at, starred_at)
            SELECT @userId, pe.id, pe.feed_id, pe.sort_at, s.category_id,
                COALESCE(old.is_read, TRUE), COALESCE(old.is_starred, FALSE),
                CASE WHEN old.user_id IS NULL THEN @now ELSE old.read_at END, old.starred_at
            FROM entries pe
            JOIN subscriptions s ON s.user_id = @userId AND s.feed_id = pe.feed_id
            JOIN entries se ON se.feed_id = @feedId AND se.key = pe.key
            LEFT JOIN entry_states old ON old.user_id = @userId AND old.entry_id = se.id
            WHERE pe.feed_id = @privateId
            ON CONFLICT (user_id, entry_id) DO NOTHING
            """, new { userId, feedId, privateId, now }, tx, cancellationToken: ct));
        // The user's tags follow the entry key too.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_tags (entry_id, user_id, tag_id, sort_at, created_at)
            SELECT pe.id, et.user_id, et.tag_id, pe.sort_at, et.created_at
            FROM entry_tags et
            JOIN entries se ON se.id = et.entry_id AND se.feed_id = @feedId
            JOIN entries pe ON pe.feed_id = @privateId AND pe.key = se.key
            WHERE et.user_id = @userId
            ON CONFLICT (entry_id, user_id, tag_id) DO NOTHING
            """, new { userId, feedId, privateId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM entry_tags WHERE user_id = @userId AND entry_id IN (SELECT id FROM entries WHERE feed_id = @feedId)",
            new { userId, feedId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM entry_states WHERE user_id = @userId AND feed_id = @feedId", new { userId, feedId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscriptions WHERE user_id = @userId AND feed_id = @feedId", new { userId, feedId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return privateId;
    }

    private sealed class OwnerRow
    {
        public string Url { get; set; } = "";
        public long? OwnerUserId { get; set; }
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class SubscriptionRow
    {
        public long FeedId { get; set; }
        public string Title { get; set; } = "";
        public string FeedUrl { get; set; } = "";
        public string? SiteUrl { get; set; }
        public string? IconUrl { get; set; }
        public long? CategoryId { get; set; }
        public string? CategoryName { get; set; }
        public long? CategoryPosition { get; set; }
        public long UnreadCount { get; set; }
        public long ErrorCount { get; set; }
        public string? LastError { get; set; }
        public long? LastCheckedAt { get; set; }
        public long NextCheckAt { get; set; }
        public long? LastSuccessAt { get; set; }
        public long FeedCreatedAt { get; set; }
        public long? OwnerUserId { get; set; }

        public SubscriptionView ToView() => new(FeedId, Title, FeedUrl, SiteUrl, IconUrl, CategoryId, CategoryName, (int)UnreadCount,
            (int)ErrorCount, LastError, Micros.ToTime(LastCheckedAt), Micros.ToTime(NextCheckAt))
        {
            LastSuccessAt = Micros.ToTime(LastSuccessAt), FeedCreatedAt = Micros.ToTime(FeedCreatedAt), IsPrivate = OwnerUserId is not null,
        };
    }

    private sealed class CategoryRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string Name { get; set; } = "";
        public long Position { get; set; }

        public CategoryRecord ToRecord() => new(Id, UserId, Name, (int)Position);
    }
}
