-- SQLite's 024 moves its FTS5 index into a file of its own, so that its writes stop taking the one write lock from the
-- refreshes. PostgreSQL's writers proceed in parallel already; this version exists so both dialects keep the same
-- numbers.
SELECT 1;
