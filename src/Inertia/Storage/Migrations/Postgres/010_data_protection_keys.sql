-- Keys that encrypt session and antiforgery cookies, kept in the database so every node (and every restart) shares them.
CREATE TABLE data_protection_keys (
    name       TEXT PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
