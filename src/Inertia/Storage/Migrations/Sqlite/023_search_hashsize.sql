-- FTS5 writes a new index segment whenever the terms it holds in memory pass 'hashsize' (1 MB by default), not once
-- per statement: a batch of 1,000 documents (≈ 2 KB of text each) became several segments, and the automerge work of
-- merging them back together was the largest single cost of the ingest writer in a 10,000-feed cold refresh (the
-- flush and merge at the savepoint's release: ≈ 105 µs of writer CPU per entry, docs/benchmarks.md). With 64 MB a
-- SearchIndexer batch is one segment; the memory is held only while a batch is written. The value is stored in the
-- table's own configuration (entry_search_config), so every connection uses it.
INSERT INTO entry_search (entry_search, rank) VALUES ('hashsize', 67108864);
