-- source_hash: a hash of the entry as the feed sent it (before sanitizing) and of the build that sanitized it. A
-- refresh compares it first and skips sanitizing and rewriting entries the feed sends unchanged (FeedRefresher);
-- NULL for entries stored before, which get it at their next refresh.
ALTER TABLE entries ADD COLUMN source_hash TEXT;
