-- Unread entries in their own table, kept in step with entry_states.is_read by triggers. SQLite dialect; keep in
-- step with Postgres/018_unread_entries.sql.
--
-- Why: marking a category read changed is_read on up to 10^5 rows, and is_read was in the predicate of three partial
-- indexes, so every marked row was also rewritten in those indexes (PostgreSQL: a new tuple and an entry in all nine
-- entry_states indexes, since no update touching an indexed column is HOT). Now no entry_states index mentions
-- is_read: unread lists and counts read this narrow table, marking read deletes its rows, and entry_states.is_read
-- stays the source of truth every other query reads. The triggers keep the copy right whatever writes entry_states.
CREATE TABLE unread_entries (
    user_id     INTEGER NOT NULL,
    entry_id    INTEGER NOT NULL,
    feed_id     INTEGER NOT NULL,
    category_id INTEGER,
    sort_at     INTEGER NOT NULL,
    PRIMARY KEY (user_id, entry_id)
) WITHOUT ROWID;
INSERT INTO unread_entries (user_id, entry_id, feed_id, category_id, sort_at)
SELECT user_id, entry_id, feed_id, category_id, sort_at FROM entry_states WHERE is_read = FALSE;
CREATE INDEX unread_entries_user_sort ON unread_entries (user_id, sort_at DESC, entry_id DESC);
CREATE INDEX unread_entries_user_feed ON unread_entries (user_id, feed_id, sort_at DESC, entry_id DESC);
CREATE INDEX unread_entries_user_category ON unread_entries (user_id, category_id, sort_at DESC, entry_id DESC);

DROP INDEX entry_states_user_unread;
DROP INDEX entry_states_user_feed_unread;
DROP INDEX entry_states_user_category_unread;

CREATE TRIGGER entry_states_unread_insert AFTER INSERT ON entry_states WHEN NEW.is_read = FALSE BEGIN
    INSERT INTO unread_entries (user_id, entry_id, feed_id, category_id, sort_at)
    VALUES (NEW.user_id, NEW.entry_id, NEW.feed_id, NEW.category_id, NEW.sort_at)
    ON CONFLICT (user_id, entry_id) DO NOTHING;
END;
CREATE TRIGGER entry_states_unread_read AFTER UPDATE OF is_read ON entry_states
WHEN NEW.is_read = TRUE AND OLD.is_read = FALSE BEGIN
    DELETE FROM unread_entries WHERE user_id = OLD.user_id AND entry_id = OLD.entry_id;
END;
-- Marked unread again, or still unread and moved (a subscription changing category).
CREATE TRIGGER entry_states_unread_keep AFTER UPDATE OF is_read, feed_id, category_id, sort_at ON entry_states
WHEN NEW.is_read = FALSE BEGIN
    INSERT INTO unread_entries (user_id, entry_id, feed_id, category_id, sort_at)
    VALUES (NEW.user_id, NEW.entry_id, NEW.feed_id, NEW.category_id, NEW.sort_at)
    ON CONFLICT (user_id, entry_id) DO UPDATE SET
        feed_id = excluded.feed_id, category_id = excluded.category_id, sort_at = excluded.sort_at;
END;
CREATE TRIGGER entry_states_unread_delete AFTER DELETE ON entry_states WHEN OLD.is_read = FALSE BEGIN
    DELETE FROM unread_entries WHERE user_id = OLD.user_id AND entry_id = OLD.entry_id;
END;
