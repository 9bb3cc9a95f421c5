//! Connected-site commands: test and connect a WordPress site, list and remove sites, sync now
//! with progress (and cancel), the decisions waiting, failed or in conflict, and each comment's
//! sync state. Network work runs on a blocking thread, never on the async command workers.
use std::sync::atomic::Ordering;

use readerdesk_core::sites::{
    self, CommentSyncState, OutboxView, Settle, SiteCheck, SiteView, SyncKind, SyncOverview,
    SyncProgress, SyncReport,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

/// Runs `work` on a blocking thread with the app's state.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppState) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|err| CommandError::new("internal", format!("the work stopped: {err}")))?
}

#[tauri::command]
pub async fn check_site(
    app: AppHandle,
    url: String,
    user: String,
    password: String,
) -> Reply<SiteCheck> {
    blocking(app, move |state| {
        state.moderator()?;
        Ok(sites::check(&url, &user, &password)?)
    })
    .await
}

#[tauri::command]
pub async fn connect_site(
    app: AppHandle,
    url: String,
    user: String,
    password: String,
) -> Reply<SiteView> {
    blocking(app, move |state| {
        let by = state.moderator()?;
        Ok(sites::connect(
            state.store()?,
            &state.secrets,
            &by,
            &url,
            &user,
            &password,
        )?)
    })
    .await
}

#[tauri::command(async)]
pub fn list_sites(state: State<'_, AppState>) -> Reply<Vec<SiteView>> {
    state.moderator()?;
    Ok(sites::list(state.store()?, &state.secrets)?)
}

#[tauri::command]
pub async fn remove_site(app: AppHandle, site_id: String) -> Reply<()> {
    blocking(app, move |state| {
        let by = state.moderator()?;
        Ok(sites::remove(
            state.store()?,
            &state.secrets,
            &by,
            &site_id,
        )?)
    })
    .await
}

#[tauri::command(async)]
pub fn set_site_auto_sync(state: State<'_, AppState>, site_id: String, on: bool) -> Reply<()> {
    let by = state.moderator()?;
    Ok(sites::set_auto_sync(state.store()?, &by, &site_id, on)?)
}

/// Pulls then pushes every connected site (or one), reporting progress; the window stays
/// usable meanwhile. Cancel stops after the page being written.
#[tauri::command]
pub async fn sync_now(
    app: AppHandle,
    site_id: Option<String>,
    on_progress: Channel<SyncProgress>,
) -> Reply<Vec<SyncReport>> {
    blocking(app, move |state| {
        state.moderator()?;
        let store = state.store()?;
        state.cancel_sync.store(false, Ordering::Relaxed);
        let ids = match site_id {
            Some(id) => vec![id],
            None => sites::list(store, &state.secrets)?
                .into_iter()
                .map(|s| s.id)
                .collect(),
        };
        let mut reports = Vec::new();
        for id in ids {
            reports.push(sites::sync(
                store,
                &state.secrets,
                &id,
                SyncKind::Both,
                &state.cancel_sync,
                &mut |p| {
                    let _ = on_progress.send(p);
                },
            )?);
        }
        Ok(reports)
    })
    .await
}

#[tauri::command]
pub fn cancel_sync(state: State<'_, AppState>) {
    state.cancel_sync.store(true, Ordering::Relaxed);
}

#[tauri::command(async)]
pub fn sync_overview(state: State<'_, AppState>) -> Reply<SyncOverview> {
    Ok(sites::overview(state.store()?)?)
}

/// Decisions "waiting", "failed" or in "conflict".
#[tauri::command(async)]
pub fn site_outbox(state: State<'_, AppState>, outbox_state: String) -> Reply<Vec<OutboxView>> {
    state.moderator()?;
    Ok(sites::outbox(state.store()?, &outbox_state, 500)?)
}

#[tauri::command(async)]
pub fn comment_sync_state(
    state: State<'_, AppState>,
    comment_id: String,
) -> Reply<Option<CommentSyncState>> {
    state.moderator()?;
    Ok(sites::comment_state(state.store()?, &comment_id)?)
}

#[tauri::command(async)]
pub fn settle_conflict(
    state: State<'_, AppState>,
    comment_id: String,
    how: Settle,
) -> Reply<String> {
    let by = state.moderator()?;
    let message = sites::settle(state.store()?, &by, &comment_id, how)?;
    state.sync_worker.wake();
    Ok(message)
}

/// Puts a failed decision back in line (`retry`), or dismisses it.
#[tauri::command(async)]
pub fn retry_outbox(state: State<'_, AppState>, seq: i64, retry: bool) -> Reply<()> {
    let by = state.moderator()?;
    sites::retry_or_dismiss(state.store()?, &by, seq, retry)?;
    state.sync_worker.wake();
    Ok(())
}
