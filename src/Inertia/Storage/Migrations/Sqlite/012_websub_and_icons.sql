-- WebSub push subscriptions, one per feed (the hub pushes to a callback that names the feed and a random token).
-- state: pending (a subscribe request is due), subscribing (sent, awaiting the hub's verification), active
-- (verified; expires_at is the lease end), unsubscribing (sent, awaiting verification). due_at: when the worker acts
-- next (send, retry, renew); it doubles as a claim lease so two nodes never send the same request.
CREATE TABLE websub_subscriptions (
    feed_id      INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
    hub_url      TEXT    NOT NULL,
    topic_url    TEXT    NOT NULL,
    token        TEXT    NOT NULL,
    secret       TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    due_at       INTEGER NOT NULL,
    expires_at   INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    last_push_at INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX websub_subscriptions_due ON websub_subscriptions (due_at);

-- A feed's icon, fetched once and refreshed rarely. A row without data records that none was found (or the last
-- attempt failed) so the search is not repeated before next_check_at; next_check_at is also the claim lease.
CREATE TABLE feed_icons (
    feed_id       INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
    source_url    TEXT,
    content_type  TEXT,
    data          BLOB,
    hash          TEXT,
    checked_at    INTEGER,
    next_check_at INTEGER NOT NULL,
    last_error    TEXT
);
CREATE INDEX feed_icons_next_check ON feed_icons (next_check_at);
