//! The integrity check of the open database, run in the background at start (on a million
//! comments it takes seconds, and the window must not wait for it). The window asks for its
//! verdict once it shows the newsroom; damage switches it to the error screen, which offers
//! the newest good backup, and the store refuses every write from then on.
use std::sync::{Condvar, Mutex};

use readerdesk_core::CoreError;
use tauri::{AppHandle, Manager};

use crate::error::CommandError;
use crate::state::AppState;

/// The check's verdict, once it is known: None while it runs.
#[derive(Default)]
pub struct IntegrityCheck {
    verdict: Mutex<Option<Result<(), CommandError>>>,
    done: Condvar,
}

impl IntegrityCheck {
    fn finish(&self, verdict: Result<(), CommandError>) {
        *self.verdict.lock().unwrap_or_else(|p| p.into_inner()) = Some(verdict);
        self.done.notify_all();
    }

    /// Waits until the check has run and returns what it found.
    pub fn wait(&self) -> Result<(), CommandError> {
        let mut verdict = self.verdict.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(found) = verdict.as_ref() {
                return found.clone();
            }
            verdict = self.done.wait(verdict).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// Runs the check on a thread of its own once the store is open, then `after` (the daily
/// backup) if it passed.
pub fn start(app: AppHandle, after: impl FnOnce(&AppHandle) + Send + 'static) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let verdict = match state.opened_store() {
            // A store that did not open has its error screen already.
            Err(_) => Ok(()),
            Ok(store) => store.check_integrity().map_err(CommandError::from),
        };
        let passed = verdict.is_ok();
        state.integrity.finish(verdict);
        if let (true, Ok(store)) = (passed, state.opened_store()) {
            // Their comments stay hidden until this is done; nothing waits for it.
            if let Err(err) =
                readerdesk_core::import::comments::recover(store, state.stopped_imports())
            {
                tracing::warn!(
                    code = err.code(),
                    "an unfinished import could not be settled"
                );
            }
        }
        if let Ok(store) = state.opened_store() {
            // The check read the whole file on this thread: give back the heap it left.
            store.release_memory();
        }
        if passed {
            after(&app);
        }
    });
}

/// The damage the check found in the open store, as the window shows it.
pub fn damage(state: &AppState) -> Option<CommandError> {
    let store = state.store().ok()?;
    let detail = store.damage()?;
    Some(
        CoreError::Corrupt {
            path: state.db_path.clone(),
            detail,
        }
        .into(),
    )
}
