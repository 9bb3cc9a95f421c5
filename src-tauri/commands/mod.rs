//! The window's commands, one file per area. Each parses its arguments, calls one core
//! function and maps the error; no SQL and no logic live here.
pub mod app;
pub mod backups;
pub mod charts;
pub mod fundraising;
pub mod imports;
pub mod moderation;
pub mod rules;
pub mod sites;

use tauri::{AppHandle, Manager};

use crate::error::CommandError;
use crate::state::AppState;

/// Runs a command's work on tokio's blocking pool. Command bodies read and write SQLite, open
/// dialogs that wait for the person and import files: on the async workers (two on a 2-core
/// laptop) one long import would stall every other command, so none runs there.
pub(crate) async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppHandle, &AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || work(&app, &app.state::<AppState>()))
        .await
        .map_err(|err| CommandError::new("internal", format!("the work stopped: {err}")))?
}
