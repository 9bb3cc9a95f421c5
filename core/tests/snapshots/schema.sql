-- index authors_email
CREATE INDEX authors_email ON authors (email) WHERE email IS NOT NULL;

-- index banned_addresses_author
CREATE INDEX banned_addresses_author ON banned_addresses (author_id);

-- index comment_reasons_priority
CREATE INDEX comment_reasons_priority
    ON comment_reasons (code, status, priority, created_at, seq);

-- index comment_reasons_seq
CREATE INDEX comment_reasons_seq ON comment_reasons (seq);

-- index comments_article_status
CREATE INDEX comments_article_status ON comments (article_id, status, created_at, seq);

-- index comments_author_status
CREATE INDEX comments_author_status ON comments (author_id, status, created_at, seq);

-- index comments_email
CREATE INDEX comments_email ON comments (author_email COLLATE NOCASE) WHERE author_email IS NOT NULL;

-- index comments_flagged
CREATE INDEX comments_flagged ON comments (created_at, seq)
    WHERE open_flags > 0 AND status IN ('pending', 'approved');

-- index comments_flagged_priority
CREATE INDEX comments_flagged_priority ON comments (priority, created_at, seq)
    WHERE open_flags > 0 AND status IN ('pending', 'approved');

-- index comments_ip
CREATE INDEX comments_ip ON comments (author_ip) WHERE author_ip IS NOT NULL;

-- index comments_parent
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;

-- index comments_seq
CREATE UNIQUE INDEX comments_seq ON comments (seq);

-- index comments_status_created
CREATE INDEX comments_status_created ON comments (status, created_at, seq);

-- index comments_status_priority
CREATE INDEX comments_status_priority ON comments (status, priority, created_at, seq);

-- index comments_status_seq
CREATE INDEX comments_status_seq ON comments (status, seq);

-- index decisions_at
CREATE INDEX decisions_at ON decisions (at, id);

-- index decisions_batch
CREATE INDEX decisions_batch ON decisions (batch_id);

-- index decisions_comment_at
CREATE INDEX decisions_comment_at ON decisions (comment_id, at, id);

-- index donation_changes_donation
CREATE INDEX donation_changes_donation ON donation_changes (donation_id, at);

-- index donations_at
CREATE INDEX donations_at ON donations (occurred_at);

-- index donations_campaign_at
CREATE INDEX donations_campaign_at ON donations (campaign_id, occurred_at);

-- index donations_donor_at
CREATE INDEX donations_donor_at ON donations (donor_id, occurred_at);

-- index donations_original
CREATE INDEX donations_original ON donations (original_id) WHERE original_id IS NOT NULL;

-- index donations_waiting
CREATE INDEX donations_waiting ON donations (source, original_external_id)
    WHERE original_id IS NULL AND original_external_id IS NOT NULL;

-- index donors_email
CREATE INDEX donors_email ON donors (email_normalized) WHERE email_normalized IS NOT NULL;

-- index flags_batch
CREATE INDEX flags_batch ON flags (batch_id);

-- index flags_comment
CREATE INDEX flags_comment ON flags (comment_id, resolved_at);

-- index flags_resolved_batch
CREATE INDEX flags_resolved_batch ON flags (resolved_batch) WHERE resolved_batch IS NOT NULL;

-- index imports_unfinished
CREATE INDEX imports_unfinished ON imports (state) WHERE state <> 'done';

-- index site_outbox_comment
CREATE INDEX site_outbox_comment ON site_outbox (comment_id, seq);

-- index site_outbox_site_state
CREATE INDEX site_outbox_site_state ON site_outbox (site_id, state, seq);

-- table articles
CREATE TABLE articles (
    id           TEXT PRIMARY KEY NOT NULL,
    source       TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    title        TEXT NOT NULL,
    url          TEXT,
    published_at TEXT,
    import_id    TEXT REFERENCES imports (id),
    UNIQUE (source, external_id)
);

-- table authors
CREATE TABLE authors (
    id            TEXT PRIMARY KEY NOT NULL,
    source        TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT,
    url           TEXT,
    first_seen_at TEXT NOT NULL,
    trust         TEXT NOT NULL DEFAULT 'normal'
                  CHECK (trust IN ('normal', 'trusted', 'premod', 'banned')),
    notes         TEXT NOT NULL DEFAULT '',
    -- rejected + spam comments, kept by the store; part of a comment's priority
    bad_count     INTEGER NOT NULL DEFAULT 0 CHECK (bad_count >= 0), import_id TEXT REFERENCES imports (id),
    UNIQUE (source, external_id)
);

-- table banned_addresses
CREATE TABLE banned_addresses (
    fingerprint TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES authors (id),
    PRIMARY KEY (fingerprint, author_id)
) WITHOUT ROWID;

-- table campaigns
CREATE TABLE campaigns (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    goal_minor INTEGER NOT NULL CHECK (goal_minor >= 0),
    currency   TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    -- what counts as raised: money received before fees (gross) or after them (net)
    basis      TEXT NOT NULL DEFAULT 'net' CHECK (basis IN ('gross', 'net')),
    created_at TEXT NOT NULL, goal_type TEXT NOT NULL DEFAULT 'total'
    CHECK (goal_type IN ('total', 'monthly_recurring')),
    CHECK (ends_on >= starts_on)
);

-- table canned_reasons
CREATE TABLE canned_reasons (
    id       TEXT PRIMARY KEY NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('reject', 'flag')),
    text     TEXT NOT NULL CHECK (length(trim(text)) > 0),
    position INTEGER NOT NULL,
    UNIQUE (kind, text)
);

-- table classifier_checks
CREATE TABLE classifier_checks (
    decision_rowid INTEGER PRIMARY KEY,
    probability    REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
    -- the decision said rejected or spam
    bad            INTEGER NOT NULL CHECK (bad IN (0, 1)),
    at             TEXT NOT NULL
);

-- table classifier_model
CREATE TABLE classifier_model (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    model           BLOB NOT NULL,
    -- the rowid of the last decision learned from
    learned_through INTEGER NOT NULL DEFAULT 0 CHECK (learned_through >= 0),
    updated_at      TEXT NOT NULL
);

-- table comment_reasons
CREATE TABLE comment_reasons (
    code       TEXT NOT NULL,
    -- copies of the comment's status and priority (kept by trigger) so that a reason filter
    -- is one index range in any queue and any order
    status     TEXT NOT NULL,
    priority   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    seq        INTEGER NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
    PRIMARY KEY (code, status, created_at, seq)
) WITHOUT ROWID;

-- table comments
CREATE TABLE comments (
    id             TEXT PRIMARY KEY NOT NULL,
    seq            INTEGER NOT NULL,
    source         TEXT NOT NULL,
    external_id    TEXT NOT NULL,
    article_id     TEXT NOT NULL REFERENCES articles (id),
    parent_id      TEXT REFERENCES comments (id),
    author_id      TEXT REFERENCES authors (id),
    author_name    TEXT NOT NULL,
    author_email   TEXT,
    author_url     TEXT,
    author_ip      TEXT,
    body           TEXT NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'comment'
                   CHECK (kind = 'comment' OR kind = 'pingback' OR kind = 'trackback'),
    created_at     TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    -- status on arrival; with the decisions log it recomputes `status`
    initial_status TEXT NOT NULL
                   CHECK (initial_status = 'pending' OR initial_status = 'approved'
                          OR initial_status = 'rejected' OR initial_status = 'spam'
                          OR initial_status = 'trash'),
    status         TEXT NOT NULL
                   CHECK (status = 'pending' OR status = 'approved' OR status = 'rejected'
                          OR status = 'spam' OR status = 'trash' OR status = 'importing'),
    -- the state the source site last reported, kept beside ours and never overwriting it
    site_status    TEXT,
    link_count     INTEGER NOT NULL DEFAULT 0 CHECK (link_count >= 0),
    -- [{"code": "links", "detail": "4 links"}, ...]: why the rules held it
    hold_reasons   TEXT NOT NULL DEFAULT '[]'
                   CHECK (json_valid(hold_reasons) AND json_type(hold_reasons) = 'array'),
    -- unresolved flags, kept by triggers on flags; feeds the Flagged queue
    open_flags     INTEGER NOT NULL DEFAULT 0 CHECK (open_flags >= 0),
    -- queue order for "priority": flags first, then holds, then the author's record
    priority       INTEGER NOT NULL DEFAULT 0,
    scores         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scores)),
    import_id      TEXT REFERENCES imports (id),
    UNIQUE (source, external_id),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

-- table comments_fts
CREATE VIRTUAL TABLE comments_fts USING fts5 (
    body,
    author_name,
    content = 'comments',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- table comments_fts_config
CREATE TABLE 'comments_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table comments_fts_data
CREATE TABLE 'comments_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table comments_fts_docsize
CREATE TABLE 'comments_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table comments_fts_idx
CREATE TABLE 'comments_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table decisions
CREATE TABLE decisions (
    id           TEXT PRIMARY KEY NOT NULL,
    comment_id   TEXT NOT NULL REFERENCES comments (id),
    moderator_id TEXT NOT NULL REFERENCES moderators (id),
    device_id    TEXT NOT NULL,
    action       TEXT NOT NULL
                 CHECK (action = 'approve' OR action = 'reject' OR action = 'spam'
                        OR action = 'trash' OR action = 'restore' OR action = 'pending'
                        OR action = 'flag' OR action = 'undo'),
    from_status  TEXT NOT NULL
                 CHECK (from_status = 'pending' OR from_status = 'approved'
                        OR from_status = 'rejected' OR from_status = 'spam'
                        OR from_status = 'trash'),
    to_status    TEXT NOT NULL
                 CHECK (to_status = 'pending' OR to_status = 'approved' OR to_status = 'rejected'
                        OR to_status = 'spam' OR to_status = 'trash'),
    reason       TEXT,
    note         TEXT,
    -- decisions made together (a bulk action) share a batch and are undone together
    batch_id     TEXT NOT NULL,
    undoes_batch TEXT,
    at           TEXT NOT NULL
);

-- table donation_changes
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

-- table donations
CREATE TABLE "donations" (
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

-- table donors
CREATE TABLE donors (
    id               TEXT PRIMARY KEY NOT NULL,
    source           TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    name             TEXT,
    email_normalized TEXT,
    country          TEXT CHECK (country IS NULL OR length(country) = 2),
    first_gift_at    TEXT,
    UNIQUE (source, external_id)
);

-- table erasures
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

-- table exchange_rates
CREATE TABLE exchange_rates (
    base     TEXT NOT NULL CHECK (length(base) = 3),
    quote    TEXT NOT NULL CHECK (length(quote) = 3),
    on_date  TEXT NOT NULL,
    -- decimal text (never a float): 1 base = rate quote
    rate     TEXT NOT NULL CHECK (rate GLOB '[0-9]*' AND rate NOT GLOB '*[^0-9.]*'),
    source   TEXT NOT NULL DEFAULT 'manual',
    PRIMARY KEY (base, quote, on_date)
) WITHOUT ROWID;

-- table flags
CREATE TABLE flags (
    id             TEXT PRIMARY KEY NOT NULL,
    comment_id     TEXT NOT NULL REFERENCES comments (id),
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    note           TEXT,
    -- who raised it: a moderator here, a reader on the site (imports), or the rules
    source         TEXT NOT NULL CHECK (source IN ('moderator', 'reader', 'rules')),
    moderator_id   TEXT REFERENCES moderators (id),
    batch_id       TEXT,
    at             TEXT NOT NULL,
    -- the decision batch that settled it (approve, reject, ...); cleared again by its undo
    resolved_batch TEXT,
    resolved_at    TEXT,
    CHECK ((resolved_batch IS NULL) = (resolved_at IS NULL))
);

-- table import_mappings
CREATE TABLE import_mappings (
    signature  TEXT PRIMARY KEY NOT NULL,
    mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- table import_site_status
CREATE TABLE import_site_status (
    import_id   TEXT NOT NULL REFERENCES imports (id),
    comment_id  TEXT NOT NULL REFERENCES comments (id),
    site_status TEXT NOT NULL,
    PRIMARY KEY (import_id, comment_id)
) WITHOUT ROWID;

-- table imports
CREATE TABLE imports (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('comments', 'donations')),
    format      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    records     INTEGER NOT NULL DEFAULT 0 CHECK (records >= 0),
    imported    INTEGER NOT NULL DEFAULT 0 CHECK (imported >= 0),
    skipped     INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    errors      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(errors)),
    started_at  TEXT NOT NULL,
    finished_at TEXT
, state TEXT NOT NULL DEFAULT 'done'
    CHECK (state = 'writing' OR state = 'publishing' OR state = 'done'));

-- table moderators
CREATE TABLE moderators (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'editor')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
, passphrase_hash TEXT
    CHECK (passphrase_hash IS NULL OR substr(passphrase_hash, 1, 10) = '$argon2id$'));

-- table queue_counts
CREATE TABLE queue_counts (
    queue TEXT PRIMARY KEY NOT NULL
          CHECK (queue IN ('pending', 'approved', 'rejected', 'spam', 'trash', 'flagged')),
    n     INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;

-- table rules
CREATE TABLE rules (
    id         TEXT PRIMARY KEY NOT NULL,
    list       TEXT NOT NULL CHECK (list IN ('banned', 'suspect')),
    pattern    TEXT NOT NULL CHECK (length(trim(pattern)) > 0),
    created_at TEXT NOT NULL,
    UNIQUE (list, pattern)
);

-- table seq_by_day
CREATE TABLE seq_by_day (
    day     TEXT PRIMARY KEY NOT NULL,
    min_seq INTEGER NOT NULL,
    max_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- table settings
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- table site_comments
CREATE TABLE site_comments (
    comment_id TEXT PRIMARY KEY NOT NULL REFERENCES comments (id),
    raw_sha    TEXT,
    edited_at  TEXT,
    deleted_at TEXT,
    checked_at TEXT
) WITHOUT ROWID;

-- table site_outbox
CREATE TABLE site_outbox (
    -- AUTOINCREMENT: a number is never reused, so a stale entry can never name another
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    comment_id  TEXT NOT NULL REFERENCES comments (id),
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    -- the status to set on the site, in WordPress's words
    want        TEXT NOT NULL
                CHECK (want = 'approved' OR want = 'hold' OR want = 'spam' OR want = 'trash'),
    -- comments.site_status when the decision was made (what we believed the site had)
    seen        TEXT,
    state       TEXT NOT NULL DEFAULT 'waiting'
                CHECK (state = 'waiting' OR state = 'failed' OR state = 'conflict'),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_try_at TEXT,
    error_code  TEXT,
    last_error  TEXT,
    -- for a conflict: the status the site had when we came to send ours
    site_now    TEXT,
    created_at  TEXT NOT NULL
);

-- table sites
CREATE TABLE sites (
    id             TEXT PRIMARY KEY NOT NULL,
    -- what the person typed, normalised: scheme://host[:port][/path], no trailing slash
    base_url       TEXT NOT NULL UNIQUE,
    -- the import source of its comments: 'wxr:' + the home URL its REST index reports
    source         TEXT NOT NULL UNIQUE,
    -- the REST root that answered: '<base>/wp-json/' or '<base>/?rest_route=/'
    api_root       TEXT NOT NULL,
    user_name      TEXT NOT NULL,
    name           TEXT NOT NULL,
    wp_version     TEXT,
    password_store TEXT NOT NULL CHECK (password_store = 'keyring' OR password_store = 'file'),
    -- the inactive profile that decisions taken on the site (wp-admin, another laptop) are
    -- recorded under, so the log says who changed what
    actor_id       TEXT NOT NULL REFERENCES moderators (id),
    auto_sync      INTEGER NOT NULL DEFAULT 0 CHECK (auto_sync = 0 OR auto_sync = 1),
    -- the first sync walks every comment by ascending id, a page at a time, each page
    -- committed with the next page's number so an interrupted one resumes where it stopped
    first_page     INTEGER NOT NULL DEFAULT 1 CHECK (first_page >= 1),
    first_done     INTEGER NOT NULL DEFAULT 0 CHECK (first_done = 0 OR first_done = 1),
    -- the highest comment id taken in: later syncs fetch newest first down to it
    max_comment_id INTEGER NOT NULL DEFAULT 0 CHECK (max_comment_id >= 0),
    last_sync_at   TEXT,
    last_ok_at     TEXT,
    last_error     TEXT,
    created_at     TEXT NOT NULL
);

-- table sqlite_sequence
CREATE TABLE sqlite_sequence(name,seq);

-- trigger comments_author_record_delete
CREATE TRIGGER comments_author_record_delete AFTER DELETE ON comments
WHEN old.author_id IS NOT NULL AND old.status IN ('rejected', 'spam') BEGIN
    UPDATE authors SET bad_count = bad_count - 1 WHERE id = old.author_id;
END;

-- trigger comments_author_record_insert
CREATE TRIGGER comments_author_record_insert AFTER INSERT ON comments
WHEN new.author_id IS NOT NULL AND new.status IN ('rejected', 'spam') BEGIN
    UPDATE authors SET bad_count = bad_count + 1 WHERE id = new.author_id;
END;

-- trigger comments_author_record_update
CREATE TRIGGER comments_author_record_update AFTER UPDATE OF status ON comments
WHEN new.author_id IS NOT NULL
     AND (old.status IN ('rejected', 'spam')) <> (new.status IN ('rejected', 'spam')) BEGIN
    UPDATE authors
    SET bad_count = bad_count + (CASE WHEN new.status IN ('rejected', 'spam') THEN 1 ELSE -1 END)
    WHERE id = new.author_id;
END;

-- trigger comments_count_delete
CREATE TRIGGER comments_count_delete AFTER DELETE ON comments BEGIN
    UPDATE queue_counts SET n = n - 1 WHERE queue = old.status;
    UPDATE queue_counts SET n = n - 1
    WHERE queue = 'flagged' AND old.open_flags > 0 AND old.status IN ('pending', 'approved');
END;

-- trigger comments_count_insert
CREATE TRIGGER comments_count_insert AFTER INSERT ON comments BEGIN
    UPDATE queue_counts SET n = n + 1 WHERE queue = new.status;
    UPDATE queue_counts SET n = n + 1
    WHERE queue = 'flagged' AND new.open_flags > 0 AND new.status IN ('pending', 'approved');
END;

-- trigger comments_count_update
CREATE TRIGGER comments_count_update AFTER UPDATE OF status, open_flags ON comments BEGIN
    UPDATE queue_counts SET n = n - 1 WHERE queue = old.status;
    UPDATE queue_counts SET n = n + 1 WHERE queue = new.status;
    UPDATE queue_counts
    SET n = n - (old.open_flags > 0 AND old.status IN ('pending', 'approved'))
              + (new.open_flags > 0 AND new.status IN ('pending', 'approved'))
    WHERE queue = 'flagged';
END;

-- trigger comments_fts_delete
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body, author_name)
    VALUES ('delete', old.seq, old.body, old.author_name);
END;

-- trigger comments_fts_insert
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body, author_name) VALUES (new.seq, new.body, new.author_name);
END;

-- trigger comments_fts_update
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body, author_name, seq ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body, author_name)
    VALUES ('delete', old.seq, old.body, old.author_name);
    INSERT INTO comments_fts (rowid, body, author_name) VALUES (new.seq, new.body, new.author_name);
END;

-- trigger comments_priority_update
CREATE TRIGGER comments_priority_update AFTER UPDATE OF open_flags, hold_reasons ON comments BEGIN
    UPDATE comments
    SET priority = new.open_flags * 100 + json_array_length(new.hold_reasons) * 10
                 + old.priority % 10
    WHERE seq = new.seq;
END;

-- trigger comments_reasons_flagged
CREATE TRIGGER comments_reasons_flagged AFTER UPDATE OF status, priority, open_flags ON comments
BEGIN
    DELETE FROM comment_reasons WHERE seq = new.seq AND status = 'flagged';
    INSERT OR IGNORE INTO comment_reasons (code, status, priority, created_at, seq)
    SELECT r.code, 'flagged', c.priority, r.created_at, r.seq
    FROM comments c JOIN comment_reasons r ON r.seq = c.seq AND r.status <> 'flagged'
    WHERE c.seq = new.seq AND c.open_flags > 0
      AND (c.status = 'pending' OR c.status = 'approved');
END;

-- trigger comments_reasons_follow
CREATE TRIGGER comments_reasons_follow AFTER UPDATE OF status, priority ON comments BEGIN
    UPDATE comment_reasons SET status = new.status, priority = new.priority
    WHERE seq = new.seq AND status <> 'flagged';
END;

-- trigger comments_seq_by_day
CREATE TRIGGER comments_seq_by_day AFTER INSERT ON comments BEGIN
    INSERT INTO seq_by_day (day, min_seq, max_seq)
    VALUES (substr(new.created_at, 1, 10), new.seq, new.seq)
    ON CONFLICT (day) DO UPDATE SET min_seq = min(min_seq, excluded.min_seq),
                                    max_seq = max(max_seq, excluded.max_seq);
END;

-- trigger comments_seq_by_day_update
CREATE TRIGGER comments_seq_by_day_update AFTER UPDATE OF created_at, seq ON comments BEGIN
    INSERT INTO seq_by_day (day, min_seq, max_seq)
    VALUES (substr(new.created_at, 1, 10), new.seq, new.seq)
    ON CONFLICT (day) DO UPDATE SET min_seq = min(min_seq, excluded.min_seq),
                                    max_seq = max(max_seq, excluded.max_seq);
END;

-- trigger decisions_no_delete
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

-- trigger decisions_no_update
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE finished_at IS NULL) BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

-- trigger decisions_to_site_outbox
CREATE TRIGGER decisions_to_site_outbox AFTER INSERT ON decisions
WHEN new.from_status <> new.to_status AND substr(new.device_id, 1, 5) <> 'site:' BEGIN
    INSERT INTO site_outbox (site_id, comment_id, decision_id, want, seen, created_at)
    SELECT s.id, c.id, new.id,
           CASE new.to_status
               WHEN 'approved' THEN 'approved'
               WHEN 'pending' THEN 'hold'
               WHEN 'spam' THEN 'spam'
               ELSE 'trash'
           END,
           c.site_status, new.at
    FROM comments c JOIN sites s ON s.source = c.source
    WHERE c.id = new.comment_id;
END;

-- trigger donation_changes_no_delete
CREATE TRIGGER donation_changes_no_delete BEFORE DELETE ON donation_changes BEGIN
    SELECT RAISE(ABORT, 'donation changes are append-only');
END;

-- trigger donation_changes_no_update
CREATE TRIGGER donation_changes_no_update BEFORE UPDATE ON donation_changes
WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE finished_at IS NULL) BEGIN
    SELECT RAISE(ABORT, 'donation changes are append-only');
END;

-- trigger flags_open_delete
CREATE TRIGGER flags_open_delete AFTER DELETE ON flags WHEN old.resolved_at IS NULL BEGIN
    UPDATE comments SET open_flags = open_flags - 1 WHERE id = old.comment_id;
END;

-- trigger flags_open_insert
CREATE TRIGGER flags_open_insert AFTER INSERT ON flags WHEN new.resolved_at IS NULL BEGIN
    UPDATE comments SET open_flags = open_flags + 1 WHERE id = new.comment_id;
END;

-- trigger flags_open_update
CREATE TRIGGER flags_open_update AFTER UPDATE OF resolved_at ON flags
WHEN (old.resolved_at IS NULL) <> (new.resolved_at IS NULL) BEGIN
    UPDATE comments
    SET open_flags = open_flags + (CASE WHEN new.resolved_at IS NULL THEN 1 ELSE -1 END)
    WHERE id = new.comment_id;
END;

-- user_version 10
