-- Comment imports that commit in chunks, so that a moderator's decision never waits for a
-- whole file (docs/IMPORT.md):
-- - a comment of an import still running has the hidden status 'importing' (its
--   `initial_status` is where it will land); no queue, count, thread, search or export shows
--   it, and the import publishes all of them at its end. An import killed while writing is
--   rolled back at the next start, one killed while publishing is published;
-- - `imports.state` says which: 'writing', 'publishing' or 'done';
-- - authors an import created carry its id, so a rollback takes them back too;
-- - the site's states of comments the newsroom already had wait in `import_site_status`
--   until the import publishes, so a rolled-back import changes nothing at all.
--
-- The CHECKs of comments and decisions are also written as comparisons instead of IN lists:
-- SQLite builds a temporary B-tree for every row it checks against an IN list (see 0004).
-- Both changes only widen or restate constraints that every stored row already meets, so
-- they are made by rewriting the tables' definitions in place (SQLite's documented procedure
-- for changing CHECK constraints) instead of copying a million rows.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(replace(replace(sql,
    '(kind IN (''comment'', ''pingback'', ''trackback''))',
    '(kind = ''comment'' OR kind = ''pingback'' OR kind = ''trackback'')'),
    '(initial_status IN (''pending'', ''approved'', ''rejected'', ''spam'', ''trash''))',
    '(initial_status = ''pending'' OR initial_status = ''approved''
                          OR initial_status = ''rejected'' OR initial_status = ''spam''
                          OR initial_status = ''trash'')'),
    '(status IN (''pending'', ''approved'', ''rejected'', ''spam'', ''trash''))',
    '(status = ''pending'' OR status = ''approved'' OR status = ''rejected''
                          OR status = ''spam'' OR status = ''trash'' OR status = ''importing'')')
WHERE type = 'table' AND name = 'comments';
UPDATE sqlite_schema
SET sql = replace(replace(replace(sql,
    '(action IN (''approve'', ''reject'', ''spam'', ''trash'', ''restore'', ''pending'',
                                   ''flag'', ''undo''))',
    '(action = ''approve'' OR action = ''reject'' OR action = ''spam''
                        OR action = ''trash'' OR action = ''restore'' OR action = ''pending''
                        OR action = ''flag'' OR action = ''undo'')'),
    '(from_status IN (''pending'', ''approved'', ''rejected'', ''spam'', ''trash''))',
    '(from_status = ''pending'' OR from_status = ''approved''
                        OR from_status = ''rejected'' OR from_status = ''spam''
                        OR from_status = ''trash'')'),
    '(to_status IN (''pending'', ''approved'', ''rejected'', ''spam'', ''trash''))',
    '(to_status = ''pending'' OR to_status = ''approved'' OR to_status = ''rejected''
                        OR to_status = ''spam'' OR to_status = ''trash'')')
WHERE type = 'table' AND name = 'decisions';
PRAGMA writable_schema = RESET;
-- Every one of the six rewrites must have taken: otherwise the migration fails, unapplied.
CREATE TEMP TABLE migration_0009_guard (rewritten INTEGER NOT NULL CHECK (rewritten = 1));
INSERT INTO migration_0009_guard
SELECT instr(sql, 'kind = ''comment'' OR') > 0 AND instr(sql, 'initial_status = ''pending'' OR') > 0
       AND instr(sql, 'OR status = ''importing''') > 0 AND instr(sql, ' IN (') = 0
FROM sqlite_schema WHERE type = 'table' AND name = 'comments';
INSERT INTO migration_0009_guard
SELECT instr(sql, 'action = ''approve'' OR') > 0 AND instr(sql, 'from_status = ''pending'' OR') > 0
       AND instr(sql, 'to_status = ''pending'' OR') > 0 AND instr(sql, ' IN (') = 0
FROM sqlite_schema WHERE type = 'table' AND name = 'decisions';
DROP TABLE migration_0009_guard;

ALTER TABLE imports ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state = 'writing' OR state = 'publishing' OR state = 'done');
ALTER TABLE authors ADD COLUMN import_id TEXT REFERENCES imports (id);

CREATE TABLE import_site_status (
    import_id   TEXT NOT NULL REFERENCES imports (id),
    comment_id  TEXT NOT NULL REFERENCES comments (id),
    site_status TEXT NOT NULL,
    PRIMARY KEY (import_id, comment_id)
) WITHOUT ROWID;
-- The imports that did not finish, found at every start.
CREATE INDEX imports_unfinished ON imports (state) WHERE state <> 'done';
