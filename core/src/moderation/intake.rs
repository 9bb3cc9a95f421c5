//! How a comment enters the newsroom from any source: the author's trust decides where it
//! lands (a banned author's comment is rejected, a premoderated author's waits in Pending),
//! with the reason recorded so the card can say why.
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, comments::NewComment};
use crate::error::{CoreError, Result};
use crate::model::{Status, Trust};

/// Why a comment was held: a stable code and the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HoldReason {
    pub code: String,
    pub detail: String,
}

/// Where a comment from an author of `trust` lands when its source says `status`.
pub fn route(trust: Option<Trust>, status: Status) -> (Status, Vec<HoldReason>) {
    match (trust, status) {
        // The source's own spam and trash verdicts stand.
        (_, Status::Spam | Status::Trash) => (status, Vec::new()),
        (Some(Trust::Banned), _) => (
            Status::Rejected,
            vec![HoldReason {
                code: "author_banned".into(),
                detail: "the author is banned".into(),
            }],
        ),
        (Some(Trust::Premod), _) => (
            Status::Pending,
            vec![HoldReason {
                code: "author_premod".into(),
                detail: "the author's comments are premoderated".into(),
            }],
        ),
        _ => (status, Vec::new()),
    }
}

/// Inserts a comment after routing it by its author's trust. Returns (key, newly inserted).
pub fn add_comment(conn: &Connection, comment: &NewComment) -> Result<(String, bool)> {
    let trust = match comment.author_id {
        Some(author) => db::moderation::author_trust(conn, author)?,
        None => None,
    };
    let (status, mut reasons) = route(trust, comment.status);
    let mut given: Vec<HoldReason> = serde_json::from_str(comment.hold_reasons)
        .map_err(|err| CoreError::invalid("hold_reasons", err.to_string()))?;
    given.append(&mut reasons);
    let hold_reasons = serde_json::to_string(&given)
        .map_err(|err| CoreError::invalid("hold_reasons", err.to_string()))?;
    let routed = NewComment {
        status,
        hold_reasons: &hold_reasons,
        ..*comment
    };
    let (id, inserted) = db::comments::insert(conn, &routed)?;
    if inserted && !given.is_empty() {
        db::queue::refresh_reasons(conn, &id)?;
    }
    Ok((id, inserted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_routes_arrivals() {
        assert_eq!(
            route(Some(Trust::Banned), Status::Approved).0,
            Status::Rejected
        );
        assert_eq!(
            route(Some(Trust::Premod), Status::Approved).0,
            Status::Pending
        );
        assert_eq!(route(Some(Trust::Premod), Status::Spam).0, Status::Spam);
        assert_eq!(
            route(Some(Trust::Trusted), Status::Approved).0,
            Status::Approved
        );
        assert_eq!(route(None, Status::Pending), (Status::Pending, vec![]));
        assert_eq!(
            route(Some(Trust::Banned), Status::Pending).1[0].code,
            "author_banned"
        );
    }
}
