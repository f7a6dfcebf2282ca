-- Read horizons: "everything of this feed up to this sort time, that existed at the time, is read", one row per
-- (user, feed) until the rows behind it are rewritten as read. PostgreSQL dialect; keep in step with
-- Sqlite/020_read_horizons.sql, which says why.
CREATE TABLE read_horizons (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    feed_id    BIGINT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    sort_at    BIGINT NOT NULL,
    entry_id   BIGINT NOT NULL,
    read_at    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, feed_id)
);
CREATE INDEX read_horizons_created ON read_horizons (created_at);

-- The counters count the unread rows no horizon covers: the mark has already taken the covered ones off, so
-- rewriting them (the sweeper) or deleting them (retention) must not take them off again.
CREATE OR REPLACE FUNCTION unread_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM unread_counts_apply(ARRAY(
        SELECT ROW(n.user_id, n.feed_id, COUNT(*))::unread_counts FROM new_rows n
        WHERE NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = n.user_id AND h.feed_id = n.feed_id
                  AND n.sort_at <= h.sort_at AND n.entry_id <= h.entry_id)
        GROUP BY n.user_id, n.feed_id));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION unread_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM unread_counts_apply(ARRAY(
        SELECT ROW(o.user_id, o.feed_id, -COUNT(*))::unread_counts FROM old_rows o
        WHERE NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = o.user_id AND h.feed_id = o.feed_id
                  AND o.sort_at <= h.sort_at AND o.entry_id <= h.entry_id)
        GROUP BY o.user_id, o.feed_id));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION unread_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM unread_counts_apply(ARRAY(
        SELECT ROW(c.user_id, c.feed_id, SUM(c.delta))::unread_counts
        FROM (SELECT o.user_id, o.feed_id, -1 AS delta FROM old_rows o
              WHERE NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = o.user_id AND h.feed_id = o.feed_id
                  AND o.sort_at <= h.sort_at AND o.entry_id <= h.entry_id)
              UNION ALL SELECT n.user_id, n.feed_id, 1 FROM new_rows n
              WHERE NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = n.user_id AND h.feed_id = n.feed_id
                  AND n.sort_at <= h.sort_at AND n.entry_id <= h.entry_id)) c
        GROUP BY c.user_id, c.feed_id));
    RETURN NULL;
END $$;

-- Unread lists skip the rows a horizon covers until the sweeper has rewritten them; with feed_id in the indexes
-- they walk, the check needs no visit of the row.
DROP INDEX unread_entries_user_sort;
CREATE INDEX unread_entries_user_sort ON unread_entries (user_id, sort_at DESC, entry_id DESC) INCLUDE (feed_id);
DROP INDEX unread_entries_user_category;
CREATE INDEX unread_entries_user_category ON unread_entries (user_id, category_id, sort_at DESC, entry_id DESC) INCLUDE (feed_id);
