//! Moderation commands: profiles, queues, cards, threads, decisions and undo, search, author
//! dossiers, canned reasons and the audit log. Each calls one core function.
use readerdesk_core::model::{Queue, Role, Sort, Trust};
use readerdesk_core::moderation::articles::{self, ArticleSummary};
use readerdesk_core::moderation::audit::{self, AuditExport, AuditPage, AuditQuery};
use readerdesk_core::moderation::authors::{self, AuthorComments, Dossier};
use readerdesk_core::moderation::decisions::{self, Decision, Outcome};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::moderation::queue::{
    self, CommentCard, Cursor, QueueCounts, QueueFilter, QueuePage, ReasonCount,
};
use readerdesk_core::moderation::reasons::{self, CannedReasons};
use readerdesk_core::moderation::search::{self, SearchPage};
use readerdesk_core::moderation::thread::{self, ArticleThread, CommentThread};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

const DEFAULT_ARTICLES: u32 = 200;
const DEFAULT_PAGE: u32 = 50;

#[tauri::command(async)]
pub fn list_articles(state: State<'_, AppState>, limit: Option<u32>) -> Reply<Vec<ArticleSummary>> {
    let limit = limit.unwrap_or(DEFAULT_ARTICLES).clamp(1, 10_000);
    Ok(articles::list(state.store()?, i64::from(limit))?)
}

#[tauri::command(async)]
pub fn article_thread(state: State<'_, AppState>, article_id: String) -> Reply<ArticleThread> {
    Ok(thread::article_thread(state.store()?, &article_id)?)
}

#[tauri::command(async)]
pub fn list_moderators(state: State<'_, AppState>) -> Reply<Vec<Moderator>> {
    Ok(moderators::list(state.store()?)?)
}

#[tauri::command(async)]
pub fn add_moderator(state: State<'_, AppState>, name: String, role: Role) -> Reply<Moderator> {
    let by = state.signed_in();
    Ok(moderators::add(state.store()?, by.as_ref(), &name, role)?)
}

#[tauri::command(async)]
pub fn sign_in(state: State<'_, AppState>, moderator_id: String) -> Reply<Moderator> {
    let moderator = moderators::get(state.store()?, &moderator_id)?;
    state.set_moderator(Some(moderator.clone()));
    Ok(moderator)
}

#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>) {
    state.set_moderator(None);
}

#[tauri::command(async)]
pub fn current_moderator(state: State<'_, AppState>) -> Option<Moderator> {
    state.signed_in()
}

#[tauri::command(async)]
pub fn queue_counts(state: State<'_, AppState>) -> Reply<QueueCounts> {
    Ok(queue::counts(state.store()?)?)
}

#[tauri::command(async)]
pub fn queue_page(
    state: State<'_, AppState>,
    queue: Queue,
    filter: QueueFilter,
    sort: Sort,
    cursor: Option<Cursor>,
    limit: Option<u32>,
) -> Reply<QueuePage> {
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    Ok(queue::page(
        state.store()?,
        queue,
        &filter,
        sort,
        cursor.as_ref(),
        limit,
    )?)
}

#[tauri::command(async)]
pub fn filtered_count(state: State<'_, AppState>, queue: Queue, filter: QueueFilter) -> Reply<i64> {
    Ok(queue::filtered_count(state.store()?, queue, &filter)?)
}

#[tauri::command(async)]
pub fn reasons_in_use(state: State<'_, AppState>) -> Reply<Vec<ReasonCount>> {
    Ok(queue::reasons_in_use(state.store()?)?)
}

#[tauri::command(async)]
pub fn comment_card(state: State<'_, AppState>, comment_id: String) -> Reply<CommentCard> {
    Ok(queue::card(state.store()?, &comment_id)?)
}

#[tauri::command(async)]
pub fn comment_thread(state: State<'_, AppState>, comment_id: String) -> Reply<CommentThread> {
    Ok(thread::comment_thread(state.store()?, &comment_id)?)
}

#[tauri::command(async)]
pub fn decide(
    state: State<'_, AppState>,
    comment_ids: Vec<String>,
    decision: Decision,
) -> Reply<Outcome> {
    let moderator = state.moderator()?;
    let outcome = decisions::decide(state.store()?, &moderator, &comment_ids, &decision)?;
    // A decision on a connected site's comment waits in the outbox: send it now.
    state.sync_worker.wake();
    Ok(outcome)
}

#[tauri::command(async)]
pub fn decide_filtered(
    state: State<'_, AppState>,
    queue: Queue,
    filter: QueueFilter,
    decision: Decision,
    expected: i64,
) -> Reply<Outcome> {
    let moderator = state.moderator()?;
    let outcome = decisions::decide_filtered(
        state.store()?,
        &moderator,
        queue,
        &filter,
        &decision,
        Some(expected),
    )?;
    state.sync_worker.wake();
    Ok(outcome)
}

#[tauri::command(async)]
pub fn undo(state: State<'_, AppState>) -> Reply<Option<Outcome>> {
    let moderator = state.moderator()?;
    let outcome = decisions::undo_last(state.store()?, &moderator)?;
    state.sync_worker.wake();
    Ok(outcome)
}

#[tauri::command(async)]
pub fn search_comments(
    state: State<'_, AppState>,
    query: String,
    before: Option<i64>,
    limit: Option<u32>,
) -> Reply<SearchPage> {
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    Ok(search::search(state.store()?, &query, before, limit)?)
}

#[tauri::command(async)]
pub fn author_dossier(state: State<'_, AppState>, author_id: String) -> Reply<Dossier> {
    // E-mail addresses and IPs: only for a signed-in profile.
    state.moderator()?;
    Ok(authors::dossier(state.store()?, &author_id)?)
}

#[tauri::command(async)]
pub fn author_comments(
    state: State<'_, AppState>,
    author_id: String,
    cursor: Cursor,
) -> Reply<AuthorComments> {
    Ok(authors::more_comments(state.store()?, &author_id, &cursor)?)
}

#[tauri::command(async)]
pub fn set_author_trust(state: State<'_, AppState>, author_id: String, trust: Trust) -> Reply<()> {
    let moderator = state.moderator()?;
    Ok(authors::set_trust(
        state.store()?,
        &moderator,
        &author_id,
        trust,
    )?)
}

#[tauri::command(async)]
pub fn set_author_notes(state: State<'_, AppState>, author_id: String, notes: String) -> Reply<()> {
    let moderator = state.moderator()?;
    Ok(authors::set_notes(
        state.store()?,
        &moderator,
        &author_id,
        &notes,
    )?)
}

#[tauri::command(async)]
pub fn reject_all_pending(
    state: State<'_, AppState>,
    author_id: String,
    reason: String,
) -> Reply<Outcome> {
    let moderator = state.moderator()?;
    Ok(authors::reject_all_pending(
        state.store()?,
        &moderator,
        &author_id,
        &reason,
    )?)
}

#[tauri::command(async)]
pub fn canned_reasons(state: State<'_, AppState>) -> Reply<CannedReasons> {
    Ok(reasons::list(state.store()?)?)
}

#[tauri::command(async)]
pub fn set_canned_reasons(
    state: State<'_, AppState>,
    kind: String,
    texts: Vec<String>,
) -> Reply<CannedReasons> {
    let moderator = state.moderator()?;
    Ok(reasons::set(state.store()?, &moderator, &kind, &texts)?)
}

#[tauri::command(async)]
pub fn audit_page(
    state: State<'_, AppState>,
    query: AuditQuery,
    before: Option<(String, String)>,
    limit: Option<u32>,
) -> Reply<AuditPage> {
    state.moderator()?;
    Ok(audit::page(
        state.store()?,
        &query,
        before,
        limit.unwrap_or(100),
    )?)
}

/// The save dialog is opened here, not by the page, so the file written is always one the
/// person chose (the page cannot name a path).
#[tauri::command(async)]
pub fn export_audit_csv(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: AuditQuery,
) -> Reply<Option<AuditExport>> {
    state.moderator()?;
    let store = state.store()?;
    let Some(path) = crate::dialogs::pick_save(
        &app,
        "Export the audit log",
        "readerdesk-audit.csv",
        "CSV",
        &["csv"],
    )?
    else {
        return Ok(None);
    };
    let rows = audit::export_csv(store, &query, &path)?;
    Ok(Some(AuditExport {
        path: path.display().to_string(),
        rows,
    }))
}
