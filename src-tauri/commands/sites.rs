//! Connected-site commands: test and connect a WordPress site, list and remove sites, sync now
//! with progress (and cancel), the decisions waiting, failed or in conflict, and each comment's
//! sync state. Network work runs on a blocking thread, never on the async command workers.
use std::sync::atomic::Ordering;

use readerdesk_core::sites::{
    self, CommentSyncState, OutboxView, Settle, SiteCheck, SiteView, SyncKind, SyncOverview,
    SyncProgress, SyncReport,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

/// Runs `work` on a blocking thread with the app's state.

#[tauri::command]
pub async fn check_site(
    app: AppHandle,
    url: String,
    user: String,
    password: String,
) -> Reply<SiteCheck> {
    blocking(app, move |_, state| {
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
    blocking(app, move |_, state| {
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

#[tauri::command]
pub async fn list_sites(app: AppHandle) -> Reply<Vec<SiteView>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(sites::list(state.store()?, &state.secrets)?)
    })
    .await
}

#[tauri::command]
pub async fn remove_site(app: AppHandle, site_id: String) -> Reply<()> {
    blocking(app, move |_, state| {
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

#[tauri::command]
pub async fn set_site_auto_sync(app: AppHandle, site_id: String, on: bool) -> Reply<()> {
    blocking(app, move |_, state| {
        let by = state.moderator()?;
        Ok(sites::set_auto_sync(state.store()?, &by, &site_id, on)?)
    })
    .await
}

/// Pulls then pushes every connected site (or one), reporting progress; the window stays
/// usable meanwhile. Cancel stops after the page being written.
#[tauri::command]
pub async fn sync_now(
    app: AppHandle,
    site_id: Option<String>,
    on_progress: Channel<SyncProgress>,
) -> Reply<Vec<SyncReport>> {
    blocking(app, move |_, state| {
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

#[tauri::command]
pub async fn sync_overview(app: AppHandle) -> Reply<SyncOverview> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(sites::overview(state.store()?)?)
    })
    .await
}

/// Decisions "waiting", "failed" or in "conflict".
#[tauri::command]
pub async fn site_outbox(app: AppHandle, outbox_state: String) -> Reply<Vec<OutboxView>> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(sites::outbox(state.store()?, &outbox_state, 500)?)
    })
    .await
}

#[tauri::command]
pub async fn comment_sync_state(
    app: AppHandle,
    comment_id: String,
) -> Reply<Option<CommentSyncState>> {
    blocking(app, move |_, state| {
        state.moderator()?;
        Ok(sites::comment_state(state.store()?, &comment_id)?)
    })
    .await
}

#[tauri::command]
pub async fn settle_conflict(app: AppHandle, comment_id: String, how: Settle) -> Reply<String> {
    blocking(app, move |_, state| {
        let by = state.moderator()?;
        let message = sites::settle(state.store()?, &by, &comment_id, how)?;
        state.sync_worker.wake();
        Ok(message)
    })
    .await
}

/// Puts a failed decision back in line (`retry`), or dismisses it.
#[tauri::command]
pub async fn retry_outbox(app: AppHandle, seq: i64, retry: bool) -> Reply<()> {
    blocking(app, move |_, state| {
        let by = state.moderator()?;
        sites::retry_or_dismiss(state.store()?, &by, seq, retry)?;
        state.sync_worker.wake();
        Ok(())
    })
    .await
}
