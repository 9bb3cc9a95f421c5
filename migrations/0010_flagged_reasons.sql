-- The reason index learns the Flagged queue, so that Flagged filtered by a reason is one
-- index range like every other queue's (it walked flagged comments until 50 carried the
-- reason: 0.8-1 ms a page at a million comments, the slowest of all queue pages).
--
-- Beside its rows for the comment's own status, a comment in the Flagged queue (open flags,
-- pending or approved) has a copy of each reason with status 'flagged'. The store writes the
-- copies with the rows (db::queue::refresh_reasons); this trigger keeps them when the
-- comment's status, priority or open flags change. It reads the comment's row rather than
-- NEW: the priority trigger updates the row again inside the same statement.
DROP TRIGGER comments_reasons_follow;
CREATE TRIGGER comments_reasons_follow AFTER UPDATE OF status, priority ON comments BEGIN
    UPDATE comment_reasons SET status = new.status, priority = new.priority
    WHERE seq = new.seq AND status <> 'flagged';
END;
CREATE TRIGGER comments_reasons_flagged AFTER UPDATE OF status, priority, open_flags ON comments
BEGIN
    DELETE FROM comment_reasons WHERE seq = new.seq AND status = 'flagged';
    INSERT OR IGNORE INTO comment_reasons (code, status, priority, created_at, seq)
    SELECT r.code, 'flagged', c.priority, r.created_at, r.seq
    FROM comments c JOIN comment_reasons r ON r.seq = c.seq AND r.status <> 'flagged'
    WHERE c.seq = new.seq AND c.open_flags > 0
      AND (c.status = 'pending' OR c.status = 'approved');
END;

-- The copies for the comments already flagged (the partial index comments_flagged finds them).
INSERT OR IGNORE INTO comment_reasons (code, status, priority, created_at, seq)
SELECT r.code, 'flagged', c.priority, r.created_at, r.seq
FROM comments c INDEXED BY comments_flagged
JOIN comment_reasons r ON r.seq = c.seq AND r.status <> 'flagged'
WHERE c.open_flags > 0 AND c.status IN ('pending', 'approved');
