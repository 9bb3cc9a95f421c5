//! Copying the write-ahead log into the database file (a checkpoint) on a thread of its own,
//! with its own connection. SQLite would otherwise do it inside whichever commit crosses its
//! threshold: a moderator's decision could wait behind megabytes an import wrote, and an
//! import would copy its hottest pages again at every chunk. A passive checkpoint runs beside
//! readers and the writer without blocking them.
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::open::{self, Role};

/// How often at most a checkpoint runs: a burst of decisions makes one, not one each.
const AT_MOST_EVERY: Duration = Duration::from_millis(250);

pub(super) struct Checkpointer {
    wake: SyncSender<()>,
    thread: JoinHandle<()>,
}

impl Checkpointer {
    /// `jobs`: chunked jobs running, which checkpoint themselves (the thread then waits).
    pub(super) fn start(path: &Path, jobs: Arc<AtomicUsize>) -> Checkpointer {
        let (wake, woken) = mpsc::sync_channel(1);
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || run(&path, &woken, &jobs))
            .unwrap_or_else(|err| {
                // Without the thread, the writer's own automatic checkpoints do the work.
                tracing::warn!(%err, "no checkpoint thread");
                std::thread::spawn(|| {})
            });
        Checkpointer { wake, thread }
    }

    /// Asks for a checkpoint soon (one already asked for covers this one).
    pub(super) fn wake(&self) {
        match self.wake.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
        }
    }

    /// Ends the thread after a last checkpoint.
    pub(super) fn stop(self) {
        drop(self.wake);
        let _ = self.thread.join();
    }
}

fn run(path: &Path, woken: &Receiver<()>, jobs: &AtomicUsize) {
    let mut conn = None;
    while woken.recv().is_ok() {
        std::thread::sleep(AT_MOST_EVERY);
        // Coalesce the wakes that came while it slept.
        while woken.try_recv().is_ok() {}
        if jobs.load(Ordering::Acquire) > 0 {
            continue; // the job's end wakes it again
        }
        if conn.is_none() {
            conn = open::connect(path, Role::Checkpointer)
                .inspect_err(|err| tracing::warn!(code = err.code(), "no checkpoint connection"))
                .ok();
        }
        if let Some(conn) = &conn {
            if let Err(err) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(%err, "checkpoint failed; the next one retries");
            }
        }
    }
}
