-- Reading tools: full articles, "keep unread", background OPML imports. SQLite dialect; keep in step with
-- Postgres/013_reading.sql. Times are INTEGER microseconds since the Unix epoch (UTC).

-- The full text of an entry's page, fetched on request and cached per entry (the page is the same for every reader;
-- reads join entry_states, so only a user who has the entry sees it). selector: the CSS selector used, '' = readability.
CREATE TABLE entry_full_articles (
    entry_id   INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL,
    selector   TEXT    NOT NULL DEFAULT '',
    content    TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL
);

-- "Keep unread": opening the entry does not mark it read (cleared when the user marks it read).
ALTER TABLE entry_states ADD COLUMN keep_unread INTEGER NOT NULL DEFAULT 0;

-- An OPML import runs in the background, one at a time per user. items: the planned feeds (JSON), processed: how
-- many are done (a job taken over after a crash continues there), failures: [{url, reason}] (JSON).
-- status: queued, running, done. lease_until: a running job whose lease passed is taken over by any node.
CREATE TABLE opml_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL,
    items       TEXT    NOT NULL,
    total       INTEGER NOT NULL,
    processed   INTEGER NOT NULL DEFAULT 0,
    added       INTEGER NOT NULL DEFAULT 0,
    existing    INTEGER NOT NULL DEFAULT 0,
    failures    TEXT    NOT NULL DEFAULT '[]',
    status      TEXT    NOT NULL DEFAULT 'queued',
    lease_until INTEGER,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX opml_imports_user ON opml_imports (user_id, id);
CREATE INDEX opml_imports_status ON opml_imports (status, id);
