//! Store access for the automatic holds: the word lists, the classifier's model and its
//! checks, what the rules need to know of an author, the recent comments the repeat rule
//! compares with, and the pending comments a re-run goes over.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::ids;

/// The entries of "banned" or "suspect", in the order they were added.
pub fn list(conn: &Connection, which: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT pattern FROM rules WHERE list = ?1 ORDER BY created_at, rowid")?;
    let rows = stmt.query_map([which], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn replace_list(conn: &Connection, which: &str, entries: &[String], at: &str) -> Result<()> {
    conn.execute("DELETE FROM rules WHERE list = ?1", [which])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO rules (id, list, pattern, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for entry in entries {
        insert.execute(params![ids::new_v7(), which, entry, at])?;
    }
    Ok(())
}

/// (model bytes, last decision learned).
pub fn model(conn: &Connection) -> Result<Option<(Vec<u8>, i64)>> {
    Ok(conn
        .prepare_cached("SELECT model, learned_through FROM classifier_model WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn save_model(conn: &Connection, model: &[u8], learned_through: i64, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO classifier_model (id, model, learned_through, updated_at) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET model = excluded.model,
             learned_through = excluded.learned_through, updated_at = excluded.updated_at",
    )?
    .execute(params![model, learned_through, at])?;
    Ok(())
}

/// Decisions after `after` that teach the classifier (a moderator approving, rejecting or
/// marking spam; not the rules' own, not undos): (rowid, body, bad).
pub fn lessons(conn: &Connection, after: i64) -> Result<Vec<(i64, String, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.rowid, c.body, d.to_status <> 'approved'
         FROM decisions d JOIN comments c ON c.id = d.comment_id
         WHERE d.rowid > ?1 AND d.moderator_id <> 'rules'
           AND d.action IN ('approve', 'reject', 'spam')
         ORDER BY d.rowid",
    )?;
    let rows = stmt.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_check(
    conn: &Connection,
    decision: i64,
    probability: f64,
    bad: bool,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO classifier_checks (decision_rowid, probability, bad, at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![decision, probability, bad, at])?;
    Ok(())
}

/// The latest `limit` checks: (probability, bad).
pub fn recent_checks(conn: &Connection, limit: i64) -> Result<Vec<(f64, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT probability, bad FROM classifier_checks ORDER BY decision_rowid DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the rules need of an author: approved comments, and of the decided ones since
/// `since`, how many were rejected or spam and how many were decided at all.
pub fn author_record(conn: &Connection, author_id: &str, since: &str) -> Result<(i64, i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT
                (SELECT COUNT(*) FROM comments WHERE author_id = ?1 AND status = 'approved'),
                (SELECT COUNT(*) FROM comments WHERE author_id = ?1
                    AND status IN ('rejected', 'spam') AND created_at >= ?2),
                (SELECT COUNT(*) FROM comments WHERE author_id = ?1
                    AND status IN ('approved', 'rejected', 'spam') AND created_at >= ?2)",
        )?
        .query_row(params![author_id, since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?)
}

/// The newest comments (at most `limit`; with `settled_only`, none still pending):
/// (id, author key, created_at, body).
pub fn recent_comments(
    conn: &Connection,
    limit: i64,
    settled_only: bool,
) -> Result<Vec<(String, String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, coalesce(author_id, author_name), created_at, body FROM comments
         WHERE status <> 'importing' AND NOT (?2 AND status = 'pending')
         ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit, settled_only], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A pending comment for a re-run: (id, author_id, author_name, created_at, body, hold_reasons).
pub type PendingRow = (String, Option<String>, String, String, String, String);

pub fn pending(conn: &Connection) -> Result<Vec<PendingRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, author_id, author_name, created_at, body, hold_reasons FROM comments
         WHERE status = 'pending' ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces a comment's hold reasons (the reason index follows).
pub fn set_hold_reasons(conn: &Connection, id: &str, reasons: &str) -> Result<()> {
    conn.prepare_cached("UPDATE comments SET hold_reasons = ?2 WHERE id = ?1")?
        .execute(params![id, reasons])?;
    Ok(())
}
