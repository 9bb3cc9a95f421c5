-- The donation ledger beyond the first schema: what a campaign's goal counts, how a gift typed
-- in by hand came (cash, cheque, bank transfer), every change to a ledger row with who made it
-- and what it was before, and the column mappings remembered for generic CSV files.

-- total: the money raised in the window; monthly_recurring: the recurring income a month
ALTER TABLE campaigns ADD COLUMN goal_type TEXT NOT NULL DEFAULT 'total'
    CHECK (goal_type IN ('total', 'monthly_recurring'));

-- only for gifts entered by hand (source 'manual')
ALTER TABLE donations ADD COLUMN method TEXT
    CHECK (method IS NULL OR method IN ('cash', 'cheque', 'bank_transfer', 'card', 'other'));

CREATE TABLE donation_changes (
    id           TEXT PRIMARY KEY NOT NULL,
    donation_id  TEXT NOT NULL REFERENCES donations (id),
    moderator_id TEXT NOT NULL REFERENCES moderators (id),
    at           TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('create', 'edit')),
    -- the row as JSON before and after the change (before is NULL on create)
    before       TEXT CHECK (before IS NULL OR json_valid(before)),
    after        TEXT NOT NULL CHECK (json_valid(after))
);
CREATE INDEX donation_changes_donation ON donation_changes (donation_id, at);
CREATE TRIGGER donation_changes_no_update BEFORE UPDATE ON donation_changes BEGIN
    SELECT RAISE(ABORT, 'donation changes are append-only');
END;
CREATE TRIGGER donation_changes_no_delete BEFORE DELETE ON donation_changes BEGIN
    SELECT RAISE(ABORT, 'donation changes are append-only');
END;

-- a generic CSV's column mapping, remembered by the signature of its header row
CREATE TABLE import_mappings (
    signature  TEXT PRIMARY KEY NOT NULL,
    mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
