//! Taking comments in from the exports real sites produce. Each format's reader streams the
//! file into `Item`s (articles, comments, and records it had to skip, with why); the shared
//! pipeline (`comments`) writes them in one transaction, idempotently, routing each comment by
//! its author's trust, and records the import.
pub mod comments;
pub mod comments_csv;
pub mod comments_json;
pub mod disqus;
pub mod rows;
pub mod wxr;
mod xml;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::model::{CommentKind, Status};

/// An article as the source describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceArticle {
    pub external_id: String,
    pub title: String,
    pub url: Option<String>,
    /// Stored form (UTC, RFC 3339 with microseconds), see `crate::time::to_stored`.
    pub published_at: Option<String>,
}

/// A comment as the source describes it; parent and article are the source's own ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceComment {
    pub external_id: String,
    pub article_external_id: String,
    pub parent_external_id: Option<String>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    pub author_ip: Option<String>,
    /// Stored form (UTC).
    pub created_at: String,
    /// Plain text exactly as written (the window shows it as text).
    pub body: String,
    /// Where it lands here (before trust routing).
    pub status: Status,
    /// The state the site reported, kept beside ours ("1", "0", "spam", "trash", ...).
    pub site_status: String,
    pub kind: CommentKind,
    /// The line of the file where the record starts (for reports).
    pub line: u64,
}

/// A record the reader could not take, and why (file line, record id, field, reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Skip {
    pub line: u64,
    pub record: String,
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Which site the export is from (first item): keys imported rows, so a newer export of
    /// the same site updates nothing a moderator decided and adds only what is new.
    Site(String),
    Article(SourceArticle),
    Comment(SourceComment),
    Skipped(Skip),
}

/// A format reader: a stream of items; an `Err` means the document itself is broken (not
/// well-formed XML, an unknown CSV header) and nothing may be written.
pub type Items<'a> = Box<dyn Iterator<Item = Result<Item>> + 'a>;

/// What a file dropped on the window (or named on the command line) holds, as far as its
/// first bytes tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Identified {
    pub file_name: String,
    /// "comments" or "donations".
    pub what: String,
    pub format: String,
}

/// Names what `path` holds, or says why it is not something Readerdesk imports.
pub fn identify(path: &std::path::Path) -> Result<Identified> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if path.is_dir() {
        return Err(crate::error::CoreError::invalid(
            "file",
            format!("{file_name} is a folder; drop one export file"),
        ));
    }
    let header = csv_header(path);
    if let Some(format) = header
        .as_deref()
        .and_then(crate::fundraising::import::detect)
    {
        return Ok(Identified {
            file_name,
            what: "donations".into(),
            format: format.as_str().into(),
        });
    }
    match comments::detect(path) {
        Ok(format) => Ok(Identified {
            file_name,
            what: "comments".into(),
            format: format.as_str().into(),
        }),
        // A CSV neither side recognizes: most likely a payment list whose columns need mapping.
        Err(_) if header.as_ref().is_some_and(|h| h.len() >= 2) && is_csv(path) => Ok(Identified {
            file_name,
            what: "donations".into(),
            format: "generic".into(),
        }),
        Err(err) => Err(err),
    }
}

fn is_csv(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
}

/// The first row of a CSV file, if it reads as one.
fn csv_header(path: &std::path::Path) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .ok()?;
    let header = reader.headers().ok()?;
    Some(
        header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
    )
}
