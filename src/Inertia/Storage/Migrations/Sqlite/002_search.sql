-- Full-text search. Text is tokenized in C# (Search/SearchTokenizer: words, CJK runs as overlapping bigrams) so SQLite
-- and PostgreSQL index exactly the same terms; FTS5's ascii tokenizer then only splits at the spaces between them.
-- Contentless: the text already lives in entries; rowid = entries.id.
CREATE VIRTUAL TABLE entry_search USING fts5(title, body, content = '', contentless_delete = 1, tokenize = 'ascii');

-- Entries stored before search existed (or after a tokenizer change resets the flag) are indexed by
-- SearchStore.IndexPendingAsync; new and changed entries are indexed as they are stored.
ALTER TABLE entries ADD COLUMN search_pending INTEGER NOT NULL DEFAULT 1;
CREATE INDEX entries_search_pending ON entries (id) WHERE search_pending = TRUE;

CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN
    DELETE FROM entry_search WHERE rowid = old.id;
END;
