-- Readers' IP addresses are cleared after the newsroom's retention time (privacy settings).
-- So that a banned reader's addresses still catch their next comments, each address a banned
-- author used is kept as a keyed fingerprint (HMAC-SHA256), never as the address itself, and
-- only while the author stays banned.
CREATE TABLE banned_addresses (
    fingerprint TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES authors (id),
    PRIMARY KEY (fingerprint, author_id)
) WITHOUT ROWID;

CREATE INDEX banned_addresses_author ON banned_addresses (author_id);
