//! readerdesk-core: everything Readerdesk knows and does, with no UI dependency. The desktop
//! shell and the CLI call into it; its tests run without a display.
pub mod backups;
pub mod charts;
pub(crate) mod chunks;
pub mod db;
pub mod demo;
pub mod erasure;
pub mod error;
pub mod export;
pub mod filekind;
pub mod files;
pub mod fundraising;
pub mod ids;
pub mod import;
pub mod model;
pub mod moderation;
pub mod newsroom;
pub mod person;
pub mod privacy;
pub mod roles;
pub mod rules;
pub mod settings;
pub mod sites;
pub mod skip;
pub mod spreadsheet;
pub mod time;

pub use db::Store;
pub use error::{CoreError, Result};

/// The SQLite binding the store is built on, for tests and tools that inspect files directly.
pub use rusqlite;
