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
