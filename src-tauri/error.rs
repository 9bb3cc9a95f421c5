//! The one error type that crosses IPC: a stable `code` and a human `message`, nothing else.
use readerdesk_core::CoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// Stable, for code: "db_not_sqlite", "db_too_new", "not_found", ...
    pub code: String,
    /// For people: what happened, to which file or row, and what to do next.
    pub message: String,
}

impl CommandError {
    /// Every error made here is returned to the window or the command line: its code (never
    /// its message, which can name people and files) goes to the log.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        crate::logging::error(code);
        CommandError {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<CoreError> for CommandError {
    fn from(err: CoreError) -> Self {
        CommandError::new(err.code(), err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The window and scripts match on these exact shapes; changing one is a breaking change.
    #[test]
    fn errors_serialize_to_code_and_message_only() {
        let err: CommandError = CoreError::NotSqlite {
            path: PathBuf::from("/tmp/letter.db"),
        }
        .into();
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"code":"db_not_sqlite","message":"/tmp/letter.db is not a SQLite database: its first bytes are not the SQLite file header. Readerdesk left it untouched; choose a Readerdesk database or a new file name."}"#
        );
        let err: CommandError = CoreError::TooNew {
            path: PathBuf::from("/data/rd.db"),
            found: 9,
            supported: 1,
        }
        .into();
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({
                "code": "db_too_new",
                "message": "/data/rd.db was written by a newer Readerdesk (schema version 9; this version knows up to 1). It was left untouched: update Readerdesk to open it."
            })
        );
        let err: CommandError = CoreError::NotFound {
            what: "article x".into(),
        }
        .into();
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"code":"not_found","message":"article x was not found"}"#
        );
    }
}
