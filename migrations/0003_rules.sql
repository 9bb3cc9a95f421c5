-- The automatic holds beyond the word lists (rules): the classifier the newsroom's own
-- decisions train, how far through the decisions log it has learned, how it scored each
-- decision just before learning from it (so its quality is measured on decisions it had not
-- seen), and the profile that decisions made by the rules are recorded under.
CREATE TABLE classifier_model (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    model           BLOB NOT NULL,
    -- the rowid of the last decision learned from
    learned_through INTEGER NOT NULL DEFAULT 0 CHECK (learned_through >= 0),
    updated_at      TEXT NOT NULL
);

CREATE TABLE classifier_checks (
    decision_rowid INTEGER PRIMARY KEY,
    probability    REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
    -- the decision said rejected or spam
    bad            INTEGER NOT NULL CHECK (bad IN (0, 1)),
    at             TEXT NOT NULL
);

-- Not a person: never offered in the profile picker (inactive), but decisions need a profile.
INSERT INTO moderators (id, name, role, active, created_at)
VALUES ('rules', 'Readerdesk rules', 'moderator', 0, '2026-11-28T00:00:00.000000Z');
