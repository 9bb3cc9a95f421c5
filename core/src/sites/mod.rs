//! Connected sites (WordPress first): the newsroom's site is the shared truth for comments and
//! each laptop an offline replica. A sync pulls what is new or changed on the site (`pull`),
//! then sends the decisions waiting in the outbox (`push`); conflicts are listed, never
//! overwritten. All network traffic is here, from Rust, to the site the person connected.
pub mod http;
mod pull;
mod push;
pub mod secrets;
mod views;
pub mod wp;

use std::sync::atomic::AtomicBool;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, sites::SiteRow, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::{Action, Status};
use crate::moderation::moderators::Moderator;
use crate::time;
pub use secrets::{Kept, Secrets};
pub use views::{comment_state, outbox, overview, CommentSyncState, OutboxView, SyncOverview};

/// How far back a sync reads again what the newsroom already holds (besides everything still
/// waiting or flagged): WordPress keeps no modification time for comments, so a change made in
/// wp-admin or on another laptop is seen only by reading the comment again. Comments are
/// decided, argued over and edited mostly in their first week; older ones change rarely, and
/// a decision here never overwrites a change there anyway (the push compares first).
pub const RECHECK_DAYS: i64 = 7;

/// Why talking to a site failed, each with a stable code for the window and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFailure {
    Url,
    Unreachable,
    Tls,
    Redirect,
    Response,
    NotWordPress,
    RestDisabled,
    Auth,
    CannotModerate,
    Forbidden,
    Refused,
    Busy,
    NoPassword,
    Exists,
    Running,
}

impl SiteFailure {
    pub fn code(self) -> &'static str {
        match self {
            SiteFailure::Url => "site_url",
            SiteFailure::Unreachable => "site_unreachable",
            SiteFailure::Tls => "site_tls",
            SiteFailure::Redirect => "site_redirect",
            SiteFailure::Response => "site_response",
            SiteFailure::NotWordPress => "site_not_wordpress",
            SiteFailure::RestDisabled => "site_rest_disabled",
            SiteFailure::Auth => "site_auth",
            SiteFailure::CannotModerate => "site_cannot_moderate",
            SiteFailure::Forbidden => "site_forbidden",
            SiteFailure::Refused => "site_refused",
            SiteFailure::Busy => "site_busy",
            SiteFailure::NoPassword => "site_no_password",
            SiteFailure::Exists => "site_exists",
            SiteFailure::Running => "site_sync_running",
        }
    }

    pub fn error(self, message: impl Into<String>) -> CoreError {
        CoreError::Site {
            code: self.code(),
            message: message.into(),
        }
    }

    /// Failures that pass: the next sync tries again (the site down, busy, or offline here).
    pub fn is_transient(code: &str) -> bool {
        matches!(
            code,
            "site_unreachable" | "site_busy" | "site_response" | "site_tls"
        )
    }
}

/// What "Test" shows before a site is connected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SiteCheck {
    pub base_url: String,
    pub name: String,
    pub home: String,
    pub wp_version: Option<String>,
    pub user_display_name: String,
    pub can_moderate: bool,
    /// The site has no pretty permalinks: its API answers only at `?rest_route=`.
    pub rest_route: bool,
}

/// A connected site as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SiteView {
    pub id: String,
    pub base_url: String,
    pub name: String,
    pub wp_version: Option<String>,
    pub user_name: String,
    /// "keyring", or "file" with the file's path when no keyring was available.
    pub password_store: String,
    pub password_file: Option<String>,
    pub auto_sync: bool,
    pub first_sync_done: bool,
    pub last_sync: Option<String>,
    pub last_ok: Option<String>,
    pub last_error: Option<String>,
    pub waiting: i64,
    pub failed: i64,
    pub conflicts: i64,
}

/// Where a sync is, for the window's progress line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncProgress {
    pub site: String,
    /// "pulling", "checking" or "pushing".
    pub phase: String,
    pub pages: i64,
    pub comments: i64,
    pub sent: i64,
    pub errors: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncError {
    pub code: String,
    pub message: String,
}

/// What one sync did: what came in, what went out, what failed and the conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncReport {
    pub site_id: String,
    pub base_url: String,
    pub first_sync_done: bool,
    pub new_comments: i64,
    pub new_articles: i64,
    /// Comments whose status was changed on the site (wp-admin, another laptop).
    pub changed_on_site: i64,
    pub edited_on_site: i64,
    pub deleted_on_site: i64,
    pub sent: i64,
    /// Decisions the site already had (sent before an interruption): not sent again.
    pub already_on_site: i64,
    pub conflicts: i64,
    pub failed: i64,
    /// Decisions still waiting (the site could not be reached, or a retry is due later).
    pub waiting: i64,
    pub skipped: Vec<crate::skip::Skip>,
    pub requests: i64,
    pub cancelled: bool,
    /// Why the sync stopped early, if it did.
    pub error: Option<SyncError>,
}

impl SyncReport {
    fn new(site: &SiteRow) -> SyncReport {
        SyncReport {
            site_id: site.id.clone(),
            base_url: site.base_url.clone(),
            first_sync_done: site.first_done,
            new_comments: 0,
            new_articles: 0,
            changed_on_site: 0,
            edited_on_site: 0,
            deleted_on_site: 0,
            sent: 0,
            already_on_site: 0,
            conflicts: 0,
            failed: 0,
            waiting: 0,
            skipped: Vec::new(),
            requests: 0,
            cancelled: false,
            error: None,
        }
    }

    /// Anything the person must look at: a failure, a conflict, a sync cut short.
    pub fn has_problems(&self) -> bool {
        self.error.is_some() || self.failed > 0 || self.conflicts > 0 || !self.skipped.is_empty()
    }
}

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Settle {
    /// The site's status stands (already ours); the waiting decision is dropped.
    KeepSite,
    /// Our decision is made again over the site's status and sent at the next sync.
    KeepOurs,
}

/// "https://news.example/" -> "https://news.example"; adds https:// when none is given.
pub fn normalize_url(input: &str) -> Result<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(SiteFailure::Url.error("enter the site's address, e.g. https://news.example"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = http::checked(&with_scheme)?;
    url.set_query(None);
    url.set_fragment(None);
    let text = url.to_string();
    Ok(text.trim_end_matches('/').to_owned())
}

/// Connects to the site as `user` and says what it found, or exactly what is wrong.
pub fn check(url: &str, user: &str, password: &str) -> Result<SiteCheck> {
    let (check, _root) = check_with_root(url, user, password)?;
    Ok(check)
}

fn check_with_root(url: &str, user: &str, password: &str) -> Result<(SiteCheck, wp::ApiRoot)> {
    let base = normalize_url(url)?;
    if user.trim().is_empty() {
        return Err(CoreError::invalid("user", "enter the WordPress user name"));
    }
    if password.trim().is_empty() {
        return Err(CoreError::invalid(
            "password",
            "enter an Application Password (Users → Profile → Application Passwords)",
        ));
    }
    let http = http::Http::new();
    let (root, index) = wp::discover(&http, &base)?;
    let api = wp::Api::new(&http, root.clone(), user.trim(), password);
    let me = api.me()?;
    let version = wp::version(&http, &index.home);
    Ok((
        SiteCheck {
            base_url: base,
            name: index.name,
            home: index.home,
            wp_version: version,
            user_display_name: me.name,
            can_moderate: me.can_moderate,
            rest_route: root.uses_rest_route(),
        },
        root,
    ))
}

/// The import source a site's comments are keyed by: what a WXR export of it names.
fn source_of(home: &str) -> String {
    format!("wxr:{home}")
}

/// Checks the site, then keeps it (the password in the keyring or the owner-only file). A
/// user who may not moderate comments is refused: nothing could be sent.
pub fn connect(
    store: &Store,
    secrets: &Secrets,
    by: &Moderator,
    url: &str,
    user: &str,
    password: &str,
) -> Result<SiteView> {
    by.must_moderate()?;
    let (check, root) = check_with_root(url, user, password)?;
    if !check.can_moderate {
        return Err(SiteFailure::CannotModerate.error(format!(
            "{} signed in as {}, who may not moderate comments on {}. Use an editor's or \
             administrator's account",
            user.trim(),
            check.user_display_name,
            check.name
        )));
    }
    let source = source_of(&check.home);
    if let Some(existing) =
        store.read(|conn| db::sites::by_url_or_source(conn, &check.base_url, &source))?
    {
        return Err(SiteFailure::Exists.error(format!(
            "{} is already connected (as {}); remove it first to connect it again",
            check.name, existing.base_url
        )));
    }
    let id = ids::new_v7();
    let kept = secrets.store(&id, password)?;
    let added = store.write(|tx| {
        let now = time::now_stored();
        let actor_name = format!("WordPress site {}", check.base_url);
        let actor = match db::sites::actor_by_name(tx, &actor_name)? {
            Some(actor) => actor,
            None => {
                let actor = ids::new_v7();
                db::sites::insert_actor(tx, &actor, &actor_name, &now)?;
                actor
            }
        };
        db::sites::insert(
            tx,
            &db::sites::NewSite {
                id: &id,
                base_url: &check.base_url,
                source: &source,
                api_root: root.as_str(),
                user_name: user.trim(),
                name: &check.name,
                wp_version: check.wp_version.as_deref(),
                password_store: kept.as_str(),
                actor_id: &actor,
                created_at: &now,
            },
        )
    });
    if let Err(err) = added {
        // Nothing may keep a password for a site that is not there.
        let _ = secrets.remove(&id, kept);
        return Err(err);
    }
    tracing::info!(site = %check.base_url, store = kept.as_str(), "site connected");
    site_view(store, secrets, &id)
}

pub fn list(store: &Store, secrets: &Secrets) -> Result<Vec<SiteView>> {
    store.read(|conn| {
        let zone = crate::settings::zone(conn)?;
        db::sites::list(conn)?
            .into_iter()
            .map(|row| view_of(conn, secrets, row, zone))
            .collect()
    })
}

fn site_view(store: &Store, secrets: &Secrets, id: &str) -> Result<SiteView> {
    store.read(|conn| {
        let zone = crate::settings::zone(conn)?;
        view_of(conn, secrets, db::sites::get(conn, id)?, zone)
    })
}

fn view_of(
    conn: &rusqlite::Connection,
    secrets: &Secrets,
    row: SiteRow,
    zone: chrono_tz::Tz,
) -> Result<SiteView> {
    let (waiting, failed, conflicts) = db::sites::outbox_counts(conn, Some(&row.id))?;
    let shown = |at: &Option<String>| -> Result<Option<String>> {
        at.as_deref()
            .map(|at| time::parse_stored("last_sync_at", at).map(|at| time::display(at, zone)))
            .transpose()
    };
    Ok(SiteView {
        password_file: (row.password_store == "file")
            .then(|| secrets.file_path().display().to_string()),
        last_sync: shown(&row.last_sync_at)?,
        last_ok: shown(&row.last_ok_at)?,
        id: row.id,
        base_url: row.base_url,
        name: row.name,
        wp_version: row.wp_version,
        user_name: row.user_name,
        password_store: row.password_store,
        auto_sync: row.auto_sync,
        first_sync_done: row.first_done,
        last_error: row.last_error,
        waiting,
        failed,
        conflicts,
    })
}

/// The site a URL (as typed, or as listed) names.
pub fn find(store: &Store, url: &str) -> Result<SiteRow> {
    let base = normalize_url(url)?;
    store.read(|conn| {
        db::sites::list(conn)?
            .into_iter()
            .find(|s| s.base_url == base || s.source == source_of(&base))
            .ok_or_else(|| CoreError::NotFound {
                what: format!("a connected site at {base}"),
            })
    })
}

/// Removes a site and its password; its comments and the decisions on them stay.
pub fn remove(store: &Store, secrets: &Secrets, by: &Moderator, site_id: &str) -> Result<()> {
    by.must_moderate()?;
    let site = store.read(|conn| db::sites::get(conn, site_id))?;
    secrets.remove(&site.id, Kept::parse(&site.password_store))?;
    store.write(|tx| db::sites::delete(tx, &site.id))?;
    tracing::info!(site = %site.base_url, "site removed");
    Ok(())
}

pub fn set_auto_sync(store: &Store, by: &Moderator, site_id: &str, on: bool) -> Result<()> {
    by.must_moderate()?;
    store.write(|tx| {
        db::sites::get(tx, site_id)?;
        db::sites::set_auto_sync(tx, site_id, on)
    })
}

/// Sites being synced in this process: one sync of a site at a time.
static RUNNING: Mutex<Vec<String>> = Mutex::new(Vec::new());
static FINISHED: Condvar = Condvar::new();

/// How long a sync the person asked for waits for one already running (the background one).
const WAIT_FOR_RUNNING: Duration = Duration::from_secs(600);

struct Running(String);

impl Running {
    /// Claims the site; with `wait`, waits for a sync already running to finish first.
    fn claim(site_id: &str, wait: bool) -> Result<Running> {
        let busy = || {
            SiteFailure::Running
                .error("this site is being synced already; wait for that sync to finish")
        };
        let deadline = Instant::now() + WAIT_FOR_RUNNING;
        let mut running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
        while running.iter().any(|id| id == site_id) {
            let left = deadline.saturating_duration_since(Instant::now());
            if !wait || left.is_zero() {
                return Err(busy());
            }
            running = FINISHED
                .wait_timeout(running, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        running.push(site_id.to_owned());
        Ok(Running(site_id.to_owned()))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
        running.retain(|id| *id != self.0);
        FINISHED.notify_all();
    }
}

/// What a sync does: pull then push (`Both`; `Thorough` re-reads every comment in play, not
/// one page of them), or only send the outbox (`PushOnly`, after a decision, so it reaches the
/// site without reading anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    Both,
    Thorough,
    PushOnly,
}

/// Syncs one site. Network failures do not fail the call: they end the sync early with the
/// reason in the report (what was committed stays, and the next sync resumes).
pub fn sync(
    store: &Store,
    secrets: &Secrets,
    site_id: &str,
    kind: SyncKind,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport> {
    // A push after a decision gives way to a sync already running (which sends it too); a
    // sync the person asked for waits for the running one, then goes ahead.
    let _running = Running::claim(site_id, kind != SyncKind::PushOnly)?;
    let site = store.read(|conn| db::sites::get(conn, site_id))?;
    let span = tracing::info_span!("sync", site = %site.base_url);
    let _entered = span.enter();
    let password = secrets
        .get(&site.id, Kept::parse(&site.password_store))?
        .ok_or_else(|| {
            SiteFailure::NoPassword.error(format!(
                "the password for {} is missing (the keyring or the password file lost it); \
                 remove the site and connect it again",
                site.base_url
            ))
        })?;
    let http = http::Http::new();
    let api = wp::Api::new(
        &http,
        wp::ApiRoot::from_stored(&site.api_root),
        &site.user_name,
        &password,
    );
    let mut report = SyncReport::new(&site);
    if kind != SyncKind::PushOnly && !site.first_done && site.first_page == 1 {
        crate::backups::before_first_sync(store)?;
    }
    if kind != SyncKind::PushOnly {
        let thorough = kind == SyncKind::Thorough;
        let pulled = pull::run(store, &api, &site, thorough, cancel, &mut report, progress);
        stop_on(pulled, &mut report)?;
    }
    if report.error.is_none() && !report.cancelled {
        let all = kind != SyncKind::PushOnly;
        let pushed = push::run(store, &api, &site, all, cancel, &mut report, progress);
        stop_on(pushed, &mut report)?;
    }
    report.requests = api.requests();
    let error = report.error.as_ref().map(|e| e.message.clone());
    store.write(|tx| {
        db::sites::set_sync_result(tx, &site.id, &time::now_stored(), error.as_deref())?;
        // Automatic sync starts once a first sync has gone through (the person can stop it).
        let now_done = db::sites::get(tx, &site.id)?.first_done;
        if !site.first_done && now_done && error.is_none() && !report.cancelled {
            db::sites::set_auto_sync(tx, &site.id, true)?;
        }
        Ok(())
    })?;
    let (waiting, _, _) = store.read(|conn| db::sites::outbox_counts(conn, Some(&site.id)))?;
    report.waiting = waiting;
    report.first_sync_done = store
        .read(|conn| db::sites::get(conn, &site.id))?
        .first_done;
    tracing::info!(
        new = report.new_comments,
        sent = report.sent,
        conflicts = report.conflicts,
        failed = report.failed,
        requests = report.requests,
        error = report.error.as_ref().map(|e| e.code.as_str()),
        "sync finished"
    );
    Ok(report)
}

/// A site failure or a cancel ends the sync with the reason in the report; anything else
/// (the database) is an error.
fn stop_on(result: Result<()>, report: &mut SyncReport) -> Result<()> {
    match result {
        Ok(()) => Ok(()),
        Err(CoreError::Cancelled) => {
            report.cancelled = true;
            Ok(())
        }
        Err(CoreError::Site { code, message }) => {
            report.error = Some(SyncError {
                code: code.to_owned(),
                message,
            });
            Ok(())
        }
        Err(other) => Err(other),
    }
}

/// Sites whose sync is due: every site with `auto_sync`, and (for `outbox_only`) every site
/// with decisions waiting.
pub fn sites_to_sync(store: &Store, outbox_only: bool) -> Result<Vec<String>> {
    store.read(|conn| {
        let mut ids = Vec::new();
        for site in db::sites::list(conn)? {
            let due = if outbox_only {
                db::sites::outbox_counts(conn, Some(&site.id))?.0 > 0
            } else {
                site.auto_sync
            };
            if due {
                ids.push(site.id);
            }
        }
        Ok(ids)
    })
}

/// WordPress's status words and ours: what the site's status means here.
pub(crate) fn status_from_site(site: &str) -> Option<Status> {
    match site {
        "approved" | "1" => Some(Status::Approved),
        "hold" | "0" => Some(Status::Pending),
        "spam" => Some(Status::Spam),
        // A comment whose post was trashed: hidden with it, back when the post comes back.
        "trash" | "post-trashed" => Some(Status::Trash),
        _ => None,
    }
}

/// The stored form of a site status (as a WXR export writes it: "1", "0", "spam", "trash").
pub(crate) fn stored_site_status(rest: &str) -> Option<&'static str> {
    match rest {
        "approved" | "1" => Some("1"),
        "hold" | "0" => Some("0"),
        "spam" => Some("spam"),
        "trash" => Some("trash"),
        "post-trashed" => Some("post-trashed"),
        _ => None,
    }
}

/// A stored site status in the REST API's words.
pub(crate) fn rest_status(stored: &str) -> Option<&'static str> {
    match stored {
        "1" | "approved" => Some("approved"),
        "0" | "hold" => Some("hold"),
        "spam" => Some("spam"),
        "trash" => Some("trash"),
        _ => None,
    }
}

/// Our status already says what the site says: rejected is trash on WordPress (it has no
/// "rejected"), so a later pull must not turn a rejection into trash.
pub(crate) fn agrees(ours: Status, site: Status) -> bool {
    ours == site || (ours == Status::Rejected && site == Status::Trash)
}

/// Records a status the site set (wp-admin, another laptop) as a decision of the site's own
/// profile, from the site's device: the log says who changed it, and nothing is sent back.
pub(crate) fn apply_site_status(
    tx: &rusqlite::Connection,
    site: &SiteRow,
    comment_id: &str,
    to: Status,
    note: &str,
) -> Result<()> {
    let action = match to {
        Status::Approved => Action::Approve,
        Status::Pending => Action::Pending,
        Status::Spam => Action::Spam,
        Status::Trash | Status::Rejected => Action::Trash,
    };
    let batch = ids::new_v7();
    db::decisions::record(
        tx,
        &db::decisions::NewDecision {
            id: &ids::new_v7(),
            comment_id,
            moderator_id: &site.actor_id,
            device_id: &format!("site:{}", site.id),
            action,
            to_status: to,
            reason: None,
            note: Some(note),
            batch_id: &batch,
            undoes_batch: None,
            at: &time::now_stored(),
        },
    )?;
    Ok(())
}

/// Settles a conflict (or a failed decision) on a comment: the site's status stands, or our
/// decision is made again over it and queued for the next sync. Decisions made on the comment
/// after the settled one stay in line and go out next.
pub fn settle(store: &Store, by: &Moderator, comment_id: &str, how: Settle) -> Result<String> {
    by.must_moderate()?;
    store.write(|tx| {
        let Some(blocking) = db::sites::blocking_entry(tx, comment_id)? else {
            return Err(CoreError::NotFound {
                what: "a conflicting or failed decision on this comment".to_owned(),
            });
        };
        db::sites::outbox_clear_through(tx, comment_id, blocking.seq)?;
        if how == Settle::KeepSite {
            return Ok("kept the site's status".to_owned());
        }
        if db::sites::later_entries(tx, comment_id, blocking.seq)? {
            return Ok("your later decision goes to the site at the next sync".to_owned());
        }
        let Some(wanted) = db::sites::decision_to_status(tx, &blocking.decision_id)? else {
            return Ok("kept the site's status (your decision is no longer in the log)".to_owned());
        };
        let from = db::moderation::status_of(tx, comment_id)?;
        if from == wanted {
            return Ok("the comment already has your status here".to_owned());
        }
        let action = match wanted {
            Status::Approved => Action::Approve,
            Status::Rejected => Action::Reject,
            Status::Pending => Action::Pending,
            Status::Spam => Action::Spam,
            Status::Trash => Action::Trash,
        };
        let batch = ids::new_v7();
        db::decisions::record(
            tx,
            &db::decisions::NewDecision {
                id: &ids::new_v7(),
                comment_id,
                moderator_id: &by.id,
                device_id: &crate::settings::device_id(tx)?,
                action,
                to_status: wanted,
                reason: None,
                note: Some("kept over the site's status after a conflict"),
                batch_id: &batch,
                undoes_batch: None,
                at: &time::now_stored(),
            },
        )?;
        Ok(format!(
            "your decision ({wanted}) goes to the site at the next sync"
        ))
    })
}

/// Puts a failed decision back in line, or drops it (a moderator's explicit choice); later
/// decisions on the comment stay in line either way.
pub fn retry_or_dismiss(store: &Store, by: &Moderator, seq: i64, retry: bool) -> Result<()> {
    by.must_moderate()?;
    store.write(|tx| {
        let entry = db::sites::outbox_entry(tx, seq)?;
        if retry {
            db::sites::outbox_retry(tx, seq)
        } else {
            db::sites::outbox_clear_through(tx, &entry.comment_id, seq).map(|_| ())
        }
    })
}

/// Our key for a comment named `wp:ID` (a connected site's own id) or by our own key.
pub fn resolve_comment(store: &Store, site_url: Option<&str>, reference: &str) -> Result<String> {
    let Some(wp_id) = reference.strip_prefix("wp:") else {
        return Ok(reference.to_owned());
    };
    let sites = match site_url {
        Some(url) => vec![find(store, url)?],
        None => store.read(|conn| db::sites::list(conn))?,
    };
    let site = match sites.as_slice() {
        [one] => one,
        [] => {
            return Err(CoreError::invalid(
                "comment",
                format!("{reference}: no site is connected"),
            ))
        }
        _ => {
            return Err(CoreError::invalid(
                "comment",
                format!("{reference}: several sites are connected; name one with --site URL"),
            ))
        }
    };
    store
        .read(|conn| db::sites::comment_by_external(conn, &site.source, wp_id))?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("comment {reference} of {}", site.base_url),
        })
}

/// How many comments a sync of this site reads again (those still in play, see
/// `RECHECK_DAYS`): each hundred is one request.
pub fn recheck_count(store: &Store, site_id: &str) -> Result<i64> {
    let since = time::to_stored(chrono::Utc::now() - chrono::Duration::days(RECHECK_DAYS));
    store.read(|conn| {
        let site = db::sites::get(conn, site_id)?;
        db::sites::in_play_count(conn, &site.source, &since)
    })
}
