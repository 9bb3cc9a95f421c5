//! The audit view of the decisions log: who did what to which comment, when, on which device;
//! filtered, paged, and exported as CSV.
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, moderation::AuditFilter, Store};
use crate::error::{CoreError, Result};
use crate::model::Action;
use crate::settings;
use crate::spreadsheet::cell;
use crate::time;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditQuery {
    pub moderator_id: Option<String>,
    pub action: Option<Action>,
    /// Days (YYYY-MM-DD) in the newsroom's time zone, both included.
    pub from_day: Option<String>,
    pub to_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    pub at_display: String,
    pub moderator: String,
    pub device_id: String,
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub comment_id: String,
    pub author_name: String,
    pub article_title: String,
    pub batch_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// (at, id) of the last entry, to ask for the next page.
    pub next: Option<(String, String)>,
}

fn filter(conn: &rusqlite::Connection, query: &AuditQuery) -> Result<AuditFilter> {
    let zone = settings::zone(conn)?;
    let (after, before) = time::day_span(zone, query.from_day.as_deref(), query.to_day.as_deref())?;
    Ok(AuditFilter {
        moderator_id: query.moderator_id.clone().filter(|m| !m.is_empty()),
        action: query.action,
        after,
        before,
    })
}

fn entry(row: db::moderation::AuditRow, zone: chrono_tz::Tz) -> Result<AuditEntry> {
    let at = time::parse_stored("decision at", &row.at)?;
    Ok(AuditEntry {
        at_display: time::display(at, zone),
        id: row.id,
        at: row.at,
        moderator: row.moderator,
        device_id: row.device_id,
        action: row.action,
        from_status: row.from_status,
        to_status: row.to_status,
        reason: row.reason,
        note: row.note,
        comment_id: row.comment_id,
        author_name: row.author_name,
        article_title: row.article_title,
        batch_id: row.batch_id,
    })
}

pub fn page(
    store: &Store,
    query: &AuditQuery,
    before: Option<(String, String)>,
    limit: u32,
) -> Result<AuditPage> {
    let limit = i64::from(limit.clamp(1, 500));
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let filter = filter(conn, query)?;
        let bound = before.as_ref().map(|(at, id)| (at.as_str(), id.as_str()));
        let mut rows = db::moderation::audit(conn, &filter, bound, limit + 1)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next = if more {
            rows.last().map(|r| (r.at.clone(), r.id.clone()))
        } else {
            None
        };
        Ok(AuditPage {
            entries: rows
                .into_iter()
                .map(|row| entry(row, zone))
                .collect::<Result<_>>()?,
            next,
        })
    })
}

/// Where an export went and how many rows it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditExport {
    pub path: String,
    pub rows: i64,
}

/// Writes every decision matching `query` to `path` as CSV (UTF-8, header row), newest first.
/// Returns how many rows were written. The file is written whole or not at all.
pub fn export_csv(store: &Store, query: &AuditQuery, path: &Path) -> Result<i64> {
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let whole = crate::files::WholeFile::create(path)?;
    let file = whole.file()?;
    // Every cell quoted: a spreadsheet that splits on ';' (many European locales) still
    // sees one cell, and formula-like starts are defused below.
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(std::io::BufWriter::new(file));
    let csv_err = |err: csv::Error| CoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(err.to_string()),
    };
    writer
        .write_record([
            "time_utc",
            "time_local",
            "moderator",
            "device",
            "action",
            "from",
            "to",
            "reason",
            "note",
            "comment_id",
            "author",
            "article",
            "batch",
        ])
        .map_err(csv_err)?;
    let mut written = 0i64;
    let mut before = None;
    loop {
        let page = page(store, query, before.take(), 500)?;
        for e in &page.entries {
            writer
                .write_record([
                    e.at.as_str(),
                    &e.at_display,
                    &cell(&e.moderator),
                    &e.device_id,
                    &e.action,
                    &e.from_status,
                    &e.to_status,
                    &cell(e.reason.as_deref().unwrap_or("")),
                    &cell(e.note.as_deref().unwrap_or("")),
                    &e.comment_id,
                    &cell(&e.author_name),
                    &cell(&e.article_title),
                    &e.batch_id,
                ])
                .map_err(csv_err)?;
            written += 1;
        }
        match page.next {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    writer.flush().map_err(io)?;
    drop(writer);
    whole.commit()?;
    Ok(written)
}
