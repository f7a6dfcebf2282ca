-- The search index moves into a database file of its own beside this one (Search/SqliteSearchFile: inertia.db →
-- inertia.search.db). SQLite lets one connection write a file at a time: in this file, every FTS5 write of the
-- SearchIndexer took the write lock from the refreshes (≈ a quarter of the ingest writer's time in a 10,000-feed cold
-- refresh); in its own file the index is written on another core while refreshes store entries (docs/benchmarks.md).
--
-- The old index goes; every entry is queued for the SearchIndexer, which builds the new file in the background (a
-- search catches up on small backlogs only, so until then older entries are not found).
DROP TRIGGER entries_search_delete;
DROP TABLE entry_search;
INSERT INTO search_pending (entry_id) SELECT id FROM entries WHERE true ON CONFLICT (entry_id) DO NOTHING;

-- A trigger cannot reach another file: a deleted entry's id waits here until the SearchIndexer deletes its index
-- row (a search never shows it meanwhile: it has no state rows left).
CREATE TABLE search_gone (
    entry_id INTEGER PRIMARY KEY
);
CREATE TRIGGER entries_search_gone AFTER DELETE ON entries BEGIN
    INSERT INTO search_gone (entry_id) VALUES (old.id) ON CONFLICT (entry_id) DO NOTHING;
END;
