-- Retention walks each feed's oldest entries through entries_feed_sort (RetentionStore) instead of all entries
-- oldest first, so the index it needed for that goes: one index fewer for every new entry to land in. PostgreSQL
-- dialect; keep in step with Sqlite/025.
DROP INDEX entries_sort;
