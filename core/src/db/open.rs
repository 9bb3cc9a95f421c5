//! Opening a database file safely: look before touching (header, Readerdesk mark, schema version,
//! integrity) so that a file we must refuse is left byte-for-byte as it was, then set the
//! connection PRAGMAs in this one place for every connection the app makes.
use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::migrate;
use crate::error::{CoreError, Result};

/// `PRAGMA application_id` of every Readerdesk database ("RDSK").
pub const APPLICATION_ID: i64 = 0x5244_534B;
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What a look at the file found, before anything was written to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// No file, or an empty one: a new newsroom.
    New,
    /// A Readerdesk database at this schema version (possibly older than ours).
    Readerdesk { user_version: i64 },
}

/// Reads the file without writing to it and decides whether it may be opened.
///
/// Refusals that the 100-byte header can decide (not SQLite, another program's database, a
/// newer schema) are decided from the header alone, so SQLite never touches such a file. Only
/// a Readerdesk database (or one with a live WAL beside it, whose header may be stale) is
/// opened read-only for the integrity check; side files that check creates are removed again
/// if the file is refused.
pub(crate) fn inspect(path: &Path, integrity: Integrity) -> Result<Found> {
    let io_err = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Found::New),
        Err(err) => return Err(io_err(err)),
    };
    let len = file.metadata().map_err(io_err)?.len();
    if len == 0 {
        return Ok(Found::New);
    }
    let mut header = [0u8; 100];
    let read = read_up_to(&mut file, &mut header).map_err(io_err)?;
    drop(file);
    if read < header.len() || &header[..16] != SQLITE_HEADER {
        return Err(CoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    let wal = sidecar(path, "-wal");
    let shm = sidecar(path, "-shm");
    let live_wal = fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false);
    if !live_wal {
        let word = |at: usize| {
            i64::from(i32::from_be_bytes([
                header[at],
                header[at + 1],
                header[at + 2],
                header[at + 3],
            ]))
        };
        let found = decide(path, word(68), word(60), word(40) != 0)?;
        if found == Found::New {
            return Ok(found);
        }
    }
    let had = (wal.exists(), shm.exists());
    let result = check_with_sqlite(path, integrity);
    if result.is_err() {
        for (side, existed) in [(&wal, had.0), (&shm, had.1)] {
            if !existed {
                let _ = fs::remove_file(side);
            }
        }
    }
    result
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    std::path::PathBuf::from(name)
}

/// The verdict on a database from its application id, user version and whether it has a schema.
fn decide(path: &Path, application_id: i64, user_version: i64, has_schema: bool) -> Result<Found> {
    if application_id != APPLICATION_ID {
        if application_id == 0 && user_version == 0 && !has_schema {
            return Ok(Found::New);
        }
        return Err(CoreError::NotReaderdesk {
            path: path.to_path_buf(),
        });
    }
    if user_version > migrate::LATEST {
        return Err(CoreError::TooNew {
            path: path.to_path_buf(),
            found: user_version,
            supported: migrate::LATEST,
        });
    }
    Ok(Found::Readerdesk { user_version })
}

/// When the full integrity check (`quick_check`, seconds on a big file) runs: before the store
/// opens, or later, beside the window's first screens (`Store::check_integrity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    Now,
    Later,
}

fn check_with_sqlite(path: &Path, integrity: Integrity) -> Result<Found> {
    let open_err = |source| CoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    // Only SQLite's own verdict of damage is reported as corruption; a busy or unreadable
    // file is an open error.
    let classify = |what: &str, err: rusqlite::Error| match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            CoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("{what}: {err}"),
            }
        }
        _ => open_err(err),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
    let pragma = |name: &str| -> Result<i64> {
        conn.pragma_query_value(None, name, |row| row.get::<_, i64>(0))
            .map_err(|err| classify(&format!("reading {name}"), err))
    };
    let application_id = pragma("application_id")?;
    let user_version = pragma("user_version")?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(|err| classify("reading the schema", err))?;
    let found = decide(path, application_id, user_version, objects > 0)?;
    if found == Found::New || integrity == Integrity::Later {
        return Ok(found);
    }
    quick_check(&conn).map_err(|detail| CoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    })?;
    Ok(found)
}

/// The full integrity check of a file that is (or may be) open, on a connection of its own.
pub(crate) fn verify(path: &Path) -> Result<()> {
    let open_err = |source| CoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
    quick_check(&conn).map_err(|detail| CoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    })
}

/// `PRAGMA quick_check`, reporting the first few problems it lists.
fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA quick_check(5)")
        .map_err(|err| format!("quick_check could not run: {err}"))?;
    let lines = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|err| format!("quick_check could not run: {err}"))?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        Err(lines.join("; "))
    }
}

fn read_up_to(file: &mut fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The writer's page cache, in KiB (see `configure`).
pub(crate) const WRITER_CACHE_KIB: i64 = 65_536;
/// How much of the file the writer and the readers map (see `configure`).
pub(crate) const MAP_BYTES: i64 = 67_108_864;
/// The writer's page cache while it writes a chunk of a long job, in KiB (`Store::write_chunk`).
pub(crate) const CHUNK_CACHE_KIB: i64 = 32_768;

/// Prepared statements each connection keeps (see `configure`).
const STATEMENT_CACHE: usize = 256;

/// Which side of the single-writer rule a connection is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Writer,
    Reader,
    /// Copies the write-ahead log into the file (`checkpoint`); writes nothing else.
    Checkpointer,
    /// Reads the whole file, or much of it, once (a backup, an import's checks), then is
    /// closed.
    Copier,
}

/// Opens one connection with the PRAGMAs every Readerdesk connection has.
pub(crate) fn connect(path: &Path, role: Role) -> Result<Connection> {
    let flags = match role {
        Role::Writer => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        Role::Reader | Role::Copier => OpenFlags::SQLITE_OPEN_READ_ONLY,
        Role::Checkpointer => OpenFlags::SQLITE_OPEN_READ_WRITE,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let open_err = |source| CoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
    configure(&conn, role).map_err(open_err)?;
    Ok(conn)
}

fn configure(conn: &Connection, role: Role) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if role == Role::Writer {
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(%mode, "SQLite refused WAL mode; readers may wait for writers");
        }
    }
    // FULL: a decision or a donation, once acknowledged, survives a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // SQLite's default 2 MiB page cache thrashes on a million comments' indexes; a desktop
    // can spare 64 MiB for the writer (imports) and 16 MiB per reader.
    let cache_kib = match role {
        Role::Writer => WRITER_CACHE_KIB,
        Role::Reader => 16_384,
        Role::Checkpointer | Role::Copier => 1_024,
    };
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Reads map the first 64 MiB of the file instead of copying pages through the cache (the
    // hot indexes). 256 MiB measured no faster at a million comments and cost ~150 MB more of
    // the app's memory (docs/BENCHMARKS.md).
    // The checkpointer and the copier pass every page through once: no map to keep (a map
    // they had touched whole would stay in the app's memory).
    let mmap = match role {
        Role::Checkpointer | Role::Copier => 0,
        Role::Writer | Role::Reader => MAP_BYTES,
    };
    conn.pragma_update(None, "mmap_size", mmap)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Plans never depend on bound values: without this SQLite marks a statement stale whenever
    // a value it looked at while planning is bound again (`c.status = ?` against the partial
    // Flagged indexes), and prepares it anew on every queue page (a sixth of a page's time).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // rusqlite keeps 16 prepared statements by default; a moderator's round (queue pages under
    // their filters and orders, the card, counts, search) uses more, and each miss prepares
    // anew (a twentieth of a queue page at a million comments).
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    if role == Role::Writer {
        // The checkpoint thread copies the log into the file (`checkpoint`), not the commits.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    }
    if role == Role::Writer {
        // Readers' personal data that is cleared or erased must not linger in the file's free
        // space: deleted content is zeroed where that costs no extra I/O.
        conn.pragma_update(None, "secure_delete", "FAST")?;
    }
    Ok(())
}
