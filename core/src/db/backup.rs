//! Backups through SQLite's online backup API (never a file copy of a live database).
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use crate::error::{CoreError, Result};

/// Copies the database into the backups folder beside it before a migration
/// (`backups/readerdesk-<UTC time>-before-upgrade-v<version>.db`, listed and rotated with the
/// other backups), and checks the copy: one that fails `integrity_check` is deleted and the
/// migration does not run.
pub(crate) fn before_migration(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups");
    let mut folder = std::fs::DirBuilder::new();
    folder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
    folder.create(&dir).map_err(|source| CoreError::Io {
        path: dir.clone(),
        source,
    })?;
    let dest = dir.join(format!("readerdesk-{stamp}-before-upgrade-v{version}.db"));
    copy(conn, path, &dest)?;
    #[cfg(unix)]
    std::fs::set_permissions(&dest, std::os::unix::fs::PermissionsExt::from_mode(0o600)).map_err(
        |source| CoreError::Io {
            path: dest.clone(),
            source,
        },
    )?;
    let verdict = integrity(&dest)?;
    if verdict != "ok" {
        let _ = std::fs::remove_file(&dest);
        return Err(CoreError::Corrupt {
            path: dest,
            detail: format!("the backup before the upgrade failed its check: {verdict}"),
        });
    }
    Ok(dest)
}

pub(crate) fn copy(conn: &Connection, source_path: &Path, dest: &Path) -> Result<()> {
    let backup_err = |source| CoreError::Backup {
        path: source_path.to_path_buf(),
        source,
    };
    let mut target = Connection::open(dest).map_err(backup_err)?;
    let backup = Backup::new(conn, &mut target).map_err(backup_err)?;
    // Every page in one step, so in one read transaction: the copy is the newsroom as of one
    // moment, while writers go on beside it (in steps, a write by another connection between
    // two of them would start the copy over).
    // Busy or locked: another connection holds a lock the copy needs for a moment (SQLite's
    // busy handler does not cover the source of a backup). Ten seconds of that is an error.
    for _ in 0..2_000 {
        match backup.step(-1).map_err(backup_err)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    Err(backup_err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the newsroom stayed locked for ten seconds".into()),
    )))
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
