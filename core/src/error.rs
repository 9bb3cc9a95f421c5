//! The core's one error type. Every variant has a stable `code()` that the IPC boundary and the
//! CLI pass on unchanged, so the window and scripts can tell failures apart without parsing text.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{path} is not a SQLite database: its first bytes are not the SQLite file header. Readerdesk left it untouched; choose a Readerdesk database or a new file name.")]
    NotSqlite { path: PathBuf },

    #[error("{path} is a SQLite database of another program (it has tables but no Readerdesk mark). Readerdesk left it untouched; choose a Readerdesk database or a new file name.")]
    NotReaderdesk { path: PathBuf },

    #[error("{path} was written by a newer Readerdesk (schema version {found}; this version knows up to {supported}). It was left untouched: update Readerdesk to open it.")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{path} failed SQLite's integrity check ({detail}). It was left untouched: restore it from a backup, or open another file.")]
    Corrupt { path: PathBuf, detail: String },

    #[error("could not read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("could not open {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("migration {version} ({name}) failed, nothing was changed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    #[error("could not back up {path} before upgrading it: {source}")]
    Backup {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error(
        "the newsroom in {path} already has data; the demo is only built into an empty database"
    )]
    NotEmpty { path: PathBuf },

    #[error("{0}")]
    Forbidden(String),

    #[error("the import was cancelled; nothing was written")]
    Cancelled,

    #[error("{what} was not found")]
    NotFound { what: String },

    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    #[error("stored data is corrupt: {table} row {id}, field {field}: {message}")]
    CorruptRow {
        table: &'static str,
        id: String,
        field: &'static str,
        message: String,
    },

    /// A connected site could not be reached or refused us; `code` is one of the stable
    /// `site_*` codes (see `crate::sites::SiteFailure`).
    #[error("{message}")]
    Site { code: &'static str, message: String },

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl CoreError {
    /// Stable machine-readable code; never change one that has shipped.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::NotSqlite { .. } => "db_not_sqlite",
            CoreError::NotReaderdesk { .. } => "db_not_readerdesk",
            CoreError::TooNew { .. } => "db_too_new",
            CoreError::Corrupt { .. } => "db_corrupt",
            CoreError::Io { .. } => "io",
            CoreError::Open { .. } => "db_open",
            CoreError::Migration { .. } => "db_migration",
            CoreError::Backup { .. } => "db_backup",
            CoreError::NotEmpty { .. } => "not_empty",
            CoreError::Forbidden(_) => "forbidden",
            CoreError::Cancelled => "cancelled",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Invalid { .. } => "invalid",
            CoreError::CorruptRow { .. } => "corrupt_row",
            CoreError::Site { code, .. } => code,
            CoreError::Sqlite(_) => "db",
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
