//! The window's commands, one file per area. Each parses its arguments, calls one core
//! function and maps the error; no SQL and no logic live here.
pub mod app;
pub mod backups;
pub mod charts;
pub mod fundraising;
pub mod imports;
pub mod moderation;
pub mod rules;
pub mod sites;
