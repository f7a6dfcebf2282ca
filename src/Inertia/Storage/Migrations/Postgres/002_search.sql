-- Full-text search. Text is tokenized in C# (Search/SearchTokenizer: words, CJK runs as overlapping bigrams) and
-- stored as a ready tsvector, so PostgreSQL's parser (which cannot split Chinese) is never used and both dialects
-- index exactly the same terms. Title terms carry weight A.
CREATE TABLE entry_search (
    entry_id BIGINT   PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    tokens   TSVECTOR NOT NULL
);
CREATE INDEX entry_search_tokens ON entry_search USING GIN (tokens);

-- Entries stored before search existed (or after a tokenizer change resets the flag) are indexed by
-- SearchStore.IndexPendingAsync; new and changed entries are indexed as they are stored.
ALTER TABLE entries ADD COLUMN search_pending BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX entries_search_pending ON entries (id) WHERE search_pending = TRUE;
