//! Taking comments in from the exports real sites produce. Each format's reader streams the
//! file into `Item`s (articles, comments, and records it had to skip, with why); the shared
//! pipeline (`comments`) writes them in one transaction, idempotently, routing each comment by
//! its author's trust, and records the import.
pub mod comments;
pub mod comments_csv;
pub mod comments_json;
pub mod disqus;
#[cfg(test)]
mod generated;
pub mod rows;
pub mod wxr;
mod xml;

use crate::error::Result;
use crate::model::{CommentKind, Status};
use crate::skip::Skip;

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
