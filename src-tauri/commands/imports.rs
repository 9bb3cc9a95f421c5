//! Import commands: take a file in (the app opens the file dialog itself), report progress on
//! a channel, cancel, and list past imports with their skipped-record reports.
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use readerdesk_core::import::comments::{self, ImportProgress, ImportRecord, ImportSummary};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

/// The file to import: the one the person picks, or (for end-to-end tests, which cannot drive
/// the desktop's file dialog) the one READERDESK_E2E_IMPORT_FILE names.
fn pick_file(app: &AppHandle) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("READERDESK_E2E_IMPORT_FILE") {
        return Some(PathBuf::from(path));
    }
    app.dialog()
        .file()
        .set_title("Import comments")
        .add_filter(
            "Comment exports (WXR, Disqus, CSV, JSON)",
            &["xml", "csv", "json"],
        )
        .blocking_pick_file()
        .and_then(|file| file.into_path().ok())
}

#[tauri::command(async)]
pub fn import_comments(
    app: AppHandle,
    state: State<'_, AppState>,
    strict: bool,
    on_progress: Channel<ImportProgress>,
) -> Reply<Option<ImportSummary>> {
    let moderator = state.moderator()?;
    moderator.must_moderate().map_err(CommandError::from)?;
    let store = state.store()?;
    let Some(path) = pick_file(&app) else {
        return Ok(None);
    };
    state.cancel_import.store(false, Ordering::Relaxed);
    let summary = comments::import(store, &path, None, strict, &state.cancel_import, &mut |p| {
        let _ = on_progress.send(p);
    })?;
    Ok(Some(summary))
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::Relaxed);
}

#[tauri::command(async)]
pub fn import_history(state: State<'_, AppState>) -> Reply<Vec<ImportRecord>> {
    Ok(comments::history(state.store()?, 100)?)
}

/// Saves an import's skipped records as CSV where the person chooses. Returns the path.
#[tauri::command(async)]
pub fn save_skipped_report(
    app: AppHandle,
    state: State<'_, AppState>,
    import_id: String,
) -> Reply<Option<String>> {
    let history = comments::history(state.store()?, 10_000)?;
    let record = history
        .into_iter()
        .find(|r| r.id == import_id)
        .ok_or_else(|| {
            CommandError::new("not_found", format!("import {import_id} was not found"))
        })?;
    let stem = record
        .file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(&record.file_name);
    let Some(chosen) = app
        .dialog()
        .file()
        .set_title("Save the skipped records")
        .set_file_name(format!("{stem}-skipped.csv"))
        .add_filter("CSV", &["csv"])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|err| CommandError::new("io", format!("that place cannot be written: {err}")))?;
    comments::write_skipped_report(&record.skipped, &path)?;
    Ok(Some(path.display().to_string()))
}
