//! What the window's commands share: the database path and the open store, or why it could not
//! be opened (the window then shows the error screen instead of the newsroom).
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use readerdesk_core::db::Integrity;
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::Store;

use crate::error::CommandError;

pub struct AppState {
    pub db_path: PathBuf,
    /// The open store, or why it could not open, once `open_store` is done.
    opened: OnceLock<Opened>,
    /// Who is working in this window; every decision carries this profile.
    pub moderator: Mutex<Option<Moderator>>,
    /// Set to stop the running import (it then writes nothing).
    pub cancel_import: std::sync::atomic::AtomicBool,
    /// A file dropped on the window, waiting for the person to import it.
    pub drops: crate::drops::Drops,
    /// The donation file being previewed, until it is imported or another is chosen.
    pending_donations: Mutex<Option<PathBuf>>,
    /// Where connected sites' passwords are kept (the keyring, or a file beside the database).
    pub secrets: readerdesk_core::sites::Secrets,
    /// Set to stop the running sync (after the page it is writing).
    pub cancel_sync: std::sync::atomic::AtomicBool,
    /// Wakes the background sync (a decision was made).
    pub sync_worker: crate::sync_worker::SyncWorker,
    /// The background integrity check's verdict (see `integrity`).
    pub integrity: crate::integrity::IntegrityCheck,
}

/// What opening the database gave.
struct Opened {
    store: Result<Store, CommandError>,
    /// Imports the app was stopped during, found at open; settled in the background
    /// (`integrity::start`) once the file is known sound.
    stopped_imports: Vec<String>,
}

impl AppState {
    /// The window's state before its database is open: the window shows at once and
    /// `open_store`, on a thread of its own, opens the file.
    pub fn new(db_path: PathBuf) -> AppState {
        let secrets_path = db_path.clone();
        AppState {
            db_path,
            opened: OnceLock::new(),
            moderator: Mutex::new(None),
            cancel_import: std::sync::atomic::AtomicBool::new(false),
            drops: crate::drops::Drops::default(),
            pending_donations: Mutex::new(None),
            secrets: readerdesk_core::sites::Secrets::for_database(&secrets_path),
            cancel_sync: std::sync::atomic::AtomicBool::new(false),
            sync_worker: crate::sync_worker::SyncWorker::default(),
            integrity: crate::integrity::IntegrityCheck::default(),
        }
    }

    pub fn pending_donations(&self) -> Option<PathBuf> {
        self.pending_donations
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_pending_donations(&self, path: Option<PathBuf>) {
        *self
            .pending_donations
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = path;
    }

    /// Opens the database (once). Quick for a file of this version; one of an older version is
    /// first backed up and upgraded, about half a minute for a million comments, while the
    /// window says it is opening (`store` answers `db_opening` until then).
    pub fn open_store(&self) {
        let store = ensure_parent(&self.db_path)
            // The full integrity check runs in the background (`integrity::start`).
            .and_then(|()| {
                Store::open_with(&self.db_path, Integrity::Later).map_err(CommandError::from)
            });
        let stopped_imports = match &store {
            Ok(store) => {
                readerdesk_core::import::comments::unfinished(store).unwrap_or_else(|err| {
                    tracing::warn!(code = err.code(), "could not list unfinished imports");
                    Vec::new()
                })
            }
            Err(_) => Vec::new(),
        };
        if self
            .opened
            .set(Opened {
                store,
                stopped_imports,
            })
            .is_err()
        {
            tracing::warn!("the database was opened twice; the first stays");
        }
    }

    /// The open store, an error saying why it could not open, or `db_opening` while it opens.
    pub fn store(&self) -> Result<&Store, CommandError> {
        match self.opened.get() {
            Some(opened) => opened.store.as_ref().map_err(Clone::clone),
            None => Err(CommandError::new(
                "db_opening",
                "the newsroom is still opening: after an update, a large newsroom is first \
                 backed up and upgraded, which can take a minute",
            )),
        }
    }

    /// The store or why it could not open, waiting while it opens (for the background work
    /// that starts with the window).
    pub fn opened_store(&self) -> &Result<Store, CommandError> {
        &self.opened.wait().store
    }

    /// The imports the app was stopped during, once the store is open.
    pub fn stopped_imports(&self) -> &[String] {
        &self.opened.wait().stopped_imports
    }

    pub fn signed_in(&self) -> Option<Moderator> {
        self.moderator
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The signed-in profile, or an error that tells the window to ask who is working.
    pub fn moderator(&self) -> Result<Moderator, CommandError> {
        self.signed_in().ok_or_else(|| {
            CommandError::new(
                "not_signed_in",
                "choose who is working before moderating (the profile picker at the top)",
            )
        })
    }

    pub fn set_moderator(&self, moderator: Option<Moderator>) {
        *self
            .moderator
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = moderator;
    }
}

/// The OS data folder may not exist yet on a first start.
pub fn ensure_parent(path: &std::path::Path) -> Result<(), CommandError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => owner_only_dir(dir).map_err(|err| {
            CommandError::new(
                "io",
                format!("could not create the folder {}: {err}", dir.display()),
            )
        }),
        _ => Ok(()),
    }
}

/// The folder (and any missing parent) made readable only by its owner (0700).
fn owner_only_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// `readerdesk.db` in the OS app-data folder (what tauri's `app_data_dir()` names), unless
/// READERDESK_DB or --db says otherwise.
pub fn default_db_path(identifier: &str) -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(identifier)
        .join("readerdesk.db")
}
