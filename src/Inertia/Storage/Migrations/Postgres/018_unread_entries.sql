-- Unread entries in their own table, kept in step with entry_states.is_read by triggers. PostgreSQL dialect; keep in
-- step with Sqlite/018_unread_entries.sql.
--
-- Why: marking a category read changed is_read on up to 10^5 rows, and is_read was in the predicate of three partial
-- indexes, so no such update was HOT: each wrote a new tuple and an entry in all nine entry_states indexes (41,661 rows
-- took 3.4 s). Now no entry_states index mentions is_read, read_at or keep_unread, so marking read is a heap-only
-- (HOT) update when the page has room (fillfactor below), and deleting the unread_entries rows touches no index.
-- entry_states.is_read stays the source of truth every other query reads; the triggers keep the copy right whatever
-- writes entry_states (statement-level, over the transition tables: one join per statement, not a call per row).
CREATE TABLE unread_entries (
    user_id     BIGINT NOT NULL,
    entry_id    BIGINT NOT NULL,
    feed_id     BIGINT NOT NULL,
    category_id BIGINT,
    sort_at     BIGINT NOT NULL,
    PRIMARY KEY (user_id, entry_id)
);
INSERT INTO unread_entries (user_id, entry_id, feed_id, category_id, sort_at)
SELECT user_id, entry_id, feed_id, category_id, sort_at FROM entry_states WHERE is_read = FALSE;
CREATE INDEX unread_entries_user_sort ON unread_entries (user_id, sort_at DESC, entry_id DESC);
CREATE INDEX unread_entries_user_feed ON unread_entries (user_id, feed_id, sort_at DESC, entry_id DESC);
CREATE INDEX unread_entries_user_category ON unread_entries (user_id, category_id, sort_at DESC, entry_id DESC);

DROP INDEX entry_states_user_unread;
DROP INDEX entry_states_user_feed_unread;
DROP INDEX entry_states_user_category_unread;

-- Room in every page for the new versions of the rows a mark-read changes. CLUSTER rewrites the existing pages with
-- it (one pass at upgrade, in this transaction); rows written later get it anyway.
ALTER TABLE entry_states SET (fillfactor = 70);
CLUSTER entry_states USING entry_states_pkey;

CREATE FUNCTION unread_entries_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unread_entries (user_id, entry_id, feed_id, category_id, sort_at)
    SELECT n.user_id, n.entry_id, n.feed_id, n.category_id, n.sort_at FROM new_rows n WHERE NOT n.is_read
    ON CONFLICT (user_id, entry_id) DO NOTHING;
    RETURN NULL;
END $$;

-- The planner would hash the whole unread_entries table (every user's unread rows) to join a few rows; one primary-key
-- probe per changed row is what this needs (measured: a 100k-row mark-read hashed 525k rows, spilling to disk).
CREATE FUNCTION unread_entries_after_update() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
    DELETE FROM unread_entries u USING new_rows n
    WHERE n.is_read AND u.user_id = n.user_id AND u.entry_id = n.entry_id;
    -- Marked unread again, or still unread and moved (a subscription changing category).
    INSERT INTO unread_entries (user_id, entry_id, feed_id, category_id, sort_at)
    SELECT n.user_id, n.entry_id, n.feed_id, n.category_id, n.sort_at FROM new_rows n WHERE NOT n.is_read
    ON CONFLICT (user_id, entry_id) DO UPDATE SET
        feed_id = EXCLUDED.feed_id, category_id = EXCLUDED.category_id, sort_at = EXCLUDED.sort_at
    WHERE (unread_entries.feed_id, unread_entries.category_id, unread_entries.sort_at)
          IS DISTINCT FROM (EXCLUDED.feed_id, EXCLUDED.category_id, EXCLUDED.sort_at);
    RETURN NULL;
END $$;

CREATE FUNCTION unread_entries_after_delete() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
    DELETE FROM unread_entries u USING old_rows o
    WHERE NOT o.is_read AND u.user_id = o.user_id AND u.entry_id = o.entry_id;
    RETURN NULL;
END $$;

CREATE TRIGGER entry_states_unread_insert AFTER INSERT ON entry_states
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unread_entries_after_insert();
CREATE TRIGGER entry_states_unread_update AFTER UPDATE ON entry_states
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unread_entries_after_update();
CREATE TRIGGER entry_states_unread_delete AFTER DELETE ON entry_states
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION unread_entries_after_delete();
