//! Opening a database file safely: look before touching (header, Readerdesk mark, schema version,
//! integrity) so that a file we must refuse is left byte-for-byte as it was, then set the
//! connection PRAGMAs in this one place for every connection the app makes.
use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

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
pub(crate) fn inspect(path: &Path) -> Result<Found> {
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
    let mut header = [0u8; 16];
    let read = read_up_to(&mut file, &mut header).map_err(io_err)?;
    if read < header.len() || &header != SQLITE_HEADER {
        return Err(CoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    drop(file);

    let corrupt = |detail: String| CoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| CoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let pragma = |name: &str| -> Result<i64> {
        conn.pragma_query_value(None, name, |row| row.get::<_, i64>(0))
            .map_err(|err| corrupt(format!("reading {name}: {err}")))
    };
    let application_id = pragma("application_id")?;
    let user_version = pragma("user_version")?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(|err| corrupt(format!("reading the schema: {err}")))?;

    if application_id != APPLICATION_ID {
        if objects == 0 && user_version == 0 {
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
    quick_check(&conn).map_err(corrupt)?;
    Ok(Found::Readerdesk { user_version })
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

/// Which side of the single-writer rule a connection is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Writer,
    Reader,
}

/// Opens one connection with the PRAGMAs every Readerdesk connection has.
pub(crate) fn connect(path: &Path, role: Role) -> Result<Connection> {
    let flags = match role {
        Role::Writer => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        Role::Reader => OpenFlags::SQLITE_OPEN_READ_ONLY,
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
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}
