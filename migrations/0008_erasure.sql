-- Erasing a person (a reader or a donor), as GDPR article 17 asks: their names, e-mails, IPs
-- and URLs are replaced everywhere by a stable placeholder ("Erased reader 7"). It is the one
-- documented exception to the append-only logs: while an erasure is open (finished_at NULL,
-- only ever inside the erasure's own transaction) the logs' personal fields may be rewritten.
-- Deleting from the logs stays forbidden. The row records who erased, when and which person
-- number, never what was erased.
CREATE TABLE erasures (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind = 'reader' OR kind = 'donor'),
    number        INTEGER NOT NULL CHECK (number > 0),
    moderator_id  TEXT REFERENCES moderators (id),
    at            TEXT NOT NULL,
    texts_removed INTEGER NOT NULL DEFAULT 0 CHECK (texts_removed = 0 OR texts_removed = 1),
    finished_at   TEXT,
    UNIQUE (kind, number)
);

DROP TRIGGER decisions_no_update;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE finished_at IS NULL) BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

DROP TRIGGER donation_changes_no_update;
CREATE TRIGGER donation_changes_no_update BEFORE UPDATE ON donation_changes
WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE finished_at IS NULL) BEGIN
    SELECT RAISE(ABORT, 'donation changes are append-only');
END;
