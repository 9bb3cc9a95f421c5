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
    /// Where the evidence is in the body: [start, end) in UTF-16 code units (as the window's
    /// text is indexed), so matched words can be marked inside the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<[u32; 2]>,
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
                marks: Vec::new(),
            }],
        ),
        (Some(Trust::Premod), _) => (
            Status::Pending,
            vec![HoldReason {
                code: "author_premod".into(),
                detail: "the author's comments are premoderated".into(),
                marks: Vec::new(),
            }],
        ),
        _ => (status, Vec::new()),
    }
}

/// Inserts a comment after routing it by its author's trust. Returns (key, newly inserted).
pub fn add_comment(conn: &Connection, comment: &NewComment) -> Result<(String, bool)> {
    add_checked(conn, comment, None)
}

/// Inserts a comment after the automatic holds (`engine`: the rule pipeline, which includes
/// the author's trust) or, without one, the trust routing alone.
pub(crate) fn add_checked(
    conn: &Connection,
    comment: &NewComment,
    engine: Option<&mut super::autohold::Engine>,
) -> Result<(String, bool)> {
    let judged = judge(conn, comment, engine)?;
    let routed = NewComment {
        status: judged.status,
        hold_reasons: &judged.hold_reasons,
        ..*comment
    };
    let (id, inserted) = db::comments::insert(conn, &routed)?;
    if inserted {
        if let Some(flag) = &judged.flag {
            db::moderation::insert_flag(
                conn,
                &crate::ids::new_v7(),
                &id,
                flag,
                None,
                "rules",
                None,
                None,
                comment.received_at,
            )?;
        }
    }
    if inserted && judged.hold_reasons != "[]" {
        db::queue::refresh_reasons(conn, &id)?;
    }
    Ok((id, inserted))
}

/// Like `add_checked`, for a chunk of an import: the judged comment is staged at `seq`
/// (`db::comments::insert_staged` moves the chunk in). Returns whether it is new: a comment
/// the newsroom already has is not staged.
pub(crate) fn stage_checked(
    conn: &Connection,
    seq: i64,
    comment: &NewComment,
    engine: Option<&mut super::autohold::Engine>,
) -> Result<bool> {
    let judged = judge(conn, comment, engine)?;
    if judged.known {
        return Ok(false);
    }
    let routed = NewComment {
        status: judged.status,
        hold_reasons: &judged.hold_reasons,
        ..*comment
    };
    db::comments::stage(conn, seq, &routed, judged.flag.as_deref())?;
    Ok(true)
}

/// Where an arriving comment lands, why, and the rules' flag if they raise one.
struct Judged {
    status: Status,
    /// JSON array of the reasons it was held (the source's and ours).
    hold_reasons: String,
    flag: Option<String>,
    /// The newsroom has it already (it keeps its place).
    known: bool,
}

fn judge(
    conn: &Connection,
    comment: &NewComment,
    engine: Option<&mut super::autohold::Engine>,
) -> Result<Judged> {
    let trust = match comment.author_id {
        Some(author) => db::moderation::author_trust(conn, author)?,
        None => None,
    };
    // A banned author's new address is fingerprinted; anyone else writing from an address a
    // banned author used is rejected like them (the source's spam and trash stand).
    let banned_address = match (trust, comment.author_id, comment.author_ip) {
        (Some(Trust::Banned), Some(author), Some(address)) => {
            super::addresses::remember(conn, author, address)?;
            false
        }
        (Some(Trust::Banned | Trust::Trusted), _, _) => false,
        _ => super::addresses::is_banned(conn, comment.author_ip)?,
    };
    // A comment the newsroom already has keeps its place: judging it again would only waste
    // the time and teach the repeat rule a duplicate of itself.
    let known = !comment.source.is_empty()
        && db::imports::comment_exists(conn, comment.source, comment.external_id)?;
    let (status, mut reasons, flag) = match engine {
        Some(engine) if !known => engine.judge(conn, comment, trust)?,
        _ => {
            let (status, reasons) = route(trust, comment.status);
            (status, reasons, None)
        }
    };
    let status = match (banned_address, status) {
        (true, Status::Pending | Status::Approved | Status::Rejected) if !known => {
            reasons.push(HoldReason {
                code: "banned_address".into(),
                detail: "written from an address a banned reader used".into(),
                marks: Vec::new(),
            });
            Status::Rejected
        }
        _ => status,
    };
    let mut given: Vec<HoldReason> = serde_json::from_str(comment.hold_reasons)
        .map_err(|err| CoreError::invalid("hold_reasons", err.to_string()))?;
    given.append(&mut reasons);
    let hold_reasons = serde_json::to_string(&given)
        .map_err(|err| CoreError::invalid("hold_reasons", err.to_string()))?;
    Ok(Judged {
        status,
        hold_reasons,
        flag,
        known,
    })
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
