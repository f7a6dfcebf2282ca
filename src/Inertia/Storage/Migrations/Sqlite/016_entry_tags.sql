-- User tags on entries. SQLite dialect; keep in step with Postgres/016_entry_tags.sql. Times are INTEGER microseconds
-- since the Unix epoch (UTC).

-- A user's tag. name_key is the name folded in C# (NFC, lower-case invariant), so both dialects agree on which names
-- are the same tag (SQLite's lower() folds only ASCII). A Google Reader API maps a tag 1:1 to "user/-/label/{name}".
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX tags_user_name ON tags (user_id, name_key);

-- An entry carrying a tag, for one user. sort_at is copied from the user's entry state (fixed when the entry is first
-- stored), so a tag's list is read newest first and keyset paged from entry_tags_tag alone. The primary key leads with
-- entry_id: it answers "the tags of these entries" (a list page, one query) and the cascade when retention deletes an
-- entry; entry_tags_tag leads with tag_id for the cascade when a tag is deleted.
CREATE TABLE entry_tags (
    entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    sort_at    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (entry_id, user_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX entry_tags_tag ON entry_tags (tag_id, user_id, sort_at DESC, entry_id DESC);
