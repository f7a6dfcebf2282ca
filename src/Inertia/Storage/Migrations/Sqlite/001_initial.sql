-- Inertia schema, SQLite dialect. Times are INTEGER microseconds since the Unix epoch (UTC).
-- Booleans are INTEGER 0/1 (SQLite's TRUE/FALSE literals are 1/0). Keep in step with Postgres/001_initial.sql.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    language      TEXT    NOT NULL DEFAULT '',
    theme         TEXT    NOT NULL DEFAULT 'system',
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

-- A feed is stored and fetched once, however many users follow it.
CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    url             TEXT    NOT NULL UNIQUE,
    site_url        TEXT,
    title           TEXT,
    description     TEXT,
    language        TEXT,
    icon_url        TEXT,
    etag            TEXT,
    last_modified   TEXT,
    hub_url         TEXT,
    next_check_at   INTEGER NOT NULL,
    last_checked_at INTEGER,
    last_success_at INTEGER,
    error_count     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
-- Due-feed claiming scans this in order.
CREATE INDEX feeds_next_check ON feeds (next_check_at, id);

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX categories_user_name ON categories (user_id, lower(name));

CREATE TABLE subscriptions (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    feed_id     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    category_id INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    title       TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX subscriptions_feed ON subscriptions (feed_id);
CREATE INDEX subscriptions_category ON subscriptions (category_id);

-- Entries are stored once per feed; AUTOINCREMENT guarantees an id is never reused, even after deletion.
CREATE TABLE entries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    feed_id      INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    key          TEXT    NOT NULL,
    guid         TEXT,
    url          TEXT,
    title        TEXT,
    author       TEXT,
    summary      TEXT,
    content      TEXT,
    snippet      TEXT,
    published    INTEGER,
    updated      INTEGER,
    created_at   INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL,
    sort_at      INTEGER NOT NULL,
    categories   TEXT    NOT NULL DEFAULT '[]',
    enclosures   TEXT    NOT NULL DEFAULT '[]',
    comments_url TEXT,
    image_url    TEXT,
    content_hash TEXT    NOT NULL,
    UNIQUE (feed_id, key)
);
CREATE INDEX entries_feed_sort ON entries (feed_id, sort_at DESC, id DESC);

-- Per-user state, one row per user and entry, written when the entry arrives. feed_id and sort_at are copied from
-- the entry, and category_id from the user's subscription (kept in step when it moves), so lists, counts and
-- mark-all-read of a feed or category are answered from these indexes alone.
CREATE TABLE entry_states (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    feed_id    INTEGER NOT NULL,
    sort_at    INTEGER NOT NULL,
    category_id INTEGER,
    is_read    INTEGER NOT NULL DEFAULT 0,
    is_starred INTEGER NOT NULL DEFAULT 0,
    read_at    INTEGER,
    starred_at INTEGER,
    PRIMARY KEY (user_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX entry_states_user_sort ON entry_states (user_id, sort_at DESC, entry_id DESC);
CREATE INDEX entry_states_user_unread ON entry_states (user_id, sort_at DESC, entry_id DESC) WHERE is_read = FALSE;
CREATE INDEX entry_states_user_starred ON entry_states (user_id, sort_at DESC, entry_id DESC) WHERE is_starred = TRUE;
CREATE INDEX entry_states_user_feed ON entry_states (user_id, feed_id, sort_at DESC, entry_id DESC);
CREATE INDEX entry_states_user_feed_unread ON entry_states (user_id, feed_id, sort_at DESC, entry_id DESC) WHERE is_read = FALSE;
CREATE INDEX entry_states_user_category ON entry_states (user_id, category_id, sort_at DESC, entry_id DESC);
CREATE INDEX entry_states_user_category_unread ON entry_states (user_id, category_id, sort_at DESC, entry_id DESC) WHERE is_read = FALSE;
-- Deleting an entry (retention) cascades here by entry_id.
CREATE INDEX entry_states_entry ON entry_states (entry_id);
