-- SQLite's 023 raises FTS5's 'hashsize' (how many terms it holds before writing an index segment). PostgreSQL's
-- tsvector index has no such setting to change here; this version exists so both dialects keep the same numbers.
SELECT 1;
