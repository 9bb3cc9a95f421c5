//! The documented column set of CSV and JSON comment files, and how one row becomes an article
//! and a comment. Shared by `comments_csv` and `comments_json`.
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `comment_id` | yes | the source's id of the comment |
//! | `article_id` | yes | the source's id of the article it is under |
//! | `article_title`, `article_url` | no | the article (the title defaults to its id) |
//! | `parent_id` | no | the comment it replies to (empty or 0: none) |
//! | `author` | yes | the name shown |
//! | `email`, `ip`, `author_url` | no | as recorded |
//! | `created` | yes | RFC 3339 (`2026-11-01T09:00:00Z`) or `YYYY-MM-DD HH:MM:SS` in UTC |
//! | `status` | no | pending, approved, rejected, spam, trash (or 1 / 0); empty: pending |
//! | `kind` | no | comment, pingback or trackback; empty: comment |
//! | `body` | yes | the comment, as plain text |
use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{Item, SourceArticle, SourceComment};
use crate::model::{CommentKind, Status};
use crate::skip::Skip;
use crate::time;

pub const COLUMNS: &[&str] = &[
    "comment_id",
    "article_id",
    "article_title",
    "article_url",
    "parent_id",
    "author",
    "email",
    "ip",
    "author_url",
    "created",
    "status",
    "kind",
    "body",
];

pub const REQUIRED: &[&str] = &["comment_id", "article_id", "author", "created", "body"];

/// One row, by column name; absent and empty cells are `None`.
#[derive(Debug, Default, Clone)]
pub struct Row {
    pub line: u64,
    pub values: std::collections::HashMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.values
            .get(column)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// The site a file is from, for keying its rows: the host of the first article URL.
pub fn site_of(row: &Row, format: &str) -> String {
    let host = row.get("article_url").and_then(|url| {
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())
    });
    match host {
        Some(host) => format!("{format}:{}", host.to_lowercase()),
        None => format!("{format}:unknown-site"),
    }
}

fn parse_created(text: &str) -> Option<String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(time::to_stored(at.with_timezone(&Utc)));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|at| time::to_stored(at.and_utc()))
}

fn parse_status(text: Option<&str>) -> Option<(Status, String)> {
    let raw = text.unwrap_or("pending").to_owned();
    let status = match raw.to_lowercase().as_str() {
        "pending" | "0" | "hold" => Status::Pending,
        "approved" | "1" | "approve" => Status::Approved,
        "rejected" => Status::Rejected,
        "spam" => Status::Spam,
        "trash" | "deleted" => Status::Trash,
        _ => return None,
    };
    Some((status, raw))
}

/// The items one row gives: its article the first time that article is seen, then the
/// comment; or a skip naming the first bad field.
pub fn items(row: &Row, seen: &mut HashSet<String>) -> Vec<Item> {
    let id = row.get("comment_id").unwrap_or("?").to_owned();
    let skip = |field: &str, reason: String| {
        vec![Item::Skipped(Skip {
            line: row.line,
            record: format!("comment {id}"),
            field: field.to_owned(),
            reason,
        })]
    };
    for column in REQUIRED {
        if row.get(column).is_none() {
            return skip(column, format!("{column} is empty"));
        }
    }
    let Some(created_at) = row.get("created").and_then(parse_created) else {
        return skip(
            "created",
            format!(
                "{:?} is not a time (2026-11-01T09:00:00Z or 2026-11-01 09:00:00)",
                row.get("created").unwrap_or("")
            ),
        );
    };
    let Some((status, site_status)) = parse_status(row.get("status")) else {
        return skip(
            "status",
            format!(
                "{:?} is not one of pending, approved, rejected, spam, trash",
                row.get("status").unwrap_or("")
            ),
        );
    };
    let kind = match row.get("kind").map(str::to_lowercase).as_deref() {
        None | Some("comment") => CommentKind::Comment,
        Some("pingback") => CommentKind::Pingback,
        Some("trackback") => CommentKind::Trackback,
        Some(other) => {
            return skip(
                "kind",
                format!("{other:?} is not one of comment, pingback, trackback"),
            )
        }
    };
    let article = row.get("article_id").unwrap_or_default().to_owned();
    let mut out = Vec::with_capacity(2);
    if seen.insert(article.clone()) {
        out.push(Item::Article(SourceArticle {
            external_id: article.clone(),
            title: row.get("article_title").unwrap_or(&article).to_owned(),
            url: row.get("article_url").map(str::to_owned),
            published_at: None,
        }));
    }
    let body = row
        .values
        .get("body")
        .map(String::as_str)
        .unwrap_or_default()
        .to_owned();
    out.push(Item::Comment(SourceComment {
        external_id: id,
        article_external_id: article,
        parent_external_id: row
            .get("parent_id")
            .filter(|p| *p != "0")
            .map(str::to_owned),
        author_name: row.get("author").unwrap_or("Anonymous").to_owned(),
        author_email: row.get("email").map(str::to_owned),
        author_url: row.get("author_url").map(str::to_owned),
        author_ip: row.get("ip").map(str::to_owned),
        created_at,
        body,
        status,
        site_status,
        kind,
        line: row.line,
    }));
    out
}
