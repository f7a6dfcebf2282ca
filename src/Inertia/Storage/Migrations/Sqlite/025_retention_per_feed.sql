-- Retention walks each feed's oldest entries through entries_feed_sort (RetentionStore) instead of all entries
-- oldest first, so the index it needed for that goes. SQLite dialect; keep in step with Postgres/025.
--
-- Why: entries_sort was one of the five indexes a new entry lands in at a random place (by sort time), and every group
-- commit wrote the page each such row changed to the log again. Without it a 10,000-feed cold refresh took 12 % less
-- time (docs/benchmarks.md).
DROP INDEX entries_sort;
