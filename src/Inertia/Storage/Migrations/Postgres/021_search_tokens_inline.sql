-- Search documents kept in their row. PostgreSQL dialect; SQLite's 021 changes nothing (FTS5 manages its own pages).
--
-- Why: relevance search tests the newest matches' tsvectors one by one (SearchStore: the planner walks the primary
-- key backwards), and a tsvector over 2 KB was moved to the TOAST table, so each test was a TOAST index lookup plus
-- its chunks. The average document of the million-entry benchmark is 5.7 KB, which fits a page: kept in the row
-- (STORAGE MAIN, toast_tuple_target at its maximum), the same walk ran 2-4 times faster (docs/benchmarks.md).
-- Documents larger than a page still go out of line.
--
-- Rows written before this migration keep their storage until they are written again (a changed entry is indexed
-- anew). To convert them all at once, while Inertia runs (it rewrites the table and its
-- index entries: 21 minutes for the benchmark's million entries, on a busy 2-core machine):
--   UPDATE entry_search SET tokens = tokens || ''::tsvector;  then  VACUUM entry_search;
-- Not done here: on a large install it would hold the start-up for that long.
ALTER TABLE entry_search SET (toast_tuple_target = 8160);
ALTER TABLE entry_search ALTER COLUMN tokens SET STORAGE MAIN;
