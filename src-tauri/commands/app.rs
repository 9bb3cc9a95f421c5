//! The app as a whole: which database is open (or why not), the first-start choice, counts.
use readerdesk_core::newsroom::{self, Setup, Stats};
use readerdesk_core::privacy::{self, PrivacySettings};
use readerdesk_core::{db::migrate, demo};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use ts_rs::TS;

use super::blocking;
use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub database: String,
    /// `None` when the database could not be opened; `error` says why.
    pub setup: Option<Setup>,
    pub error: Option<CommandError>,
    pub schema_version: i64,
    /// Where the copy made before the last migration went, if one was made at this start.
    pub backup: Option<String>,
}

/// The privacy settings, with the idle lock as the window applies it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrivacyView {
    pub settings: PrivacySettings,
    pub idle_lock_seconds: u64,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SetupChoice {
    Demo,
    Empty,
}

fn status(state: &AppState) -> AppStatus {
    let opened = state.store().and_then(|s| Ok(newsroom::setup(s)?));
    let (setup, error) = match (opened, crate::integrity::damage(state)) {
        (_, Some(damage)) => (None, Some(damage)),
        (Ok(setup), None) => (Some(setup), None),
        (Err(err), None) => (None, Some(err)),
    };
    AppStatus {
        database: state.db_path.display().to_string(),
        setup,
        error,
        schema_version: migrate::LATEST,
        backup: state.store().ok().and_then(|s| {
            s.open_report()
                .backup
                .as_ref()
                .map(|p| p.display().to_string())
        }),
    }
}

#[tauri::command]
pub async fn app_status(app: AppHandle) -> Reply<AppStatus> {
    blocking(app, |_, state| Ok(status(state))).await
}

#[tauri::command]
pub async fn setup_newsroom(
    app: AppHandle,
    choice: SetupChoice,
) -> Result<AppStatus, CommandError> {
    blocking(app, move |_, state| {
        let store = state.store()?;
        match choice {
            SetupChoice::Demo => {
                demo::build(store, chrono::Utc::now().date_naive())?;
            }
            SetupChoice::Empty => newsroom::start_empty(store)?,
        }
        Ok(status(state))
    })
    .await
}

#[tauri::command]
pub async fn stats(app: AppHandle) -> Result<Stats, CommandError> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(newsroom::stats(state.store()?)?)
    })
    .await
}

/// The newsroom's name, time zone and reporting currency (admins).
#[tauri::command]
pub async fn set_newsroom_basics(
    app: AppHandle,
    name: String,
    time_zone: String,
    reporting_currency: String,
) -> Result<(), CommandError> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(newsroom::set_basics(
            state.store()?,
            &who,
            &name,
            &time_zone,
            &reporting_currency,
        )?)
    })
    .await
}

/// The idle lock and IP retention (any signed-in profile reads them; the window needs the
/// idle lock). READERDESK_E2E_IDLE_SECONDS (debug builds) shortens the lock for tests.
#[tauri::command]
pub async fn privacy_settings(app: AppHandle) -> Reply<PrivacyView> {
    blocking(app, |_, state| {
        state.moderator()?;
        let settings = privacy::settings(state.store()?)?;
        let mut idle_lock_seconds = u64::from(settings.idle_lock_minutes) * 60;
        #[cfg(debug_assertions)]
        if let Some(seconds) = std::env::var("READERDESK_E2E_IDLE_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
        {
            idle_lock_seconds = seconds;
        }
        Ok(PrivacyView {
            settings,
            idle_lock_seconds,
        })
    })
    .await
}

/// Changes the idle lock and IP retention (admins).
#[tauri::command]
pub async fn set_privacy_settings(app: AppHandle, settings: PrivacySettings) -> Reply<()> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(privacy::set_settings(state.store()?, &who, &settings)?)
    })
    .await
}

/// Waits for the background integrity check of the open database: an error when it found
/// damage (the window then shows the error screen, and no write is accepted).
#[tauri::command]
pub async fn integrity_verdict(app: tauri::AppHandle) -> Result<(), CommandError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().integrity.wait())
        .await
        .map_err(|err| CommandError::new("internal", format!("the check stopped: {err}")))?
}

/// The diagnostics text (versions, counts, the last error codes, the log's path) for the
/// person to paste into a message; nothing anyone wrote. Works without a profile or a database.
#[tauri::command]
pub async fn diagnostics(app: AppHandle) -> Reply<String> {
    blocking(app, |_, state| {
        Ok(crate::logging::diagnostics(
            &state.db_path,
            state.store().ok(),
        ))
    })
    .await
}
