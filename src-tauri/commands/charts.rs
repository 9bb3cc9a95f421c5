//! Chart commands: a chart's image bytes for the window (shown through a blob URL), and the
//! same chart saved where the person chooses.
use readerdesk_core::charts::source::{self, ChartRequest};
use tauri::ipc::Response;
use tauri::AppHandle;

use super::blocking;
use crate::dialogs;
use crate::error::CommandError;

/// The chart's bytes (SVG or PNG, as asked), sent raw rather than as JSON numbers.
#[tauri::command]
pub async fn render_chart(app: AppHandle, request: ChartRequest) -> Result<Response, CommandError> {
    blocking(app, move |_, state| {
        state.moderator()?;
        let output = source::render(state.store()?, &request)?;
        Ok(Response::new(output.into_bytes()))
    })
    .await
}

/// Saves the chart (PNG or SVG) where the person chooses. Returns the path, None if cancelled.
#[tauri::command]
pub async fn export_chart(
    app: AppHandle,
    request: ChartRequest,
) -> Result<Option<String>, CommandError> {
    blocking(app, move |app, state| {
        state.moderator()?;
        let store = state.store()?;
        let output = source::render(store, &request)?;
        let extension = output.format().as_str();
        let suggested = format!("readerdesk-{}.{extension}", request.kind);
        let filter = if extension == "svg" {
            "SVG image"
        } else {
            "PNG image"
        };
        let Some(path) =
            dialogs::pick_save(app, "Save the chart", &suggested, filter, &[extension])?
        else {
            return Ok(None);
        };
        readerdesk_core::files::write_bytes(&path, output.as_bytes())?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
