//! The store: one SQLite file, one writer connection behind a mutex and a small pool of reader
//! connections, so a long write never blocks the queue. All SQL in the crate lives under this module.
pub mod addresses;
mod backup;
mod checkpoint;
pub mod comments;
pub mod decisions;
pub mod erasure;
pub mod export;
pub mod fundraising;
pub mod imports;
pub mod ledger;
pub mod metrics;
pub mod migrate;
pub mod moderation;
pub mod newsroom;
mod open;
pub mod person;
pub mod queue;
pub mod rules;
pub mod settings;
pub mod sites;
pub mod stats;

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::Result;
use open::{Found, Role};
pub use open::{Integrity, APPLICATION_ID};

/// Readers kept open between calls; more are opened on demand and dropped after use.
const IDLE_READERS: usize = 4;

pub struct Store {
    path: PathBuf,
    // Readers are declared (and so dropped) before the writer: the last connection to close
    // checkpoints the WAL into the main file, and only the writer can.
    readers: Mutex<Vec<Connection>>,
    writer: Mutex<Connection>,
    opened: OpenReport,
    /// Data derived from the database and rebuilt from it at will (the in-memory ledger),
    /// by key. Never the only copy of anything.
    derived: Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>,
    /// What the integrity check found wrong, once it has; every write is then refused.
    damage: Mutex<Option<String>>,
    /// Writes waiting for the writer: a long job that commits in chunks lets them in first.
    waiting: AtomicUsize,
    /// Copies the write-ahead log into the file on a thread of its own (see `checkpoint`).
    checkpointer: Mutex<Option<checkpoint::Checkpointer>>,
    /// Chunked jobs running (an import): they copy the log themselves meanwhile.
    jobs: Arc<AtomicUsize>,
}

/// A chunked job while it runs (`Store::chunked_job`).
pub(crate) struct ChunkedJob<'s> {
    store: &'s Store,
}

impl Drop for ChunkedJob<'_> {
    fn drop(&mut self) {
        self.store.jobs.fetch_sub(1, Ordering::AcqRel);
        self.store.wrote();
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // The checkpointer's last round ends before the connections close.
        if let Some(checkpointer) = relock(self.checkpointer.lock()).take() {
            checkpointer.stop();
        }
    }
}

/// What happened when the file was opened: for the Settings page and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    pub created: bool,
    pub migrated_from: Option<i64>,
    pub backup: Option<PathBuf>,
}

impl Store {
    /// Opens (or creates) the newsroom database at `path`. A file that is not a Readerdesk
    /// database, is from a newer version, or fails the integrity check is refused untouched.
    /// Before an existing database is migrated, a backup is written next to it.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Integrity::Now)
    }

    /// Like `open`, with the full integrity check now or left to `check_integrity` (the window
    /// runs it in the background: on a million comments it takes seconds). A file that must
    /// be migrated is always checked first: a damaged file is never upgraded.
    pub fn open_with(path: &Path, integrity: Integrity) -> Result<Store> {
        let _span = tracing::info_span!("open").entered();
        let found = open::inspect(path, integrity).inspect_err(|err| {
            tracing::warn!(code = err.code(), "the database was refused");
        })?;
        let mut report = OpenReport {
            created: found == Found::New,
            migrated_from: None,
            backup: None,
        };
        if let Found::Readerdesk { user_version } = found {
            if user_version < migrate::LATEST {
                if integrity == Integrity::Later {
                    open::verify(path)?;
                }
                // Copied before anything (even the journal mode) changes in the file.
                let reader = open::connect(path, Role::Reader)?;
                report.backup = Some(backup::before_migration(&reader, path, user_version)?);
                report.migrated_from = Some(user_version);
            }
        }
        owner_only(path)?;
        let mut writer = open::connect(path, Role::Writer)?;
        let from = migrate::apply(&mut writer)?;
        tracing::info!(
            created = report.created,
            schema_from = from,
            schema = migrate::LATEST,
            backup_before_upgrade = report.backup.is_some(),
            "database opened"
        );
        let jobs = Arc::new(AtomicUsize::new(0));
        Ok(Store {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            opened: report,
            derived: Mutex::new(HashMap::new()),
            damage: Mutex::new(None),
            waiting: AtomicUsize::new(0),
            checkpointer: Mutex::new(Some(checkpoint::Checkpointer::start(path, jobs.clone()))),
            jobs,
        })
    }

    /// SQLite's `quick_check` of the open file. Damage it finds is kept: every later write is
    /// refused with it, so nothing is built on a broken page.
    pub fn check_integrity(&self) -> Result<()> {
        let _span = tracing::info_span!("integrity_check").entered();
        let result = open::verify(&self.path);
        if let Err(crate::error::CoreError::Corrupt { detail, .. }) = &result {
            tracing::warn!("the integrity check found damage; writes are stopped");
            *relock(self.damage.lock()) = Some(detail.clone());
        }
        result
    }

    /// What the integrity check found wrong, if it did.
    pub fn damage(&self) -> Option<String> {
        relock(self.damage.lock()).clone()
    }

    /// Like `open`, but a missing or empty file is an error instead of a new newsroom
    /// (for commands that only read, so a typo does not create a database).
    pub fn open_existing(path: &Path) -> Result<Store> {
        let exists = std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if !exists {
            return Err(crate::error::CoreError::NotFound {
                what: format!("a newsroom database at {}", path.display()),
            });
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn open_report(&self) -> &OpenReport {
        &self.opened
    }

    /// Runs `f` in an IMMEDIATE transaction on the writer; commits if it returns Ok.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.writer()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        drop(conn);
        self.wrote();
        Ok(value)
    }

    /// `write` for one chunk of a long job (`chunks`): an import, its publishing or rollback,
    /// the IP retention. Foreign keys are unenforced, as an import's replies may come before
    /// their parents: the import itself checks that every parent came before it publishes
    /// anything (its rows are hidden until then).
    pub(crate) fn write_chunk<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.writer()?;
        conn.pragma_update(None, "foreign_keys", false)?;
        // A chunk need not be durable on its own: a power cut that loses it leaves the import
        // unfinished, and the next start rolls it back (or the addresses for the next day's
        // clearing, which is marked done only by a durable write after its last chunk). Write-ahead frames stay in order, so
        // the next durable commit (a decision's, the import's last) makes it durable too.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The chunk copies the log into the file itself when it has grown (SQLite's automatic
        // checkpoint, inside the chunk's turn): the checkpoint thread, a step behind a writer
        // that never pauses, would never let the log start over, and it would grow for the
        // whole import. (A checkpoint on a connection of the job's own, between chunks and
        // outside the writer, was tried: the log then never started over, at a million
        // comments it passed 15 GB. 16,384 pages here made the import 17 % faster but a
        // decision beside it waited up to 286 ms.)
        conn.pragma_update(None, "wal_autocheckpoint", 4096)?;
        // A long job passes over far more of the file than the daily path keeps warm, and
        // every page it touched stayed in the app's memory: the writer's whole cache and map
        // (with the readers' maps of the import's checks, now `read_apart`) grew the app by
        // 287 MiB during a million-comment import; with half the cache and no map, 175 MiB,
        // as fast (444 s against 439 s; 16 MiB was 8 % slower). The daily path gets both
        // back between chunks; the map refills as it reads.
        conn.pragma_update(None, "cache_size", -open::CHUNK_CACHE_KIB)?;
        conn.pragma_update(None, "mmap_size", 0)?;
        let result: Result<T> = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        let restored = conn
            .pragma_update(None, "synchronous", "FULL")
            .and_then(|()| conn.pragma_update(None, "wal_autocheckpoint", 0))
            .and_then(|()| conn.pragma_update(None, "foreign_keys", true))
            .and_then(|()| conn.pragma_update(None, "cache_size", -open::WRITER_CACHE_KIB))
            .and_then(|()| conn.pragma_update(None, "mmap_size", open::MAP_BYTES));
        drop(conn);
        self.wrote();
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Marks a job that writes in chunks (`write_chunk`) for as long as the guard lives: its
    /// chunks copy the log into the file themselves, and the checkpoint thread stays out of
    /// their way (a checkpoint running beside them keeps theirs from finishing, and the log
    /// never starts over).
    pub(crate) fn chunked_job(&self) -> ChunkedJob<'_> {
        self.jobs.fetch_add(1, Ordering::AcqRel);
        ChunkedJob { store: self }
    }

    /// After a commit: the checkpointer copies the log into the file soon, off the writer.
    fn wrote(&self) {
        if let Some(checkpointer) = relock(self.checkpointer.lock()).as_ref() {
            checkpointer.wake();
        }
    }

    /// Whether another write is waiting for the writer (a chunked job yields to it).
    pub(crate) fn writes_waiting(&self) -> bool {
        self.waiting.load(Ordering::Acquire) > 0
    }

    /// Lets the writes waiting for the writer go first, for up to `most` (the mutex is not
    /// fair: a job that takes it again at once could keep a decision waiting for chunks).
    pub(crate) fn let_waiting_writes_in(&self, most: std::time::Duration) {
        let started = std::time::Instant::now();
        while self.writes_waiting() && started.elapsed() < most {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
    }

    fn writer(&self) -> Result<MutexGuard<'_, Connection>> {
        if let Some(detail) = self.damage() {
            return Err(crate::error::CoreError::Corrupt {
                path: self.path.clone(),
                detail,
            });
        }
        self.waiting.fetch_add(1, Ordering::AcqRel);
        let conn = relock(self.writer.lock());
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        Ok(conn)
    }

    /// Runs `f` on a reader connection inside one read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = match relock(self.readers.lock()).pop() {
            Some(conn) => conn,
            None => open::connect(&self.path, Role::Reader)?,
        };
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let value = f(&tx)?;
            tx.finish()?;
            Ok(value)
        })();
        let mut idle = relock(self.readers.lock());
        if idle.len() < IDLE_READERS {
            idle.push(conn);
        }
        result
    }

    /// Derived data kept under `key`, if any (see `derived`).
    pub fn derived<T: Any + Send + Sync>(&self, key: &'static str) -> Option<Arc<T>> {
        relock(self.derived.lock())
            .get(key)
            .cloned()
            .and_then(|value| value.downcast::<T>().ok())
    }

    pub fn set_derived<T: Any + Send + Sync>(&self, key: &'static str, value: Arc<T>) {
        relock(self.derived.lock()).insert(key, value);
    }

    /// Forgets everything derived (after a change its fingerprint cannot see, an erasure).
    pub(crate) fn forget_derived(&self) {
        relock(self.derived.lock()).clear();
    }

    /// Rewrites the whole file without its free space (VACUUM) and empties the write-ahead log,
    /// so bytes of erased data are gone from both. Takes the writer for as long as it runs.
    pub fn compact(&self) -> Result<()> {
        let _span = tracing::info_span!("compact").entered();
        let conn = relock(self.writer.lock());
        empty_the_log(&conn)?;
        conn.execute_batch("VACUUM")?;
        empty_the_log(&conn)
    }

    /// `read` on a connection of its own, closed after, with a small cache and no map: for a
    /// one-off pass over a large part of the file (an import's checks of its own rows), whose
    /// pages would otherwise stay in a reader's cache and map, in the app's memory.
    pub(crate) fn read_apart<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = open::connect(&self.path, Role::Copier)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let value = f(&tx)?;
        tx.finish()?;
        Ok(value)
    }

    /// Writes a consistent copy of the live database to `dest` with SQLite's backup API.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        // A connection of its own, not the writer: a decision made during the daily backup of a
        // large newsroom lands at once instead of after the copy (tens of seconds at a million
        // comments), and the copy's pages do not stay in the writer's cache.
        let conn = open::connect(&self.path, Role::Copier)?;
        backup::copy(&conn, &self.path, dest)
    }

    /// Replaces the live newsroom with the database file at `source` (already checked by the
    /// caller), brings it to this version's schema, and forgets what was derived from the old.
    pub(crate) fn restore_from(&self, source: &Path) -> Result<()> {
        let mut conn = relock(self.writer.lock());
        backup::restore_into(&mut conn, source)?;
        migrate::apply(&mut conn)?;
        relock(self.derived.lock()).clear();
        *relock(self.damage.lock()) = None;
        // Idle readers would keep their statement caches of the old schema: open afresh.
        relock(self.readers.lock()).clear();
        Ok(())
    }
}

/// How long `compact` waits for a checkpoint or a reader in its way before it gives up.
const EMPTY_LOG_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Copies the whole write-ahead log into the file and empties it. `PRAGMA wal_checkpoint`
/// reports a checkpoint already running (the checkpoint thread's, woken by the last commit) or
/// a reader still on the log in its result row, not as an error: unchecked, the erased bytes
/// stayed in the file's old pages while the log held the new ones.
fn empty_the_log(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy == 0 {
            return Ok(());
        }
        if started.elapsed() > EMPTY_LOG_WAIT {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("the write-ahead log could not be emptied: another connection kept it".into()),
            )
            .into());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The newsroom holds readers' and donors' personal data: its file is readable only by its
/// owner. A new file is created so before SQLite opens it (SQLite gives its write-ahead log and
/// index the database file's permissions); an existing one, and its side files, are narrowed.
fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let io = |source| crate::error::CoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(io)?;
        }
        for side in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(side);
            let file = std::path::PathBuf::from(name);
            if let Ok(meta) = std::fs::metadata(&file) {
                if meta.permissions().mode() & 0o077 != 0 {
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                        .map_err(io)?;
                }
            }
        }
    }
    Ok(())
}

/// SQLite's verdict on a database file: "ok", or what is wrong.
pub fn integrity_check(path: &Path) -> Result<String> {
    backup::integrity(path)
}

/// Comments, decisions and donations in a database file, read without writing to it.
pub fn file_contents(path: &Path) -> Result<(i64, i64, i64)> {
    backup::contents(path)
}

/// Copies the database at `source` (a file no one has open) to `dest` with the backup API.
pub fn copy_file(source: &Path, dest: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(
        source,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|err| crate::error::CoreError::Open {
        path: source.to_path_buf(),
        source: err,
    })?;
    backup::copy(&conn, source, dest)
}

/// Whether the file may be opened as a newsroom (SQLite, Readerdesk's, not newer than this
/// version, passing the integrity check); the refusal says why. Nothing is written to it.
pub fn check_newsroom_file(path: &Path) -> Result<()> {
    match open::inspect(path, Integrity::Now)? {
        open::Found::New => Err(crate::error::CoreError::invalid(
            path.display().to_string(),
            "the file is empty: it holds no newsroom",
        )),
        open::Found::Readerdesk { .. } => Ok(()),
    }
}

impl Store {
    /// Gives back the memory a large job left behind: SQLite's page caches of the idle
    /// connections (they refill from the file as the window reads on) and the heap pages the
    /// job freed, which glibc would otherwise keep for the process.
    pub fn release_memory(&self) {
        let shrink = |conn: &Connection| {
            if let Err(err) = conn.execute_batch("PRAGMA shrink_memory") {
                tracing::debug!(%err, "a connection kept its page cache");
            }
        };
        // A busy writer keeps its cache: whoever holds it is using it.
        if let Ok(writer) = self.writer.try_lock() {
            shrink(&writer);
        }
        relock(self.readers.lock()).iter().for_each(shrink);
        trim_heap();
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    // SAFETY: malloc_trim only returns free heap pages to the system; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

/// A panic while a connection was borrowed rolls its transaction back on drop, so the
/// connection itself is still sound: take it back rather than fail every later call.
fn relock<T>(result: std::sync::LockResult<MutexGuard<'_, T>>) -> MutexGuard<'_, T> {
    result.unwrap_or_else(|poisoned| poisoned.into_inner())
}
