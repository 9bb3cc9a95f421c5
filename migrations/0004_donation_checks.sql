-- The donations table again, with the same keys, indexes and meaning, and two changes:
-- - its kind and method checks are written as comparisons: SQLite evaluates a CHECK's IN
--   list of three or more values by building a temporary B-tree for every row written, which
--   was a quarter of the work of importing a large export;
-- - a recurring gift says how often it comes (payments_per_year: 12 monthly, 4 quarterly,
--   1 yearly, 52 weekly), so a yearly plan counts a twelfth of its gift in MRR and stays
--   active for a year. NULL where the export does not say: taken as monthly.
-- - a refund or dispute keeps the source's id of the gift it reverses
--   (original_external_id), so one that arrives before its gift (a balance report read
--   before the payments export) is linked to the gift when the gift comes in.
-- Rebuilt the documented way (new table, copy, drop, rename), with foreign keys checked
-- before the migration commits; rowids are kept, since the ledger's fingerprint and the rows
-- behind a number refer to them.
CREATE TABLE donations_rebuilt (
    id                 TEXT PRIMARY KEY NOT NULL,
    source             TEXT NOT NULL,
    external_id        TEXT NOT NULL,
    donor_id           TEXT REFERENCES donors (id),
    campaign_id        TEXT REFERENCES campaigns (id),
    kind               TEXT NOT NULL
                       CHECK (kind = 'one_time' OR kind = 'recurring' OR kind = 'refund'
                              OR kind = 'dispute'),
    gross_minor        INTEGER NOT NULL,
    fee_minor          INTEGER NOT NULL DEFAULT 0,
    net_minor          INTEGER NOT NULL,
    currency           TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    -- the provider's own conversion into the reporting currency, preferred when present
    converted_minor    INTEGER,
    converted_currency TEXT CHECK (converted_currency IS NULL OR length(converted_currency) = 3),
    original_id        TEXT REFERENCES donations (id),
    occurred_at        TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    import_id          TEXT REFERENCES imports (id),
    created_at         TEXT NOT NULL,
    -- only for gifts entered by hand (source 'manual')
    method             TEXT
                       CHECK (method IS NULL OR method = 'cash' OR method = 'cheque'
                              OR method = 'bank_transfer' OR method = 'card' OR method = 'other'),
    original_external_id TEXT,
    payments_per_year  INTEGER
                       CHECK (payments_per_year IS NULL
                              OR (kind = 'recurring' AND payments_per_year BETWEEN 1 AND 366)),
    UNIQUE (source, external_id),
    CHECK (net_minor = gross_minor - fee_minor),
    CHECK ((converted_minor IS NULL) = (converted_currency IS NULL)),
    CHECK (kind = 'refund' OR kind = 'dispute' OR gross_minor >= 0),
    CHECK ((kind <> 'refund' AND kind <> 'dispute') OR gross_minor <= 0)
);

INSERT INTO donations_rebuilt (rowid, id, source, external_id, donor_id, campaign_id, kind, gross_minor,
                               fee_minor, net_minor, currency, converted_minor,
                               converted_currency, original_id, occurred_at, note, import_id,
                               created_at, method)
SELECT rowid, id, source, external_id, donor_id, campaign_id, kind, gross_minor, fee_minor,
       net_minor,
       currency, converted_minor, converted_currency, original_id, occurred_at, note, import_id,
       created_at, method
FROM donations ORDER BY rowid;

DROP TABLE donations;
ALTER TABLE donations_rebuilt RENAME TO donations;

CREATE INDEX donations_campaign_at ON donations (campaign_id, occurred_at);
CREATE INDEX donations_donor_at ON donations (donor_id, occurred_at);
CREATE INDEX donations_at ON donations (occurred_at);
-- a gift's refunds and disputes: found when one more arrives, and moved with it by hand
CREATE INDEX donations_original ON donations (original_id) WHERE original_id IS NOT NULL;
-- refunds and disputes still waiting for their gift
CREATE INDEX donations_waiting ON donations (source, original_external_id)
    WHERE original_id IS NULL AND original_external_id IS NOT NULL;
