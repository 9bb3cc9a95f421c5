//! Backups through SQLite's online backup API (never a file copy of a live database).
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;

use crate::error::{CoreError, Result};

/// Copies the database to `<file>.v<version>-<UTC time>.bak` beside it, before a migration.
pub(crate) fn before_migration(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "readerdesk.db".to_owned());
    let dest = path.with_file_name(format!("{file_name}.v{version}-{stamp}.bak"));
    copy(conn, path, &dest)?;
    Ok(dest)
}

pub(crate) fn copy(conn: &Connection, source_path: &Path, dest: &Path) -> Result<()> {
    let backup_err = |source| CoreError::Backup {
        path: source_path.to_path_buf(),
        source,
    };
    let mut target = Connection::open(dest).map_err(backup_err)?;
    let backup = Backup::new(conn, &mut target).map_err(backup_err)?;
    backup
        .run_to_completion(256, Duration::from_millis(5), None)
        .map_err(backup_err)?;
    Ok(())
}

/// Copies the database file at `source` (a backup) into the live database behind `target`
/// through the backup API: one write transaction, so readers see the old or the new newsroom,
/// never a mix, and a crash midway leaves the old one.
pub(crate) fn restore_into(target: &mut Connection, source: &Path) -> Result<()> {
    let backup_err = |err| CoreError::Backup {
        path: source.to_path_buf(),
        source: err,
    };
    let from = Connection::open_with_flags(
        source,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(backup_err)?;
    let backup = Backup::new(&from, target).map_err(backup_err)?;
    backup
        .run_to_completion(256, Duration::from_millis(5), None)
        .map_err(backup_err)?;
    Ok(())
}

/// SQLite's verdict on a database file (`PRAGMA integrity_check`): "ok", or what is wrong.
pub(crate) fn integrity(path: &Path) -> Result<String> {
    let open_err = |source| CoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open_err)?;
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(open_err)?;
    Ok(rows.join("; "))
}

/// Comments, decisions and donations a database file holds, read without writing to it.
pub(crate) fn contents(path: &Path) -> Result<(i64, i64, i64)> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| CoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    super::stats::holdings(&conn)
}
