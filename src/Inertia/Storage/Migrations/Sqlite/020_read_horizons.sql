-- Read horizons: "everything of this feed up to this sort time, that existed at the time, is read", one row per
-- (user, feed) until the rows behind it are rewritten as read. SQLite dialect; keep in step with
-- Postgres/020_read_horizons.sql.
--
-- Why: marking a 10^5-entry category read rewrote one state row, one unread_entries row with its three indexes and
-- one counter per entry: 1.6 s at a million entries, a floor of about 1.3 s whatever the table shape
-- (docs/benchmarks.md, Storage). Now the mark writes one horizon and one counter per feed, and a background sweeper
-- rewrites the rows behind the horizons in small batches. Until it has, a state row is read when its is_read is set
-- or a horizon covers it (sort_at and entry_id both at or below the horizon's): Storage/ReadState/ReadHorizons.cs.
-- An entry stored later has a larger id, so a horizon never covers it.
CREATE TABLE read_horizons (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    sort_at    INTEGER NOT NULL,
    entry_id   INTEGER NOT NULL,
    read_at    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX read_horizons_created ON read_horizons (created_at);

-- The counters count the unread rows no horizon covers: the mark has already taken the covered ones off, so
-- rewriting them (the sweeper) or deleting them (retention) must not take them off again.
DROP TRIGGER unread_counts_insert;
DROP TRIGGER unread_counts_delete;
DROP TRIGGER unread_counts_move;
CREATE TRIGGER unread_counts_insert AFTER INSERT ON unread_entries
WHEN NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = NEW.user_id AND h.feed_id = NEW.feed_id
                 AND NEW.sort_at <= h.sort_at AND NEW.entry_id <= h.entry_id) BEGIN
    INSERT INTO unread_counts (user_id, feed_id, unread) VALUES (NEW.user_id, NEW.feed_id, 1)
    ON CONFLICT (user_id, feed_id) DO UPDATE SET unread = unread + 1;
END;
CREATE TRIGGER unread_counts_delete AFTER DELETE ON unread_entries
WHEN NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = OLD.user_id AND h.feed_id = OLD.feed_id
                 AND OLD.sort_at <= h.sort_at AND OLD.entry_id <= h.entry_id) BEGIN
    UPDATE unread_counts SET unread = unread - 1 WHERE user_id = OLD.user_id AND feed_id = OLD.feed_id;
END;
-- Split in two so each side checks its own horizon.
CREATE TRIGGER unread_counts_move_from AFTER UPDATE OF user_id, feed_id ON unread_entries
WHEN (NEW.user_id <> OLD.user_id OR NEW.feed_id <> OLD.feed_id)
 AND NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = OLD.user_id AND h.feed_id = OLD.feed_id
                 AND OLD.sort_at <= h.sort_at AND OLD.entry_id <= h.entry_id) BEGIN
    UPDATE unread_counts SET unread = unread - 1 WHERE user_id = OLD.user_id AND feed_id = OLD.feed_id;
END;
CREATE TRIGGER unread_counts_move_to AFTER UPDATE OF user_id, feed_id ON unread_entries
WHEN (NEW.user_id <> OLD.user_id OR NEW.feed_id <> OLD.feed_id)
 AND NOT EXISTS (SELECT 1 FROM read_horizons h WHERE h.user_id = NEW.user_id AND h.feed_id = NEW.feed_id
                 AND NEW.sort_at <= h.sort_at AND NEW.entry_id <= h.entry_id) BEGIN
    INSERT INTO unread_counts (user_id, feed_id, unread) VALUES (NEW.user_id, NEW.feed_id, 1)
    ON CONFLICT (user_id, feed_id) DO UPDATE SET unread = unread + 1;
END;

-- Unread lists skip the rows a horizon covers until the sweeper has rewritten them (seconds after a mark of 10^5
-- entries); the check needs the row's feed, and with feed_id in the indexes those lists walk it costs no lookup of
-- the row per entry passed.
DROP INDEX unread_entries_user_sort;
CREATE INDEX unread_entries_user_sort ON unread_entries (user_id, sort_at DESC, entry_id DESC, feed_id);
DROP INDEX unread_entries_user_category;
CREATE INDEX unread_entries_user_category ON unread_entries (user_id, category_id, sort_at DESC, entry_id DESC, feed_id);
