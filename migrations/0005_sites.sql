-- 0005_sites: connected WordPress sites, the outbox of decisions waiting to reach them, and
-- what each site last told us about its comments.
--
-- A site's comments and articles are keyed exactly as a WXR export of the same site keys
-- them (source = 'wxr:' + the site's home URL, external id = WordPress's own id), so a file
-- imported before or after connecting is the same site and never duplicates anything.
-- The Application Password is never stored here: it lives in the OS keyring, or in a file
-- readable only by the user where there is no keyring (`password_store` says which).

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

-- What the site last said of a comment beyond its status (kept in comments.site_status):
-- a digest of its raw text, to tell an edit on the site from our own copy, when the site was
-- found to have edited or deleted it, and when we last read it (a sync re-reads the comments
-- still in play least recently read first). Local and derived from the site.
CREATE TABLE site_comments (
    comment_id TEXT PRIMARY KEY NOT NULL REFERENCES comments (id),
    raw_sha    TEXT,
    edited_at  TEXT,
    deleted_at TEXT,
    checked_at TEXT
) WITHOUT ROWID;

-- Decisions waiting to reach a site, in the order they were made. A row leaves only once
-- the site confirmed the status (or a moderator dismissed it); failures and conflicts stay
-- listed with their reason.
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
CREATE INDEX site_outbox_comment ON site_outbox (comment_id, seq);
CREATE INDEX site_outbox_site_state ON site_outbox (site_id, state, seq);

-- Every decision that changes a site comment's status queues it for the site, in the same
-- transaction as the decision, whichever path made it (a key, a bulk action, an undo, the
-- CLI). Decisions the site itself made (device 'site:...') are not sent back to it.
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
