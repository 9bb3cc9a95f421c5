//! Store access for moderation writes and their records: moderators, canned reasons, flags,
//! undo lookups, authors (dossier, trust) and the audit log.
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::model::{Action, Role, Status, Trust};

pub struct ModeratorRow {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub has_passphrase: bool,
}

pub fn moderators(conn: &Connection) -> Result<Vec<ModeratorRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, passphrase_hash IS NOT NULL FROM moderators WHERE active = 1
         ORDER BY name COLLATE NOCASE",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(moderator_row(row)?);
    }
    Ok(out)
}

pub fn moderator(conn: &Connection, id: &str) -> Result<ModeratorRow> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, passphrase_hash IS NOT NULL FROM moderators
             WHERE id = ?1 AND active = 1",
    )?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => moderator_row(row),
        None => Err(CoreError::NotFound {
            what: format!("moderator {id}"),
        }),
    }
}

/// The profile's passphrase hash (PHC form), if it has one.
pub fn passphrase_hash(conn: &Connection, id: &str) -> Result<Option<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT passphrase_hash FROM moderators WHERE id = ?1 AND active = 1")?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => Ok(row.get(0)?),
        None => Err(CoreError::NotFound {
            what: format!("moderator {id}"),
        }),
    }
}

/// Sets (or, with None, removes) the profile's passphrase hash.
pub fn set_passphrase_hash(conn: &Connection, id: &str, hash: Option<&str>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE moderators SET passphrase_hash = ?2 WHERE id = ?1 AND active = 1",
        rusqlite::params![id, hash],
    )?;
    if changed == 0 {
        return Err(CoreError::NotFound {
            what: format!("moderator {id}"),
        });
    }
    Ok(())
}

fn moderator_row(row: &rusqlite::Row) -> Result<ModeratorRow> {
    let id: String = row.get(0)?;
    let role: String = row.get(2)?;
    let role = role
        .parse()
        .map_err(|err: CoreError| CoreError::CorruptRow {
            table: "moderators",
            id: id.clone(),
            field: "role",
            message: err.to_string(),
        })?;
    Ok(ModeratorRow {
        id,
        name: row.get(1)?,
        role,
        has_passphrase: row.get(3)?,
    })
}

pub fn moderator_name_taken(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM moderators WHERE name = ?1 COLLATE NOCASE")?
        .exists([name])?)
}

pub fn canned_reasons(conn: &Connection, kind: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text FROM canned_reasons WHERE kind = ?1 ORDER BY position, text",
    )?;
    let rows = stmt
        .query_map([kind], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Replaces a kind's reason list with `texts`, in order.
pub fn set_canned_reasons(conn: &Connection, kind: &str, texts: &[(String, String)]) -> Result<()> {
    conn.execute("DELETE FROM canned_reasons WHERE kind = ?1", [kind])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO canned_reasons (id, kind, text, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, (id, text)) in texts.iter().enumerate() {
        stmt.execute(params![id, kind, text, position as i64 + 1])?;
    }
    Ok(())
}

/// A comment's status (for deciding what an action changes).
pub fn status_of(conn: &Connection, comment_id: &str) -> Result<Status> {
    let text: String = conn
        .prepare_cached("SELECT status FROM comments WHERE id = ?1 AND status <> 'importing'")?
        .query_row([comment_id], |row| row.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("comment {comment_id}"),
        })?;
    super::queue::parse(comment_id, "status", &text)
}

/// The status a comment had before the decision that gave it its current one.
pub fn status_before_latest(conn: &Connection, comment_id: &str) -> Result<Option<Status>> {
    let text: Option<String> = conn
        .prepare_cached(
            "SELECT from_status FROM decisions
             WHERE comment_id = ?1 AND action <> 'flag' AND from_status <> to_status
             ORDER BY rowid DESC LIMIT 1",
        )?
        .query_row([comment_id], |row| row.get(0))
        .optional()?;
    text.map(|t| super::queue::parse(comment_id, "from_status", &t))
        .transpose()
}

#[allow(clippy::too_many_arguments)]
pub fn insert_flag(
    conn: &Connection,
    id: &str,
    comment_id: &str,
    reason: &str,
    note: Option<&str>,
    source: &str,
    moderator_id: Option<&str>,
    batch_id: Option<&str>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO flags (id, comment_id, reason, note, source, moderator_id, batch_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        comment_id,
        reason,
        note,
        source,
        moderator_id,
        batch_id,
        at
    ])?;
    Ok(())
}

/// Settles a comment's open flags as part of decision `batch_id`.
pub fn resolve_flags(
    conn: &Connection,
    comment_id: &str,
    batch_id: &str,
    at: &str,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE flags SET resolved_batch = ?2, resolved_at = ?3
             WHERE comment_id = ?1 AND resolved_at IS NULL",
        )?
        .execute(params![comment_id, batch_id, at])?)
}

/// Reopens the flags that `batch_id` settled on one comment (its undo reverted that comment).
pub fn reopen_flags(conn: &Connection, batch_id: &str, comment_id: &str) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE flags SET resolved_batch = NULL, resolved_at = NULL
             WHERE resolved_batch = ?1 AND comment_id = ?2",
        )?
        .execute([batch_id, comment_id])?)
}

/// Withdraws the flags `batch_id` raised, for good: they are marked settled by the undo batch
/// even if a decision had settled them since, so undoing that decision does not reopen them.
pub fn withdraw_flags(
    conn: &Connection,
    batch_id: &str,
    undo_batch: &str,
    at: &str,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE flags SET resolved_batch = ?2, resolved_at = ?3 WHERE batch_id = ?1",
        )?
        .execute(params![batch_id, undo_batch, at])?)
}

/// The batch of the latest decision that acted on a comment's status or flags (in the order
/// this database wrote them); flags raised and undos that changed nothing do not count.
pub fn latest_batch_of(conn: &Connection, comment_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT batch_id FROM decisions
             WHERE comment_id = ?1
               AND NOT (from_status = to_status AND action IN ('flag', 'undo'))
             ORDER BY rowid DESC LIMIT 1",
        )?
        .query_row([comment_id], |row| row.get(0))
        .optional()?)
}

pub fn open_flags_of(conn: &Connection, comment_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT open_flags FROM comments WHERE id = ?1 AND status <> 'importing'")?
        .query_row([comment_id], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

/// The latest batch `moderator_id` decided that is not an undo and has not been undone.
pub fn last_undoable_batch(conn: &Connection, moderator_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.batch_id FROM decisions d
             WHERE d.moderator_id = ?1 AND d.action <> 'undo'
               AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes_batch = d.batch_id)
             ORDER BY d.rowid DESC LIMIT 1",
        )?
        .query_row([moderator_id], |row| row.get(0))
        .optional()?)
}

/// Who made the decisions of a batch (None if there is no such batch).
pub fn batch_moderator(conn: &Connection, batch_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT moderator_id FROM decisions WHERE batch_id = ?1 LIMIT 1")?
        .query_row([batch_id], |row| row.get(0))
        .optional()?)
}

/// A batch's decisions: (comment, action, from, to).
pub fn batch(conn: &Connection, batch_id: &str) -> Result<Vec<(String, Action, Status, Status)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT comment_id, action, from_status, to_status FROM decisions WHERE batch_id = ?1
         ORDER BY at, id",
    )?;
    let mut rows = stmt.query([batch_id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let comment: String = row.get(0)?;
        let action: String = row.get(1)?;
        let from: String = row.get(2)?;
        let to: String = row.get(3)?;
        out.push((
            comment.clone(),
            super::queue::parse(&comment, "decision action", &action)?,
            super::queue::parse(&comment, "decision from_status", &from)?,
            super::queue::parse(&comment, "decision to_status", &to)?,
        ));
    }
    Ok(out)
}

pub struct AuthorRow {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub url: Option<String>,
    pub first_seen_at: String,
    pub trust: Trust,
    pub notes: String,
}

pub fn author(conn: &Connection, id: &str) -> Result<AuthorRow> {
    let row = conn
        .prepare_cached(
            "SELECT id, name, email, url, first_seen_at, trust, notes FROM authors WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get::<_, String>(5)?,
                row.get(6)?,
            ))
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("author {id}"),
        })?;
    let trust = row
        .5
        .parse()
        .map_err(|err: CoreError| CoreError::CorruptRow {
            table: "authors",
            id: row.0.clone(),
            field: "trust",
            message: err.to_string(),
        })?;
    Ok(AuthorRow {
        id: row.0,
        name: row.1,
        email: row.2,
        url: row.3,
        first_seen_at: row.4,
        trust,
        notes: row.6,
    })
}

/// (status, count) of an author's comments.
pub fn author_counts(conn: &Connection, id: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM comments WHERE author_id = ?1 AND status <> 'importing'
         GROUP BY status",
    )?;
    let rows = stmt
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// (first comment, last comment) times of an author.
pub fn author_seen(conn: &Connection, id: &str) -> Result<(Option<String>, Option<String>)> {
    Ok(conn
        .prepare_cached(
            "SELECT min(created_at), max(created_at) FROM comments
             WHERE author_id = ?1 AND status <> 'importing'",
        )?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?)
}

/// Distinct values of `column` (author_email or author_ip) the author's comments recorded.
pub fn author_recorded(conn: &Connection, id: &str, column: &str) -> Result<Vec<String>> {
    let column = match column {
        "email" => "author_email",
        _ => "author_ip",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {column}, count(*) FROM comments
         WHERE author_id = ?1 AND status <> 'importing' AND {column} IS NOT NULL
         GROUP BY {column} ORDER BY count(*) DESC LIMIT 50"
    ))?;
    let rows = stmt
        .query_map([id], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

pub fn set_trust(conn: &Connection, id: &str, trust: Trust) -> Result<()> {
    let changed = conn.execute(
        "UPDATE authors SET trust = ?2 WHERE id = ?1",
        params![id, trust.as_str()],
    )?;
    if changed == 0 {
        return Err(CoreError::NotFound {
            what: format!("author {id}"),
        });
    }
    Ok(())
}

pub fn set_notes(conn: &Connection, id: &str, notes: &str) -> Result<()> {
    let changed = conn.execute(
        "UPDATE authors SET notes = ?2 WHERE id = ?1",
        params![id, notes],
    )?;
    if changed == 0 {
        return Err(CoreError::NotFound {
            what: format!("author {id}"),
        });
    }
    Ok(())
}

pub fn author_trust(conn: &Connection, id: &str) -> Result<Option<Trust>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT trust FROM authors WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    text.map(|t| {
        t.parse().map_err(|err: CoreError| CoreError::CorruptRow {
            table: "authors",
            id: id.to_owned(),
            field: "trust",
            message: err.to_string(),
        })
    })
    .transpose()
}

pub struct AuditFilter {
    pub moderator_id: Option<String>,
    pub action: Option<Action>,
    pub after: Option<String>,
    pub before: Option<String>,
}

pub struct AuditRow {
    pub id: String,
    pub at: String,
    pub moderator: String,
    pub device_id: String,
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub comment_id: String,
    pub author_name: String,
    pub article_title: String,
    pub batch_id: String,
}

/// Decisions newest first, keyset-paged on (at, id).
pub fn audit(
    conn: &Connection,
    filter: &AuditFilter,
    before: Option<(&str, &str)>,
    limit: i64,
) -> Result<Vec<AuditRow>> {
    let mut conds = vec!["1".to_owned()];
    let mut values: Vec<Value> = Vec::new();
    if let Some(moderator) = &filter.moderator_id {
        conds.push("d.moderator_id = ?".into());
        values.push(Value::Text(moderator.clone()));
    }
    if let Some(action) = filter.action {
        conds.push("d.action = ?".into());
        values.push(Value::Text(action.as_str().into()));
    }
    if let Some(after) = &filter.after {
        conds.push("d.at >= ?".into());
        values.push(Value::Text(after.clone()));
    }
    if let Some(before) = &filter.before {
        conds.push("d.at < ?".into());
        values.push(Value::Text(before.clone()));
    }
    if let Some((at, id)) = before {
        conds.push("(d.at, d.id) < (?, ?)".into());
        values.push(Value::Text(at.into()));
        values.push(Value::Text(id.into()));
    }
    values.push(Value::Integer(limit));
    let sql = format!(
        "SELECT d.id, d.at, m.name, d.device_id, d.action, d.from_status, d.to_status, d.reason,
                d.note, d.comment_id, c.author_name, a.title, d.batch_id
         FROM decisions d
         JOIN moderators m ON m.id = d.moderator_id
         JOIN comments c ON c.id = d.comment_id
         JOIN articles a ON a.id = c.article_id
         WHERE {} ORDER BY d.at DESC, d.id DESC LIMIT ?",
        conds.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(values), |row| {
            Ok(AuditRow {
                id: row.get(0)?,
                at: row.get(1)?,
                moderator: row.get(2)?,
                device_id: row.get(3)?,
                action: row.get(4)?,
                from_status: row.get(5)?,
                to_status: row.get(6)?,
                reason: row.get(7)?,
                note: row.get(8)?,
                comment_id: row.get(9)?,
                author_name: row.get(10)?,
                article_title: row.get(11)?,
                batch_id: row.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
