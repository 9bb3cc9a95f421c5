//! The background sync: a tokio task that sends waiting decisions as soon as one is made (and
//! again, with each entry's back-off, while the site cannot be reached), and syncs every site
//! with automatic sync on every few minutes. The work itself runs on a blocking thread; a
//! decision never waits for the network.
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use readerdesk_core::sites::{self, SyncKind};
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;

use crate::state::AppState;

/// How often waiting decisions are looked at without a wake-up (their back-off decides
/// whether they are sent).
const TICK: Duration = Duration::from_secs(30);
/// The automatic full sync's period, unless READERDESK_SYNC_MINUTES says otherwise.
const FULL_MINUTES: u64 = 5;

#[derive(Default)]
pub struct SyncWorker {
    wake: Arc<Notify>,
}

impl SyncWorker {
    /// Something is waiting to be sent: look now rather than at the next tick.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

pub fn start(app: AppHandle) {
    let wake = app.state::<AppState>().sync_worker.wake.clone();
    let every = std::env::var("READERDESK_SYNC_MINUTES")
        .ok()
        .and_then(|m| m.parse::<u64>().ok())
        .filter(|m| *m > 0)
        .unwrap_or(FULL_MINUTES);
    let full_every = Duration::from_secs(every * 60);
    tauri::async_runtime::spawn(async move {
        // The first automatic sync comes one tick after the window opens.
        let mut last_full = Instant::now() - full_every + TICK;
        loop {
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(TICK) => {}
            }
            let full = last_full.elapsed() >= full_every;
            if full {
                last_full = Instant::now();
            }
            let handle = app.clone();
            let _ = tauri::async_runtime::spawn_blocking(move || run(&handle, full)).await;
        }
    });
}

fn run(app: &AppHandle, full: bool) {
    let state = app.state::<AppState>();
    let Ok(store) = state.store() else {
        return;
    };
    // The day's IP retention and backup, for an app left open across midnight (each once a
    // day at most; the addresses go first, so the backup does not keep them).
    if full {
        crate::clear_old_addresses(store);
        if let Err(err) = readerdesk_core::backups::daily(store) {
            tracing::warn!(code = err.code(), "the daily backup failed");
        }
    }
    let cancel = AtomicBool::new(false);
    let mut done = HashSet::new();
    if full {
        for id in sites::sites_to_sync(store, false).unwrap_or_default() {
            once(&state, &id, SyncKind::Both, &cancel);
            done.insert(id);
        }
    }
    for id in sites::sites_to_sync(store, true).unwrap_or_default() {
        if !done.contains(&id) {
            once(&state, &id, SyncKind::PushOnly, &cancel);
        }
    }
}

fn once(state: &AppState, site_id: &str, kind: SyncKind, cancel: &AtomicBool) {
    let Ok(store) = state.store() else {
        return;
    };
    match sites::sync(store, &state.secrets, site_id, kind, cancel, &mut |_| {}) {
        Ok(report) => {
            if let Some(error) = report.error {
                tracing::warn!(code = %error.code, "background sync stopped early");
            }
        }
        Err(err) => tracing::warn!(code = err.code(), "background sync failed"),
    }
}
