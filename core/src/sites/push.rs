//! Newsroom -> site. The outbox is sent in the order decisions were made, the earliest entry of
//! each comment at a time. Before sending, the site's current status is read (a hundred
//! comments a request, so checking costs about 1 % over the sending itself): if it is already
//! what we want (the entry was sent before an interruption), the entry is done without sending
//! again; if it is neither that nor what we last saw, someone else decided meanwhile, and the
//! entry becomes a conflict (the site's status stands here too) instead of overwriting it.
//! An entry leaves the outbox only in the transaction that records the site's confirmation.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};

use super::wp::{Api, WpComment};
use super::{agrees, apply_site_status, rest_status, status_from_site, stored_site_status};
use super::{SiteFailure, SyncProgress, SyncReport};
use crate::db::{self, sites::OutboxRow, sites::SiteRow, Store};
use crate::error::{CoreError, Result};
use crate::model::Status;
use crate::time;

/// Entries read from the outbox at a time.
const BATCH: i64 = 100;

enum Outcome {
    Sent,
    Already,
    Conflict,
    Failed,
}

/// Sends what is due; with `all`, also the entries whose retry time is still ahead (a sync
/// the person asked for, or a full one, tries everything now).
pub(super) fn run(
    store: &Store,
    api: &Api,
    site: &SiteRow,
    all: bool,
    cancel: &AtomicBool,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<()> {
    loop {
        // Every stored time sorts before "9": `all` takes every waiting entry.
        let now = if all {
            "9".to_owned()
        } else {
            time::now_stored()
        };
        let due = store.read(|conn| db::sites::due(conn, &site.id, &now, BATCH))?;
        if due.is_empty() {
            return Ok(());
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        let current = match read_current(api, &due) {
            Ok(current) => current,
            Err(err) => return retry_later(store, &due[0], err),
        };
        for entry in due {
            if cancel.load(Ordering::Relaxed) {
                return Err(CoreError::Cancelled);
            }
            progress(SyncProgress {
                site: site.base_url.clone(),
                phase: "pushing".to_owned(),
                pages: 0,
                comments: report.new_comments,
                sent: report.sent,
                errors: report.failed,
            });
            let now = entry
                .external_id
                .parse::<i64>()
                .ok()
                .and_then(|id| current.get(&id));
            match send(store, api, site, &entry, now) {
                Ok(Outcome::Sent) => report.sent += 1,
                Ok(Outcome::Already) => report.already_on_site += 1,
                Ok(Outcome::Conflict) => report.conflicts += 1,
                Ok(Outcome::Failed) => report.failed += 1,
                Err(CoreError::Site { code, message }) if SiteFailure::is_transient(code) => {
                    return retry_later(store, &entry, CoreError::Site { code, message });
                }
                Err(CoreError::Site { code, message }) => {
                    store.write(|tx| db::sites::outbox_failed(tx, &entry, code, &message))?;
                    report.failed += 1;
                }
                Err(other) => return Err(other),
            }
        }
    }
}

/// The site is down or busy: this entry waits (with back-off), and so do the rest, untouched,
/// until the next sync; the sync ends with the reason.
fn retry_later(store: &Store, entry: &OutboxRow, err: CoreError) -> Result<()> {
    if let CoreError::Site { code, message } = &err {
        let next = time::to_stored(Utc::now() + backoff(entry.attempts));
        store.write(|tx| db::sites::outbox_retry_later(tx, entry, &next, code, message))?;
    }
    Err(err)
}

/// The site's current state of the batch's comments, by id (a comment it no longer has is
/// simply absent).
fn read_current(api: &Api, due: &[OutboxRow]) -> Result<HashMap<i64, WpComment>> {
    let ids: Vec<i64> = due
        .iter()
        .filter_map(|e| e.external_id.parse().ok())
        .collect();
    let mut current = HashMap::new();
    if ids.is_empty() {
        return Ok(current);
    }
    let (items, _) = api.comments(1, "asc", Some(&ids))?;
    for item in &items {
        let comment = comment_of(item)?;
        current.insert(comment.id, comment);
    }
    Ok(current)
}

/// 30 s, 1 min, 2 min, ... up to an hour between tries of an entry the site did not take.
fn backoff(attempts: i64) -> Duration {
    let seconds = 30i64.saturating_mul(1i64 << attempts.clamp(0, 7));
    Duration::seconds(seconds.min(3600))
}

fn send(
    store: &Store,
    api: &Api,
    site: &SiteRow,
    entry: &OutboxRow,
    current: Option<&WpComment>,
) -> Result<Outcome> {
    let Ok(id) = entry.external_id.parse::<i64>() else {
        store.write(|tx| {
            db::sites::outbox_failed(
                tx,
                entry,
                "site_refused",
                &format!("{} is not a WordPress comment id", entry.external_id),
            )
        })?;
        return Ok(Outcome::Failed);
    };
    let Some(current) = current else {
        return deleted(store, entry);
    };
    let expected = entry.site_status.as_deref().and_then(rest_status);
    if current.status == entry.want {
        store.write(|tx| confirm(tx, entry, current))?;
        return Ok(Outcome::Already);
    }
    if expected.is_some_and(|expected| expected != current.status) {
        return conflict(store, site, entry, current);
    }
    let Some(after) = api.set_status(
        id,
        &entry.want,
        &current.author_ip,
        &current.author_user_agent,
    )?
    else {
        return deleted(store, entry);
    };
    let after = comment_of(&after)?;
    if after.status != entry.want {
        // WordPress answers 200 even when it changed nothing: its answer is compared.
        store.write(|tx| {
            db::sites::outbox_failed(
                tx,
                entry,
                "site_refused",
                &format!(
                    "the site kept the status {:?} instead of {:?} (a plugin may refuse it)",
                    after.status, entry.want
                ),
            )
        })?;
        return Ok(Outcome::Failed);
    }
    store.write(|tx| confirm(tx, entry, &after))?;
    Ok(Outcome::Sent)
}

/// The site has the status we wanted: the entry leaves, and what the site now says of the
/// comment (its status, and its text as WordPress's filters left it) is remembered, so the
/// next pull does not take WordPress's own rewriting for an edit.
fn confirm(tx: &rusqlite::Connection, entry: &OutboxRow, site: &WpComment) -> Result<()> {
    let stored = stored_site_status(&site.status).unwrap_or("0");
    db::sites::outbox_sent(tx, entry, stored)?;
    let raw = site
        .content
        .raw
        .as_deref()
        .unwrap_or(&site.content.rendered);
    let digest: String = Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    db::sites::set_site_text(tx, &entry.comment_id, &digest, None)
}

/// Someone changed the comment on the site since we last saw it: their status stands (here
/// too, recorded as the site's decision beside ours), and the entry waits for a moderator.
fn conflict(
    store: &Store,
    site: &SiteRow,
    entry: &OutboxRow,
    current: &WpComment,
) -> Result<Outcome> {
    store.write(|tx| {
        db::sites::outbox_conflict(tx, entry, &current.status)?;
        if let (Some(stored), Some(theirs)) = (
            stored_site_status(&current.status),
            status_from_site(&current.status),
        ) {
            db::sites::set_site_status(tx, &entry.comment_id, stored)?;
            let ours: Status = db::moderation::status_of(tx, &entry.comment_id)?;
            if !agrees(ours, theirs) {
                apply_site_status(
                    tx,
                    site,
                    &entry.comment_id,
                    theirs,
                    "changed on the site while a decision here was waiting",
                )?;
            }
        }
        Ok(())
    })?;
    Ok(Outcome::Conflict)
}

fn deleted(store: &Store, entry: &OutboxRow) -> Result<Outcome> {
    store.write(|tx| {
        db::sites::mark_deleted(tx, &entry.comment_id, &time::now_stored())?;
        db::sites::outbox_failed(
            tx,
            entry,
            "site_deleted",
            "the comment was deleted on the site; the decision cannot reach it",
        )
    })?;
    Ok(Outcome::Failed)
}

fn comment_of(value: &serde_json::Value) -> Result<WpComment> {
    serde_json::from_value(value.clone()).map_err(|err| {
        SiteFailure::Response.error(format!(
            "the site sent a comment Readerdesk cannot read: {err}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(6), Duration::seconds(1920));
        assert_eq!(backoff(7), Duration::seconds(3600));
        assert_eq!(backoff(99), Duration::seconds(3600));
    }
}
