//! Automatic-hold commands: the settings and word lists, the classifier's quality, a re-run
//! over the Pending queue and its undo, and the word lists saved to or read from a text file
//! (through the app's own dialogs).
use readerdesk_core::moderation::autohold::{self, HoldSettings, RerunSummary, RulesView};
use readerdesk_core::moderation::decisions::Outcome;
use tauri::{AppHandle, State};

use crate::dialogs;
use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

#[tauri::command(async)]
pub fn rules_view(state: State<'_, AppState>) -> Reply<RulesView> {
    Ok(autohold::view(state.store()?)?)
}

#[tauri::command(async)]
pub fn save_rules(
    state: State<'_, AppState>,
    settings: HoldSettings,
    banned: String,
    suspect: String,
) -> Reply<RulesView> {
    let who = state.moderator()?;
    Ok(autohold::save(
        state.store()?,
        &who,
        &settings,
        &banned,
        &suspect,
    )?)
}

#[tauri::command(async)]
pub fn rerun_rules(state: State<'_, AppState>) -> Reply<RerunSummary> {
    let who = state.moderator()?;
    Ok(autohold::rerun_pending(state.store()?, &who)?)
}

#[tauri::command(async)]
pub fn undo_rerun(state: State<'_, AppState>, batch_id: String) -> Reply<Outcome> {
    let who = state.moderator()?;
    Ok(autohold::undo_rerun(state.store()?, &who, &batch_id)?)
}

/// Saves a word list (as the page holds it, one entry a line) where the person chooses.
#[tauri::command(async)]
pub fn save_word_list(app: AppHandle, name: String, text: String) -> Reply<Option<String>> {
    let file = if name == "suspect" {
        "readerdesk-suspect-words.txt"
    } else {
        "readerdesk-banned-words.txt"
    };
    let Some(path) = dialogs::pick_save(&app, "Save the word list", file, "Text", &["txt"])? else {
        return Ok(None);
    };
    readerdesk_core::files::write_bytes(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// Reads a word list from a text file the person picks; the page puts it in the editor (it is
/// checked when saved).
#[tauri::command(async)]
pub fn load_word_list(app: AppHandle) -> Reply<Option<String>> {
    let Some(path) = dialogs::pick_file(&app, "Load a word list", "Text", &["txt", "csv"]) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|err| {
        CommandError::new("io", format!("could not read {}: {err}", path.display()))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CommandError::new("invalid", format!("{} is not UTF-8 text", path.display()))
    })?;
    Ok(Some(text))
}
