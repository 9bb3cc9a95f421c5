//! Deciding: approve, reject, spam, flag, trash, restore, on one comment or many at once (one
//! transaction, one batch, one undo step), and undo by appending the inverse decisions.
//! Every change is a row in the append-only log, written with the comment's new status.
use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::moderators::Moderator;
use super::queue::{self, QueueFilter};
use crate::db::{self, decisions::NewDecision, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::{Action, Queue, Status};
use crate::settings;
use crate::time;

/// What a moderator decides. Reject and flag carry a reason and an optional note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject {
        reason: String,
        note: Option<String>,
    },
    Spam,
    Flag {
        reason: String,
        note: Option<String>,
    },
    Trash,
    Restore,
}

impl Decision {
    fn action(&self) -> Action {
        match self {
            Decision::Approve => Action::Approve,
            Decision::Reject { .. } => Action::Reject,
            Decision::Spam => Action::Spam,
            Decision::Flag { .. } => Action::Flag,
            Decision::Trash => Action::Trash,
            Decision::Restore => Action::Restore,
        }
    }

    fn reason_and_note(&self) -> Result<(Option<&str>, Option<&str>)> {
        match self {
            Decision::Reject { reason, note } | Decision::Flag { reason, note } => {
                if reason.trim().is_empty() {
                    return Err(CoreError::invalid("reason", "choose or write a reason"));
                }
                Ok((
                    Some(reason.trim()),
                    note.as_deref().map(str::trim).filter(|n| !n.is_empty()),
                ))
            }
            _ => Ok((None, None)),
        }
    }
}

/// What a decision or an undo did, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Outcome {
    pub batch_id: Option<String>,
    pub changed: i64,
    /// Comments left as they were (already in that state, or changed since, for undo).
    pub unchanged: i64,
    pub message: String,
}

struct Batch<'a> {
    moderator: &'a Moderator,
    device: String,
    id: String,
    at: String,
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn title(status: Status) -> &'static str {
    match status {
        Status::Pending => "Pending",
        Status::Approved => "Approved",
        Status::Rejected => "Rejected",
        Status::Spam => "Spam",
        Status::Trash => "Trash",
    }
}

/// Applies `decision` to `ids` as one batch in one transaction.
pub fn decide(
    store: &Store,
    moderator: &Moderator,
    ids: &[String],
    decision: &Decision,
) -> Result<Outcome> {
    moderator.must_moderate()?;
    if ids.is_empty() {
        return Err(CoreError::invalid(
            "comments",
            "select at least one comment",
        ));
    }
    store.write(|tx| apply(tx, moderator, ids, decision))
}

/// Applies `decision` to every comment a queue holds under a filter, as one batch.
/// `expected` is the count the person confirmed; if the filter matches a different number
/// by the time the decision is written (an import arrived), nothing is changed.
pub fn decide_filtered(
    store: &Store,
    moderator: &Moderator,
    queue: Queue,
    wanted: &QueueFilter,
    decision: &Decision,
    expected: Option<i64>,
) -> Result<Outcome> {
    moderator.must_moderate()?;
    store.write(|tx| {
        let filter = queue::filter(tx, wanted)?;
        let ids = db::queue::ids(tx, queue, &filter)?;
        if ids.is_empty() {
            return Err(CoreError::invalid(
                "comments",
                "no comment matches this filter",
            ));
        }
        if let Some(expected) = expected.filter(|n| *n != ids.len() as i64) {
            return Err(CoreError::invalid(
                "comments",
                format!(
                    "the filter now matches {} comments, not the {expected} you confirmed; \
                     nothing was changed, look at the list again",
                    ids.len()
                ),
            ));
        }
        apply(tx, moderator, &ids, decision)
    })
}

pub(crate) fn apply(
    tx: &Transaction,
    moderator: &Moderator,
    ids: &[String],
    decision: &Decision,
) -> Result<Outcome> {
    apply_in(tx, moderator, ids, decision, None)
}

/// Like `apply`, into an existing batch when `batch_id` is given (so that several kinds of
/// decision are one undo step).
pub(crate) fn apply_in(
    tx: &Transaction,
    moderator: &Moderator,
    ids: &[String],
    decision: &Decision,
    batch_id: Option<&str>,
) -> Result<Outcome> {
    let batch = Batch {
        moderator,
        device: settings::device_id(tx)?,
        id: batch_id.map_or_else(ids::new_v7, str::to_string),
        at: time::now_stored(),
    };
    let (reason, note) = decision.reason_and_note()?;
    let action = decision.action();
    let (mut changed, mut unchanged) = (0i64, 0i64);
    for id in ids {
        let from = db::moderation::status_of(tx, id)?;
        let to = match decision {
            Decision::Approve => Status::Approved,
            Decision::Reject { .. } => Status::Rejected,
            Decision::Spam => Status::Spam,
            Decision::Trash => Status::Trash,
            Decision::Flag { .. } => from,
            Decision::Restore => match from {
                Status::Trash | Status::Spam | Status::Rejected => {
                    match db::moderation::status_before_latest(tx, id)? {
                        Some(before) if before != from => before,
                        _ => Status::Pending,
                    }
                }
                _ => from,
            },
        };
        // Approving an approved comment that readers flagged still settles the flags: that
        // is how a moderator clears the Flagged queue without changing the status.
        if action != Action::Flag && to == from && db::moderation::open_flags_of(tx, id)? == 0 {
            unchanged += 1;
            continue;
        }
        record(tx, &batch, id, action, to, reason, note, None)?;
        if let Decision::Flag { .. } = decision {
            db::moderation::insert_flag(
                tx,
                &ids::new_v7(),
                id,
                reason.unwrap_or_default(),
                note,
                "moderator",
                Some(&moderator.id),
                Some(&batch.id),
                &batch.at,
            )?;
        } else {
            db::moderation::resolve_flags(tx, id, &batch.id, &batch.at)?;
        }
        db::queue::refresh_reasons(tx, id)?;
        changed += 1;
    }
    let done = match decision {
        Decision::Approve => format!("Approved {}", plural(changed, "comment", "comments")),
        Decision::Reject { .. } => format!("Rejected {}", plural(changed, "comment", "comments")),
        Decision::Spam => format!("Marked {} as spam", plural(changed, "comment", "comments")),
        Decision::Flag { .. } => format!("Flagged {}", plural(changed, "comment", "comments")),
        Decision::Trash => format!(
            "Moved {} to the trash",
            plural(changed, "comment", "comments")
        ),
        Decision::Restore => format!("Restored {}", plural(changed, "comment", "comments")),
    };
    let message = if unchanged > 0 {
        format!(
            "{done} ({} already {})",
            unchanged,
            if unchanged == 1 { "was" } else { "were" }
        )
    } else {
        done
    };
    Ok(Outcome {
        batch_id: (changed > 0).then(|| batch.id.clone()),
        changed,
        unchanged,
        message,
    })
}

#[allow(clippy::too_many_arguments)]
fn record(
    tx: &Transaction,
    batch: &Batch,
    comment_id: &str,
    action: Action,
    to: Status,
    reason: Option<&str>,
    note: Option<&str>,
    undoes: Option<&str>,
) -> Result<Status> {
    db::decisions::record(
        tx,
        &NewDecision {
            id: &ids::new_v7(),
            comment_id,
            moderator_id: &batch.moderator.id,
            device_id: &batch.device,
            action,
            to_status: to,
            reason,
            note,
            batch_id: &batch.id,
            undoes_batch: undoes,
            at: &batch.at,
        },
    )
}

/// Reverts `moderator`'s latest batch that is not yet undone, by appending the inverse
/// decisions as a new batch. A comment someone changed since is left alone and counted.
/// Returns None when there is nothing left to undo.
pub fn undo_last(store: &Store, moderator: &Moderator) -> Result<Option<Outcome>> {
    moderator.must_moderate()?;
    store.write(|tx| {
        let Some(target) = db::moderation::last_undoable_batch(tx, &moderator.id)? else {
            return Ok(None);
        };
        undo_batch(tx, moderator, &target).map(Some)
    })
}

/// Undoes the batch `target` (its comments go back where they were, unless changed since),
/// recorded as `moderator`'s undo.
pub(crate) fn undo_batch(tx: &Transaction, moderator: &Moderator, target: &str) -> Result<Outcome> {
    let target = target.to_string();
    {
        let batch = Batch {
            moderator,
            device: settings::device_id(tx)?,
            id: ids::new_v7(),
            at: time::now_stored(),
        };
        let mut restored: BTreeMap<Status, i64> = BTreeMap::new();
        let (mut unflagged, mut unchanged, mut reflagged) = (0i64, 0i64, 0i64);
        let decisions = db::moderation::batch(tx, &target)?;
        for (comment, action, from, _to) in &decisions {
            let now = db::moderation::status_of(tx, comment)?;
            // Changed since means any later decision on it, even one that came back to the
            // same status: only the comment's latest decision may be undone.
            let latest = db::moderation::latest_batch_of(tx, comment)?;
            if *action == Action::Flag {
                record(
                    tx,
                    &batch,
                    comment,
                    Action::Undo,
                    now,
                    None,
                    None,
                    Some(&target),
                )?;
                unflagged += 1;
            } else if latest.as_deref() == Some(target.as_str()) {
                record(
                    tx,
                    &batch,
                    comment,
                    Action::Undo,
                    *from,
                    None,
                    None,
                    Some(&target),
                )?;
                db::moderation::reopen_flags(tx, &target, comment)?;
                if *from != now {
                    *restored.entry(*from).or_default() += 1;
                } else {
                    reflagged += 1;
                }
            } else {
                // Changed since: log the attempt so the batch counts as undone, change nothing.
                record(
                    tx,
                    &batch,
                    comment,
                    Action::Undo,
                    now,
                    None,
                    Some("not undone: the comment was changed after this decision"),
                    Some(&target),
                )?;
                unchanged += 1;
            }
        }
        db::moderation::withdraw_flags(tx, &target, &batch.id, &batch.at)?;
        for (comment, ..) in &decisions {
            db::queue::refresh_reasons(tx, comment)?;
        }
        let mut parts: Vec<String> = restored
            .iter()
            .map(|(status, n)| {
                format!(
                    "{} to {}",
                    plural(*n, "comment", "comments"),
                    title(*status)
                )
            })
            .collect();
        let mut message = if parts.is_empty() {
            String::new()
        } else {
            let last = parts.pop().unwrap_or_default();
            if parts.is_empty() {
                format!("Restored {last}")
            } else {
                format!("Restored {} and {last}", parts.join(", "))
            }
        };
        for (n, clause) in [
            (reflagged, "Opened the flags on {} again"),
            (unflagged, "Removed the flag from {}"),
        ] {
            if n > 0 {
                let said = clause.replace("{}", &plural(n, "comment", "comments"));
                message = if message.is_empty() {
                    said
                } else {
                    format!("{message}; {}", said.to_lowercase())
                };
            }
        }
        if unchanged > 0 {
            let note = format!(
                "{} changed since and left as {}",
                plural(unchanged, "comment was", "comments were"),
                if unchanged == 1 {
                    "it was"
                } else {
                    "they were"
                }
            );
            message = if message.is_empty() {
                format!("Nothing to restore: {note}")
            } else {
                format!("{message} ({note})")
            };
        }
        let changed = restored.values().sum::<i64>() + unflagged + reflagged;
        Ok(Outcome {
            batch_id: Some(batch.id),
            changed,
            unchanged,
            message,
        })
    }
}
