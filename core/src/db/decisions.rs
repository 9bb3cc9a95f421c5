//! Store access for the decisions log. A decision row and the comment's new status are written
//! by the same statement pair inside the caller's transaction, so they never disagree.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::model::{Action, Status};

pub struct NewDecision<'a> {
    pub id: &'a str,
    pub comment_id: &'a str,
    pub moderator_id: &'a str,
    pub device_id: &'a str,
    pub action: Action,
    pub to_status: Status,
    pub reason: Option<&'a str>,
    pub note: Option<&'a str>,
    pub batch_id: &'a str,
    pub undoes_batch: Option<&'a str>,
    pub at: &'a str,
}

/// Appends the decision and moves the comment to its new status. Returns the status it left.
pub fn record(conn: &Connection, decision: &NewDecision) -> Result<Status> {
    let from: String = conn
        .query_row(
            "SELECT status FROM comments WHERE id = ?1 AND status <> 'importing'",
            [decision.comment_id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("comment {}", decision.comment_id),
        })?;
    let from: Status = from
        .parse()
        .map_err(|err: CoreError| CoreError::CorruptRow {
            table: "comments",
            id: decision.comment_id.to_owned(),
            field: "status",
            message: err.to_string(),
        })?;
    conn.execute(
        "INSERT INTO decisions (id, comment_id, moderator_id, device_id, action, from_status,
                                to_status, reason, note, batch_id, undoes_batch, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            decision.id,
            decision.comment_id,
            decision.moderator_id,
            decision.device_id,
            decision.action.as_str(),
            from.as_str(),
            decision.to_status.as_str(),
            decision.reason,
            decision.note,
            decision.batch_id,
            decision.undoes_batch,
            decision.at
        ],
    )?;
    conn.execute(
        "UPDATE comments SET status = ?2 WHERE id = ?1",
        params![decision.comment_id, decision.to_status.as_str()],
    )?;
    Ok(from)
}

/// Comments whose stored status differs from what the log says (the latest decision's
/// `to_status`, or the status on arrival when there is none): (id, stored, from the log).
pub fn disagreements(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.status,
                COALESCE((SELECT d.to_status FROM decisions d WHERE d.comment_id = c.id
                          ORDER BY d.rowid DESC LIMIT 1), c.initial_status) AS logged
         FROM comments c
         WHERE c.status <> 'importing' AND c.status <> logged",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
