//! Backup commands: the list, back up now, restore (from the list or a file the person picks,
//! admins only), reveal the folder, the rotation, and for the damaged-database screen the
//! newest good backup and its restore (which works with no database open, then restarts).
use std::path::Path;

use readerdesk_core::backups::{self, BackupInfo, Reason, RestoreSummary, Rotation};
use tauri::AppHandle;

use super::blocking;
use crate::dialogs;
use crate::error::CommandError;

type Reply<T> = Result<T, CommandError>;

/// Runs `work` on a blocking thread with the app's state (copies can take seconds).

#[tauri::command]
pub async fn list_backups(app: AppHandle) -> Reply<Vec<BackupInfo>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(backups::list(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> Reply<BackupInfo> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(backups::create(state.store()?, Reason::Manual)?)
    })
    .await
}

/// Restores a backup of the list (named by its file name: the page never names a path).
#[tauri::command]
pub async fn restore_backup(app: AppHandle, file_name: String) -> Reply<RestoreSummary> {
    blocking(app, move |_, state| {
        state.moderator()?.must_admin()?;
        let store = state.store()?;
        let listed = backups::list(store)?;
        let chosen = listed
            .iter()
            .find(|b| b.file_name == file_name)
            .ok_or_else(|| {
                CommandError::new("not_found", format!("no backup named {file_name}"))
            })?;
        Ok(backups::restore(store, Path::new(&chosen.path))?)
    })
    .await
}

/// Restores from a file the person picks in the app's own dialog; None when cancelled.
#[tauri::command]
pub async fn restore_backup_from_file(app: AppHandle) -> Reply<Option<RestoreSummary>> {
    blocking(app, |app, state| {
        state.moderator()?.must_admin()?;
        let store = state.store()?;
        let Some(path) = dialogs::pick_file(
            app,
            "Restore the newsroom from a file",
            "Readerdesk database",
            &["db", "bak"],
        ) else {
            return Ok(None);
        };
        Ok(Some(backups::restore(store, &path)?))
    })
    .await
}

/// Opens the backups folder in the system's file manager.
#[tauri::command]
pub async fn reveal_backups(app: AppHandle) -> Reply<()> {
    blocking(app, |_, state| {
        state.moderator()?;
        let dir = backups::folder(&state.db_path);
        std::fs::create_dir_all(&dir).map_err(|err| {
            CommandError::new("io", format!("could not make {}: {err}", dir.display()))
        })?;
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(target_os = "windows") {
            "explorer"
        } else {
            "xdg-open"
        };
        std::process::Command::new(opener)
            .arg(&dir)
            .spawn()
            .map(|_| ())
            .map_err(|err| {
                CommandError::new(
                    "io",
                    format!(
                        "could not open {} ({opener}: {err}); the backups are there",
                        dir.display()
                    ),
                )
            })
    })
    .await
}

#[tauri::command]
pub async fn backup_rotation(app: AppHandle) -> Reply<Rotation> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(backups::rotation(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn set_backup_rotation(app: AppHandle, rotation: Rotation) -> Reply<()> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(backups::set_rotation(state.store()?, &who, rotation)?)
    })
    .await
}

/// The newest backup that passes the checks (for the damaged-database screen; no database
/// needs to be open).
#[tauri::command]
pub async fn newest_backup(app: AppHandle) -> Reply<Option<BackupInfo>> {
    blocking(app, |_, state| {
        let Some(path) = backups::newest_good(&state.db_path)? else {
            return Ok(None);
        };
        let listed = match state.store() {
            Ok(store) => backups::list(store)?,
            Err(_) => Vec::new(),
        };
        Ok(listed
            .into_iter()
            .find(|b| Path::new(&b.path) == path)
            .or_else(|| backups::describe(&path).ok()))
    })
    .await
}

/// Restores the newest good backup over a database that could not be opened (or that the
/// background check found damaged), then restarts the app on it.
#[tauri::command]
pub async fn restore_newest_backup(app: AppHandle) -> Reply<RestoreSummary> {
    let summary = blocking(app.clone(), |_, state| {
        let newest = || {
            backups::newest_good(&state.db_path)?.ok_or_else(|| {
                CommandError::new("not_found", "no good backup was found beside the database")
            })
        };
        match state.store() {
            // Damage the background check found in the open file.
            Ok(store) if store.damage().is_some() => Ok(backups::restore(store, &newest()?)?),
            Ok(_) => Err(CommandError::new(
                "invalid",
                "the newsroom opened fine: restore a backup from Settings → Backups",
            )),
            // Only damage is mended this way: a newer version's file, a locked or unreadable
            // one is not replaced.
            Err(err) if err.code != "db_corrupt" => Err(err),
            Err(_) => Ok(backups::restore_unopened(&state.db_path, &newest()?)?),
        }
    })
    .await?;
    // The window starts again on the restored file a moment after answering.
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        handle.restart();
    });
    Ok(summary)
}
