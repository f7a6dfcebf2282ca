-- Entries waiting for the background SearchIndexer: a narrow table of their ids instead of a flag in entries.
--
-- Why: clearing the flag was an UPDATE of the entry's row, which rewrites the whole row (SQLite; PostgreSQL writes a
-- new row version), and in a 10,000-feed cold refresh on SQLite that UPDATE was ≈ 30 % of the ingest writer's CPU
-- (docs/benchmarks.md). Both dialects keep the same schema. Dropping the column does not rewrite the table here.
CREATE TABLE search_pending (
    entry_id BIGINT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE
);
INSERT INTO search_pending (entry_id) SELECT id FROM entries WHERE search_pending;
DROP INDEX entries_search_pending;
ALTER TABLE entries DROP COLUMN search_pending;
