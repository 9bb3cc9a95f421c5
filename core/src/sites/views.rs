//! What the window shows of syncing: each comment's sync state, the decisions waiting, failed
//! or in conflict, and the counts for the status line.
use serde::Serialize;
use ts_rs::TS;

use crate::db::{self, Store};
use crate::error::Result;
use crate::time;

/// One comment's standing with its site, for the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommentSyncState {
    pub site_name: String,
    pub base_url: String,
    /// "on_site", "waiting", "failed", "conflict" or "deleted".
    pub state: String,
    /// In words: "On the site", "Waiting to be sent (approved)", the failure's reason, ...
    pub detail: String,
    pub edited_on_site: bool,
}

/// A decision in the outbox, as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OutboxView {
    pub seq: i64,
    pub comment_id: String,
    pub author_name: String,
    pub excerpt: String,
    /// The status we asked the site for, in WordPress's words.
    pub want: String,
    /// Our status now (after a conflict: the site's).
    pub status: String,
    /// For a conflict: what the site had.
    pub site_now: Option<String>,
    /// "waiting", "failed" or "conflict".
    pub state: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub attempts: i64,
    pub decided: String,
}

/// The status line's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SyncOverview {
    pub sites: i64,
    pub waiting: i64,
    pub failed: i64,
    pub conflicts: i64,
}

pub fn comment_state(store: &Store, comment_id: &str) -> Result<Option<CommentSyncState>> {
    store.read(|conn| {
        let Some(sync) = db::sites::comment_sync(conn, comment_id)? else {
            return Ok(None);
        };
        let (state, detail) = match (&sync.entry, &sync.deleted_at) {
            (Some(entry), _) if entry.state == "conflict" => (
                "conflict",
                format!(
                    "Changed on the site while you were away: the site says {}",
                    entry.site_now.as_deref().unwrap_or("something else")
                ),
            ),
            (Some(entry), _) if entry.state == "failed" => (
                "failed",
                format!(
                    "Not sent: {} [{}]",
                    entry.error.as_deref().unwrap_or("the site refused"),
                    entry.code.as_deref().unwrap_or("site_refused")
                ),
            ),
            (_, Some(_)) => ("deleted", "Deleted on the site (kept here)".to_owned()),
            (Some(entry), None) => (
                "waiting",
                match &entry.error {
                    Some(error) => {
                        format!("Waiting to be sent ({}); last try: {error}", entry.want)
                    }
                    None => format!("Waiting to be sent ({})", entry.want),
                },
            ),
            (None, None) => ("on_site", "On the site".to_owned()),
        };
        Ok(Some(CommentSyncState {
            site_name: sync.site_name,
            base_url: sync.base_url,
            state: state.to_owned(),
            detail,
            edited_on_site: sync.edited_at.is_some(),
        }))
    })
}

/// Decisions in `state` ("waiting", "failed", "conflict"), oldest first.
pub fn outbox(store: &Store, state: &str, limit: i64) -> Result<Vec<OutboxView>> {
    store.read(|conn| {
        let zone = crate::settings::zone(conn)?;
        db::sites::outbox_in_state(conn, state, limit)?
            .into_iter()
            .map(|row| {
                let at = time::parse_stored("created_at", &row.created_at)?;
                Ok(OutboxView {
                    seq: row.seq,
                    comment_id: row.comment_id,
                    author_name: row.author_name,
                    excerpt: excerpt(&row.body),
                    want: row.want,
                    status: row.status,
                    site_now: row.site_now,
                    state: row.state,
                    error_code: row.error_code,
                    error: row.last_error,
                    attempts: row.attempts,
                    decided: time::display(at, zone),
                })
            })
            .collect()
    })
}

fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

pub fn overview(store: &Store) -> Result<SyncOverview> {
    store.read(|conn| {
        let sites = db::sites::list(conn)?.len() as i64;
        let (waiting, failed, conflicts) = db::sites::outbox_counts(conn, None)?;
        Ok(SyncOverview {
            sites,
            waiting,
            failed,
            conflicts,
        })
    })
}
