//! Import and export commands: take a file in (from the file dialog the app opens itself, or
//! dropped on the window), report progress on a channel, cancel, list past imports with their
//! skipped-record reports, and write comments back out for the site.
use std::sync::atomic::Ordering;

use super::blocking;
use crate::dialogs;
use crate::drops::DropNotice;
use crate::error::CommandError;
use crate::state::AppState;
use readerdesk_core::export::{self, ExportFormat, ExportSource, ExportSummary};
use readerdesk_core::fundraising::donations::{
    self, DonationImportSummary, DonationOptions, DonationPreview, DonationProgress,
};
use readerdesk_core::fundraising::rates::{self, RatesImportSummary};
use readerdesk_core::import::comments::{self, ImportProgress, ImportRecord, ImportSummary};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
/// Imports the file the person picks in the dialog, or (with `dropped`) the one they dropped
/// on the window. None when they cancel the dialog or nothing is waiting.
pub async fn import_comments(
    app: AppHandle,
    strict: bool,
    dropped: bool,
    rules: bool,
    on_progress: Channel<ImportProgress>,
) -> Reply<Option<ImportSummary>> {
    blocking(app, move |app, state| {
        let moderator = state.moderator()?;
        // Before the file dialog opens (core checks the same rule again when importing).
        moderator.must_moderate().map_err(CommandError::from)?;
        let store = state.store()?;
        let path = if dropped {
            state.drops.take()
        } else {
            dialogs::pick_file(
                app,
                "Import comments",
                "Comment exports (WXR, Disqus, CSV, JSON)",
                &["xml", "csv", "json"],
            )
        };
        let Some(path) = path else {
            return Ok(None);
        };
        state.cancel_import.store(false, Ordering::Relaxed);
        readerdesk_core::backups::before_import(store, &path)?;
        let summary = comments::import_with_rules(
            store,
            &moderator,
            &path,
            None,
            strict,
            rules,
            &state.cancel_import,
            &mut |p| {
                let _ = on_progress.send(p);
                e2e_gate(&state.cancel_import);
            },
        )?;
        Ok(Some(summary))
    })
    .await
}

/// End-to-end tests only (debug builds): with READERDESK_E2E_IMPORT_GATE set, the import stops
/// at its first progress report, in the middle of its write, and waits until the file named
/// there exists, so a test can prove the rest of the window answers meanwhile. It writes
/// `<gate>.reached` when it stops there.
fn e2e_gate(cancel: &std::sync::atomic::AtomicBool) {
    #[cfg(debug_assertions)]
    if let Some(gate) = std::env::var_os("READERDESK_E2E_IMPORT_GATE") {
        let gate = std::path::PathBuf::from(gate);
        let mut reached = gate.clone().into_os_string();
        reached.push(".reached");
        let _ = std::fs::write(&reached, b"");
        while !gate.exists() && !cancel.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = cancel;
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::Relaxed);
}

#[tauri::command]
pub async fn import_history(app: AppHandle) -> Reply<Vec<ImportRecord>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(comments::history(state.store()?, 100)?)
    })
    .await
}

/// Saves an import's skipped records as CSV where the person chooses. Returns the path.
#[tauri::command]
pub async fn save_skipped_report(app: AppHandle, import_id: String) -> Reply<Option<String>> {
    blocking(app, move |app, state| {
        state.moderator()?;
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
        let Some(path) = dialogs::pick_save(
            app,
            "Save the skipped records",
            &format!("{stem}-skipped.csv"),
            "CSV",
            &["csv"],
        )?
        else {
            return Ok(None);
        };
        comments::write_skipped_report(&record.skipped, &path)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// The page's listener for files dragged over and dropped on the window.
#[tauri::command]
pub fn watch_drops(state: State<'_, AppState>, on_drop: Channel<DropNotice>) {
    state.drops.listen(on_drop);
}

#[tauri::command]
pub async fn export_sources(app: AppHandle) -> Reply<Vec<ExportSource>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(export::sources(state.store()?)?)
    })
    .await
}

/// Writes the comments (of one site, or all) where the person chooses. None if they cancel.
#[tauri::command]
pub async fn export_comments(
    app: AppHandle,
    format: ExportFormat,
    source: Option<String>,
) -> Reply<Option<ExportSummary>> {
    blocking(app, move |app, state| {
        let who = state.moderator()?;
        let store = state.store()?;
        let suggested = format!("readerdesk-comments.{}", format.extension());
        let (filter, extensions): (&str, &[&str]) = match format {
            ExportFormat::Wxr => ("WordPress export (WXR)", &["xml"]),
            ExportFormat::Csv => ("CSV", &["csv"]),
            ExportFormat::Json => ("JSON", &["json"]),
        };
        let Some(path) =
            dialogs::pick_save(app, "Export comments", &suggested, filter, extensions)?
        else {
            return Ok(None);
        };
        Ok(Some(export::export_comments(
            store,
            &who,
            format,
            &path,
            source.as_deref().filter(|s| !s.is_empty()),
        )?))
    })
    .await
}

/// Reads a donation export without writing anything: the file the person picks, the one they
/// dropped on the window (`dropped`), or the one already chosen (`again`, after choosing a
/// date order or a mapping). None when the dialog is cancelled or nothing is waiting.
#[tauri::command]
pub async fn preview_donations(
    app: AppHandle,
    dropped: bool,
    again: bool,
    options: DonationOptions,
) -> Reply<Option<DonationPreview>> {
    blocking(app, move |app, state| {
        let who = state.moderator()?;
        let store = state.store()?;
        let path = if again {
            state.pending_donations()
        } else if dropped {
            state.drops.take()
        } else {
            dialogs::pick_file(
                app,
                "Import donations",
                "Payment exports (CSV)",
                &["csv", "txt"],
            )
        };
        let Some(path) = path else {
            return Ok(None);
        };
        state.set_pending_donations(Some(path.clone()));
        Ok(Some(donations::preview(store, &who, &path, &options)?))
    })
    .await
}

/// Imports the donation file last previewed.
#[tauri::command]
pub async fn import_donations(
    app: AppHandle,
    options: DonationOptions,
    on_progress: Channel<DonationProgress>,
) -> Reply<DonationImportSummary> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        let store = state.store()?;
        let path = state.pending_donations().ok_or_else(|| {
            CommandError::new(
                "not_found",
                "choose a donation file first (Import donations…)",
            )
        })?;
        state.cancel_import.store(false, Ordering::Relaxed);
        readerdesk_core::backups::before_import(store, &path)?;
        Ok(donations::import(
            store,
            &who,
            &path,
            &options,
            &state.cancel_import,
            &mut |p| {
                let _ = on_progress.send(p);
            },
        )?)
    })
    .await
}

/// Exchange rates from a CSV file the editor picks (one rate a row, or the European Central
/// Bank's history); None when the dialog is cancelled.
#[tauri::command]
pub async fn import_exchange_rates(app: AppHandle) -> Reply<Option<RatesImportSummary>> {
    blocking(app, |app, state| {
        let who = state.moderator()?;
        let store = state.store()?;
        let Some(path) = dialogs::pick_file(
            app,
            "Import exchange rates",
            "Exchange rates (CSV)",
            &["csv", "txt"],
        ) else {
            return Ok(None);
        };
        Ok(Some(rates::import(store, &who, &path)?))
    })
    .await
}
