-- Nothing to do on SQLite: FTS5 manages its own pages. PostgreSQL's 021 keeps search documents in their row; the
-- versions stay the same on both dialects.
SELECT 1;
