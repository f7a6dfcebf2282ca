-- Public side: the recommended-feeds catalog, instance settings, private output-feed tokens. SQLite dialect;
-- keep in step with Postgres/004_public.sql. Times are INTEGER microseconds since the Unix epoch (UTC).

-- The catalog is curated by admins; feed_id links an entry to the feeds row once someone subscribes or previews it
-- (queries also match feeds.url = catalog_feeds.url, so a feed followed from the reader counts too).
CREATE TABLE catalog_feeds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    url         TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    description TEXT,
    category    TEXT    NOT NULL DEFAULT '',
    language    TEXT    NOT NULL DEFAULT '',
    site_url    TEXT,
    position    INTEGER NOT NULL DEFAULT 0,
    feed_id     INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX catalog_feeds_url ON catalog_feeds (url);
CREATE INDEX catalog_feeds_feed ON catalog_feeds (feed_id);

-- Admin settings as text key/value pairs; absent keys take the code's defaults.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One revocable secret per user and scope ("starred", "category:<id>"): whoever has the URL reads that list.
CREATE TABLE output_feed_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token      TEXT    NOT NULL UNIQUE,
    scope      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX output_feed_tokens_user_scope ON output_feed_tokens (user_id, scope);
