//! The native open and save dialogs, opened by the app so the page never names a path.
//! End-to-end tests cannot drive the desktop's dialogs, so READERDESK_E2E_IMPORT_FILE stands
//! in for the open dialog and READERDESK_E2E_SAVE_DIR for the save dialog (the file is saved
//! there under its suggested name). Those stand-ins exist only in debug builds (what the tests
//! run); a release build (the package people install) has none of them.
use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;

/// The file the person picks, or None if they cancel.
pub fn pick_file(
    app: &AppHandle,
    title: &str,
    filter: &str,
    extensions: &[&str],
) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("READERDESK_E2E_IMPORT_FILE") {
        return Some(PathBuf::from(path));
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter, extensions)
        .blocking_pick_file()
        .and_then(|file| file.into_path().ok())
}

/// Where the person chooses to save `suggested`, or None if they cancel.
pub fn pick_save(
    app: &AppHandle,
    title: &str,
    suggested: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, CommandError> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("READERDESK_E2E_SAVE_DIR") {
        return Ok(Some(PathBuf::from(dir).join(suggested)));
    }
    let Some(chosen) = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(filter, extensions)
        .blocking_save_file()
    else {
        return Ok(None);
    };
    chosen
        .into_path()
        .map(Some)
        .map_err(|err| CommandError::new("io", format!("that place cannot be written: {err}")))
}
