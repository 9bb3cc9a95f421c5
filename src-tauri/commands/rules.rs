//! Automatic-hold commands: the settings and word lists, the classifier's quality, a re-run
//! over the Pending queue and its undo, and the word lists saved to or read from a text file
//! (through the app's own dialogs).
use readerdesk_core::moderation::autohold::{self, HoldSettings, RerunSummary, RulesView};
use readerdesk_core::moderation::decisions::Outcome;
use tauri::AppHandle;

use super::blocking;
use crate::dialogs;
use crate::error::CommandError;

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn rules_view(app: AppHandle) -> Reply<RulesView> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(autohold::view(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn save_rules(
    app: AppHandle,
    settings: HoldSettings,
    banned: String,
    suspect: String,
) -> Reply<RulesView> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(autohold::save(
            state.store()?,
            &who,
            &settings,
            &banned,
            &suspect,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn rerun_rules(app: AppHandle) -> Reply<RerunSummary> {
    blocking(app, |_, state| {
        let who = state.moderator()?;
        Ok(autohold::rerun_pending(state.store()?, &who)?)
    })
    .await
}

#[tauri::command]
pub async fn undo_rerun(app: AppHandle, batch_id: String) -> Reply<Outcome> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(autohold::undo_rerun(state.store()?, &who, &batch_id)?)
    })
    .await
}

/// Saves a word list (as the page holds it, one entry a line) where the person chooses.
#[tauri::command]
pub async fn save_word_list(app: AppHandle, name: String, text: String) -> Reply<Option<String>> {
    blocking(app, move |app, state| {
        state.moderator()?;
        let file = if name == "suspect" {
            "readerdesk-suspect-words.txt"
        } else {
            "readerdesk-banned-words.txt"
        };
        let Some(path) = dialogs::pick_save(app, "Save the word list", file, "Text", &["txt"])?
        else {
            return Ok(None);
        };
        readerdesk_core::files::write_bytes(&path, text.as_bytes())?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Reads a word list from a text file the person picks; the page puts it in the editor (it is
/// checked when saved).
#[tauri::command]
pub async fn load_word_list(app: AppHandle) -> Reply<Option<String>> {
    blocking(app, |app, state| {
        state.moderator()?;
        let Some(path) = dialogs::pick_file(app, "Load a word list", "Text", &["txt", "csv"])
        else {
            return Ok(None);
        };
        let bytes = std::fs::read(&path).map_err(|err| {
            CommandError::new("io", format!("could not read {}: {err}", path.display()))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            CommandError::new("invalid", format!("{} is not UTF-8 text", path.display()))
        })?;
        Ok(Some(text))
    })
    .await
}
