-- Entries waiting for the background SearchIndexer: a narrow table of their ids instead of a flag in entries.
--
-- Why: clearing the flag was an UPDATE of the entry's row, and SQLite rewrites a whole row to change one column (an
-- entry averages ≈ 2 KB, large ones spill into overflow pages that are freed and taken again), then writes those pages
-- to the WAL a second time. In a 10,000-feed cold refresh that UPDATE was ≈ 30 % of the ingest writer's CPU and grew
-- with the database (docs/benchmarks.md). A row here is an integer appended at the end of a B-tree and deleted again.
--
-- ALTER TABLE … DROP COLUMN rewrites every row of entries once: the upgrade of a 1.4 GB database (350,619 entries)
-- took 21 s on a busy 2-core machine.
CREATE TABLE search_pending (
    entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE
);
INSERT INTO search_pending (entry_id) SELECT id FROM entries WHERE search_pending = TRUE;
DROP INDEX entries_search_pending;
ALTER TABLE entries DROP COLUMN search_pending;
