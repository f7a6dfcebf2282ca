-- Saved searches, reading preferences, sign-in sessions. SQLite dialect; keep in step with
-- Postgres/014_searches_settings_sessions.sql. Times are INTEGER microseconds since the Unix epoch (UTC).

-- A search with its filters, saved under a name: listed in the sidebar, publishable as an output feed
-- (scope "search:<id>"). since/until are calendar days ('yyyy-MM-dd', UTC), both inclusive.
CREATE TABLE saved_searches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    query       TEXT    NOT NULL,
    filter      TEXT    NOT NULL DEFAULT 'all',
    feed_id     INTEGER,
    category_id INTEGER,
    since       TEXT,
    until       TEXT,
    newest_first INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches (user_id, id);

-- Reading preferences. page_size NULL: the configured Reader:PageSize.
ALTER TABLE users ADD COLUMN page_size INTEGER;
ALTER TABLE users ADD COLUMN mark_read TEXT NOT NULL DEFAULT 'open';
ALTER TABLE users ADD COLUMN default_view TEXT NOT NULL DEFAULT 'unread';
ALTER TABLE users ADD COLUMN oldest_first INTEGER NOT NULL DEFAULT 0;

-- One row per signed-in browser. The auth cookie carries the id; deleting the row signs that browser out.
CREATE TABLE user_sessions (
    id           TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent   TEXT    NOT NULL DEFAULT '',
    ip           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, last_seen_at);
