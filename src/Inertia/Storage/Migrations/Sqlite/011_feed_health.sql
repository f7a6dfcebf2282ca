-- Fetch log and per-feed settings. SQLite dialect; keep in step with Postgres/011_feed_health.sql.

-- A feed row may now be private to one user (owner_user_id): fetched with that user's cookie, basic auth, user
-- agent or proxy, and never shared, so credentials and what a server returns for them cannot leak to other
-- followers. Uniqueness becomes url among shared rows and (url, owner) among private ones. SQLite cannot drop the
-- old UNIQUE (url): the table is rebuilt (foreign keys are off while migrating, see Database.MigrateAsync).
-- The CHECK keeps credentials off shared rows whatever the code does.
CREATE TABLE feeds_new (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    url                    TEXT    NOT NULL,
    site_url               TEXT,
    title                  TEXT,
    description            TEXT,
    language               TEXT,
    icon_url               TEXT,
    etag                   TEXT,
    last_modified          TEXT,
    hub_url                TEXT,
    next_check_at          INTEGER NOT NULL,
    last_checked_at        INTEGER,
    last_success_at        INTEGER,
    error_count            INTEGER NOT NULL DEFAULT 0,
    last_error             TEXT,
    created_at             INTEGER NOT NULL,
    current_entry_ids      TEXT    NOT NULL DEFAULT '[]',
    retention_read_days    INTEGER,
    retention_unread_days  INTEGER,
    owner_user_id          INTEGER REFERENCES users (id) ON DELETE CASCADE,
    -- Settings without credentials, on shared rows too: a fixed interval replaces the adaptive one; ignoring the
    -- HTTP cache drops validators for servers whose ETag/Last-Modified lie; full-article fetch and its selector.
    fixed_interval_minutes INTEGER,
    ignore_http_cache      INTEGER NOT NULL DEFAULT 0,
    full_article           INTEGER NOT NULL DEFAULT 0,
    article_selector       TEXT,
    -- Private rows only.
    user_agent             TEXT,
    cookie                 TEXT,
    auth_username          TEXT,
    auth_password          TEXT,
    proxy_url              TEXT,
    CHECK (owner_user_id IS NOT NULL OR (user_agent IS NULL AND cookie IS NULL AND auth_username IS NULL
                                         AND auth_password IS NULL AND proxy_url IS NULL))
);
INSERT INTO feeds_new (id, url, site_url, title, description, language, icon_url, etag, last_modified, hub_url,
    next_check_at, last_checked_at, last_success_at, error_count, last_error, created_at,
    current_entry_ids, retention_read_days, retention_unread_days)
SELECT id, url, site_url, title, description, language, icon_url, etag, last_modified, hub_url,
    next_check_at, last_checked_at, last_success_at, error_count, last_error, created_at,
    current_entry_ids, retention_read_days, retention_unread_days
FROM feeds;
-- Ids are never reused: carry the AUTOINCREMENT high-water mark over (a deleted newest feed included).
INSERT INTO sqlite_sequence (name, seq)
SELECT 'feeds_new', seq FROM sqlite_sequence WHERE name = 'feeds'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'feeds_new');
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'feeds')
WHERE name = 'feeds_new' AND seq < (SELECT seq FROM sqlite_sequence WHERE name = 'feeds');
DROP TABLE feeds;
ALTER TABLE feeds_new RENAME TO feeds;
CREATE INDEX feeds_next_check ON feeds (next_check_at, id);
CREATE UNIQUE INDEX feeds_shared_url ON feeds (url) WHERE owner_user_id IS NULL;
CREATE UNIQUE INDEX feeds_private_url ON feeds (url, owner_user_id) WHERE owner_user_id IS NOT NULL;

-- The last fetches of each feed (FetchLogStore keeps a bounded number per feed, pruned in the same write).
CREATE TABLE fetch_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    feed_id     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    fetched_at  INTEGER NOT NULL,
    status      INTEGER,
    bytes       INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    inserted    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);
CREATE INDEX fetch_log_feed ON fetch_log (feed_id, id);
