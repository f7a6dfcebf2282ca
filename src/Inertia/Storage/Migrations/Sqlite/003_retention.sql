-- Retention. current_entry_ids: the ids in the feed's latest stored document (JSON array), which retention never
-- deletes (they would come back as new). Per-feed overrides of the retention days: NULL = the global setting,
-- 0 = keep forever.
ALTER TABLE feeds ADD COLUMN current_entry_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feeds ADD COLUMN retention_read_days INTEGER;
ALTER TABLE feeds ADD COLUMN retention_unread_days INTEGER;
-- Retention scans the oldest entries first.
CREATE INDEX entries_sort ON entries (sort_at, id);
