//! Moderation commands: profiles, queues, cards, threads, decisions and undo, search, author
//! dossiers, canned reasons and the audit log. Each calls one core function.
use readerdesk_core::erasure::{self, ErasureSummary};
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
use readerdesk_core::person::{self, PersonExportSummary};
use tauri::AppHandle;

use super::blocking;
use crate::error::CommandError;

type Reply<T> = Result<T, CommandError>;

const DEFAULT_ARTICLES: u32 = 200;
const DEFAULT_PAGE: u32 = 50;

#[tauri::command]
pub async fn list_articles(app: AppHandle, limit: Option<u32>) -> Reply<Vec<ArticleSummary>> {
    blocking(app, move |_, state| {
        state.moderator()?;
        let limit = limit.unwrap_or(DEFAULT_ARTICLES).clamp(1, 10_000);
        Ok(articles::list(state.store()?, i64::from(limit))?)
    })
    .await
}

#[tauri::command]
pub async fn article_thread(app: AppHandle, article_id: String) -> Reply<ArticleThread> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(thread::article_thread(state.store()?, &article_id)?)
    })
    .await
}

#[tauri::command]
pub async fn list_moderators(app: AppHandle) -> Reply<Vec<Moderator>> {
    blocking(app, |_, state| Ok(moderators::list(state.store()?)?)).await
}

#[tauri::command]
pub async fn add_moderator(app: AppHandle, name: String, role: Role) -> Reply<Moderator> {
    blocking(app, move |_, state| {
        let by = state.signed_in();
        Ok(moderators::add(state.store()?, by.as_ref(), &name, role)?)
    })
    .await
}

#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
    moderator_id: String,
    passphrase: Option<String>,
) -> Reply<Moderator> {
    blocking(app, move |_, state| {
        let moderator = moderators::sign_in(state.store()?, &moderator_id, passphrase.as_deref())?;
        state.set_moderator(Some(moderator.clone()));
        Ok(moderator)
    })
    .await
}

/// Requires a passphrase for a profile (or, with None, lifts it): admins, or a profile itself.
#[tauri::command]
pub async fn set_passphrase(
    app: AppHandle,
    moderator_id: String,
    passphrase: Option<String>,
) -> Reply<Moderator> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        let changed =
            moderators::set_passphrase(state.store()?, &who, &moderator_id, passphrase.as_deref())?;
        if changed.id == who.id {
            state.set_moderator(Some(changed.clone()));
        }
        Ok(changed)
    })
    .await
}

/// Erases a reader (admins): their personal fields are replaced everywhere by a placeholder,
/// the file is compacted, and the backups that still hold them are named.
#[tauri::command]
pub async fn erase_reader(
    app: AppHandle,
    author_id: String,
    remove_texts: bool,
) -> Reply<ErasureSummary> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(erasure::erase_reader(
            state.store()?,
            &who,
            &author_id,
            remove_texts,
        )?)
    })
    .await
}

/// Erases a donor (admins): name, e-mail and customer id become a placeholder; gifts stay.
#[tauri::command]
pub async fn erase_donor(app: AppHandle, donor_id: String) -> Reply<ErasureSummary> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(erasure::erase_donor(state.store()?, &who, &donor_id)?)
    })
    .await
}

/// Writes everything held about a person (an author or donor id) to the JSON file the admin
/// chooses: an answer to an access request. None when they cancel the dialog.
#[tauri::command]
pub async fn export_person(app: AppHandle, who: String) -> Reply<Option<PersonExportSummary>> {
    blocking(app, move |app, state| {
        let by = state.moderator()?;
        by.must_admin().map_err(CommandError::from)?;
        let suggested = "readerdesk-person.json";
        let Some(path) = crate::dialogs::pick_save(
            app,
            "Export this person's data",
            suggested,
            "JSON",
            &["json"],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(person::export(state.store()?, &by, &who, &path)?))
    })
    .await
}

/// Deletes the named backups (admins), after an erasure named them as still holding someone.
#[tauri::command]
pub async fn prune_backups(app: AppHandle, names: Vec<String>) -> Reply<usize> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(readerdesk_core::backups::prune(
            state.store()?,
            &who,
            &names,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn sign_out(app: AppHandle) -> Reply<()> {
    blocking(app, |_, state| {
        state.set_moderator(None);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn current_moderator(app: AppHandle) -> Reply<Option<Moderator>> {
    blocking(app, |_, state| Ok(state.signed_in())).await
}

#[tauri::command]
pub async fn queue_counts(app: AppHandle) -> Reply<QueueCounts> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(queue::counts(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn queue_page(
    app: AppHandle,
    queue: Queue,
    filter: QueueFilter,
    sort: Sort,
    cursor: Option<Cursor>,
    limit: Option<u32>,
) -> Reply<QueuePage> {
    blocking(app, move |_, state| {
        let limit = limit.unwrap_or(DEFAULT_PAGE);
        Ok(queue::page(
            state.store()?,
            queue,
            &filter,
            sort,
            cursor.as_ref(),
            limit,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn filtered_count(app: AppHandle, queue: Queue, filter: QueueFilter) -> Reply<i64> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(queue::filtered_count(state.store()?, queue, &filter)?)
    })
    .await
}

#[tauri::command]
pub async fn reasons_in_use(app: AppHandle) -> Reply<Vec<ReasonCount>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(queue::reasons_in_use(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn comment_card(app: AppHandle, comment_id: String) -> Reply<CommentCard> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(queue::card(state.store()?, &who, &comment_id)?)
    })
    .await
}

#[tauri::command]
pub async fn comment_thread(app: AppHandle, comment_id: String) -> Reply<CommentThread> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(thread::comment_thread(state.store()?, &comment_id)?)
    })
    .await
}

#[tauri::command]
pub async fn decide(
    app: AppHandle,
    comment_ids: Vec<String>,
    decision: Decision,
) -> Reply<Outcome> {
    blocking(app, move |_, state| {
        let moderator = state.moderator()?;
        let outcome = decisions::decide(state.store()?, &moderator, &comment_ids, &decision)?;
        // A decision on a connected site's comment waits in the outbox: send it now.
        state.sync_worker.wake();
        Ok(outcome)
    })
    .await
}

#[tauri::command]
pub async fn decide_filtered(
    app: AppHandle,
    queue: Queue,
    filter: QueueFilter,
    decision: Decision,
    expected: i64,
) -> Reply<Outcome> {
    blocking(app, move |_, state| {
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
    })
    .await
}

#[tauri::command]
pub async fn undo(app: AppHandle) -> Reply<Option<Outcome>> {
    blocking(app, |_, state| {
        let moderator = state.moderator()?;
        let outcome = decisions::undo_last(state.store()?, &moderator)?;
        state.sync_worker.wake();
        Ok(outcome)
    })
    .await
}

#[tauri::command]
pub async fn search_comments(
    app: AppHandle,
    query: String,
    before: Option<i64>,
    limit: Option<u32>,
) -> Reply<SearchPage> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        let limit = limit.unwrap_or(DEFAULT_PAGE);
        Ok(search::search(state.store()?, &who, &query, before, limit)?)
    })
    .await
}

#[tauri::command]
pub async fn author_dossier(app: AppHandle, author_id: String) -> Reply<Dossier> {
    blocking(app, move |_, state| {
        // E-mail addresses and IPs: only for a profile that moderates (core masks them).
        let who = state.moderator()?;
        Ok(authors::dossier(state.store()?, &who, &author_id)?)
    })
    .await
}

#[tauri::command]
pub async fn author_comments(
    app: AppHandle,
    author_id: String,
    cursor: Cursor,
) -> Reply<AuthorComments> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(authors::more_comments(state.store()?, &author_id, &cursor)?)
    })
    .await
}

#[tauri::command]
pub async fn set_author_trust(app: AppHandle, author_id: String, trust: Trust) -> Reply<()> {
    blocking(app, move |_, state| {
        let moderator = state.moderator()?;
        Ok(authors::set_trust(
            state.store()?,
            &moderator,
            &author_id,
            trust,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn set_author_notes(app: AppHandle, author_id: String, notes: String) -> Reply<()> {
    blocking(app, move |_, state| {
        let moderator = state.moderator()?;
        Ok(authors::set_notes(
            state.store()?,
            &moderator,
            &author_id,
            &notes,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn reject_all_pending(
    app: AppHandle,
    author_id: String,
    reason: String,
) -> Reply<Outcome> {
    blocking(app, move |_, state| {
        let moderator = state.moderator()?;
        Ok(authors::reject_all_pending(
            state.store()?,
            &moderator,
            &author_id,
            &reason,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn canned_reasons(app: AppHandle) -> Reply<CannedReasons> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(reasons::list(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn set_canned_reasons(
    app: AppHandle,
    kind: String,
    texts: Vec<String>,
) -> Reply<CannedReasons> {
    blocking(app, move |_, state| {
        let moderator = state.moderator()?;
        Ok(reasons::set(state.store()?, &moderator, &kind, &texts)?)
    })
    .await
}

#[tauri::command]
pub async fn audit_page(
    app: AppHandle,
    query: AuditQuery,
    before: Option<(String, String)>,
    limit: Option<u32>,
) -> Reply<AuditPage> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(audit::page(
            state.store()?,
            &query,
            before,
            limit.unwrap_or(100),
        )?)
    })
    .await
}

/// The save dialog is opened here, not by the page, so the file written is always one the
/// person chose (the page cannot name a path).
#[tauri::command]
pub async fn export_audit_csv(app: AppHandle, query: AuditQuery) -> Reply<Option<AuditExport>> {
    blocking(app, move |app, state| {
        state.moderator()?;
        let store = state.store()?;
        let Some(path) = crate::dialogs::pick_save(
            app,
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
    })
    .await
}
