//! The log a person can send when something goes wrong: one file in the OS log folder
//! (`~/.local/state/readerdesk/readerdesk.log` on Linux; READERDESK_LOG_DIR elsewhere), rotated
//! at 2 MB with three older files kept. What goes in says what the app did (open, migrate,
//! imports, exports, backups, syncs: counts and codes) and every error code returned to the
//! window, never what people wrote or who they are: no comment text, names, e-mails, IP
//! addresses, amounts tied to a person, file contents or passwords. The diagnostics text
//! (Settings → Copy diagnostics, `readerdesk diagnostics`) gathers versions, counts, the last
//! errors and the log's path.
use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use readerdesk_core::Store;

const MAX_BYTES: u64 = 2 * 1024 * 1024;
const KEEP: usize = 3;
const FILE: &str = "readerdesk.log";

/// The folder the log goes in.
pub fn folder() -> PathBuf {
    if let Some(dir) = std::env::var_os("READERDESK_LOG_DIR") {
        return PathBuf::from(dir);
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("readerdesk")
}

pub fn path() -> PathBuf {
    folder().join(FILE)
}

/// The log file, rotated by size: readerdesk.log, .1, .2, .3.
struct Rotating {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

fn open_append(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

impl Rotating {
    fn rotate(&self) -> std::io::Result<File> {
        for n in (1..KEEP).rev() {
            let from = self.path.with_extension(format!("log.{n}"));
            if from.exists() {
                std::fs::rename(&from, self.path.with_extension(format!("log.{}", n + 1)))?;
            }
        }
        std::fs::rename(&self.path, self.path.with_extension("log.1"))?;
        open_append(&self.path)
    }

    fn write_line(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut guard = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(open_append(&self.path)?);
        }
        let too_big = guard
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .is_some_and(|m| m.len() >= MAX_BYTES);
        if too_big {
            *guard = Some(self.rotate()?);
        }
        match guard.as_mut() {
            Some(file) => file.write_all(bytes),
            None => Ok(()),
        }
    }
}

struct Handle(&'static Rotating);

impl Write for Handle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_line(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts logging to the file (quietly doing nothing when the folder cannot be made).
pub fn init() {
    let dir = folder();
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    if builder.create(&dir).is_err() {
        return;
    }
    let sink: &'static Rotating = Box::leak(Box::new(Rotating {
        path: dir.join(FILE),
        file: Mutex::new(None),
    }));
    let _ = tracing_subscriber::fmt()
        .with_writer(move || Handle(sink))
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        "Readerdesk started"
    );
}

/// The last error codes returned to the window or the command line, with their times.
static LAST_ERRORS: Mutex<VecDeque<(String, String)>> = Mutex::new(VecDeque::new());

/// Notes an error code (never its message: messages can name people and files).
pub fn error(code: &str) {
    tracing::warn!(code, "command failed");
    let mut last = LAST_ERRORS.lock().unwrap_or_else(|p| p.into_inner());
    if last.len() >= 20 {
        last.pop_front();
    }
    last.push_back((readerdesk_core::time::now_stored(), code.to_owned()));
}

/// What a person pastes into a message when asking for help: versions, the database's size,
/// schema version and counts, connected sites and backups, the last errors and the log's path.
/// Counts and codes only: nothing anyone wrote.
pub fn diagnostics(db_path: &Path, store: Option<&Store>) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!("Readerdesk {}", env!("CARGO_PKG_VERSION")));
    line(format!(
        "System: {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    ));
    line(format!("SQLite: {}", readerdesk_core::rusqlite::version()));
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut wal = db_path.as_os_str().to_owned();
    wal.push("-wal");
    line(format!(
        "Database: {} ({:.1} MB, write-ahead log {:.1} MB)",
        db_path.display(),
        size(db_path) as f64 / 1_048_576.0,
        size(Path::new(&wal)) as f64 / 1_048_576.0
    ));
    match store {
        Some(store) => match readerdesk_core::newsroom::stats(store) {
            Ok(stats) => {
                line(format!("Schema version: {}", stats.schema_version));
                line(format!(
                    "Comments: {} (pending {}, approved {}, rejected {}, spam {}, trash {})",
                    stats.comments.total,
                    stats.comments.pending,
                    stats.comments.approved,
                    stats.comments.rejected,
                    stats.comments.spam,
                    stats.comments.trash
                ));
                line(format!(
                    "Articles: {}, authors: {}, decisions: {}, donations: {}, campaigns: {}, imports: {}",
                    stats.articles,
                    stats.authors,
                    stats.decisions,
                    stats.donations,
                    stats.campaigns.len(),
                    stats.imports
                ));
            }
            Err(err) => line(format!("Counts: unavailable [{}]", err.code())),
        },
        None => line("Database: not open (see the error screen)".to_owned()),
    }
    if let Some(store) = store {
        if let Ok(overview) = readerdesk_core::sites::overview(store) {
            line(format!(
                "Connected sites: {}; decisions waiting {}, failed {}, in conflict {}",
                overview.sites, overview.waiting, overview.failed, overview.conflicts
            ));
        }
        if let Ok(list) = readerdesk_core::backups::list(store) {
            line(format!(
                "Backups: {}{}",
                list.len(),
                list.first()
                    .map(|b| format!(", newest {} ({})", b.when, b.reason))
                    .unwrap_or_default()
            ));
        }
    }
    let last = LAST_ERRORS.lock().unwrap_or_else(|p| p.into_inner());
    if last.is_empty() {
        line("Last errors: none since the app started".to_owned());
    } else {
        line("Last errors (UTC, code):".to_owned());
        for (at, code) in last.iter().rev() {
            line(format!("  {at} {code}"));
        }
    }
    line(format!("Log: {}", path().display()));
    out
}
