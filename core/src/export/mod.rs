//! Giving comments back: the newsroom's comments, with our current statuses, as WordPress WXR
//! (which a site can apply and Readerdesk can import again), or as CSV and JSON in the same
//! documented column set the importers read (docs/IMPORT.md).
//!
//! Ids are the source's own, so a site can match what it sent. An export that spans several
//! sites prefixes every id with the site's number in the export ("2:417"), because two sites
//! may use the same ids.
//!
//! Files are written next to their destination and renamed into place at the end, so a
//! failed export never leaves half a file under the chosen name.
mod comments_csv;
mod comments_json;
mod comments_wxr;

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::export::ExportRow;
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::moderation::moderators::Moderator;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Wxr,
    Csv,
    Json,
}

impl ExportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Wxr => "wxr",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Wxr => "xml",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    pub fn parse(text: &str) -> Result<ExportFormat> {
        match text.trim().to_lowercase().as_str() {
            "wxr" | "xml" => Ok(ExportFormat::Wxr),
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            other => Err(CoreError::Invalid {
                field: "format".into(),
                message: format!("{other:?} is not an export format (wxr, csv or json)"),
            }),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportSummary {
    pub path: String,
    pub format: ExportFormat,
    pub articles: i64,
    pub comments: i64,
    /// Characters XML 1.0 cannot carry (control characters), written as U+FFFD in a WXR file.
    pub replaced_characters: i64,
}

/// A site comments came from, for choosing what to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportSource {
    pub source: String,
    pub comments: i64,
}

pub fn sources(store: &Store) -> Result<Vec<ExportSource>> {
    store.read(|conn| {
        Ok(db::export::sources(conn)?
            .into_iter()
            .map(|(source, comments)| ExportSource { source, comments })
            .collect())
    })
}

/// One comment ready to write: the row, with ids as the file names them.
pub(crate) struct Out<'a> {
    pub row: &'a ExportRow,
    pub article_id: String,
    pub comment_id: String,
    pub parent_id: Option<String>,
}

/// The writer of one format.
pub(crate) trait Sink {
    /// Called for every comment, articles in order (`new_article` true at each article's first).
    fn comment(&mut self, out: &Out<'_>, new_article: bool) -> std::io::Result<()>;
    fn finish(&mut self) -> std::io::Result<()>;
    fn replaced(&self) -> i64 {
        0
    }
}

/// Writes every comment (of `source` only, when given) to `path` in `format`, as `who` may
/// see them: readers' e-mail and IP are left out for those who may not see them (editors).
pub fn export_comments(
    store: &Store,
    who: &Moderator,
    format: ExportFormat,
    path: &Path,
    source: Option<&str>,
) -> Result<ExportSummary> {
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let whole = crate::files::WholeFile::create(path)?;
    let summary = store.read(|conn| {
        let all: Vec<String> = db::export::sources(conn)?
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let sources: Vec<String> = all
            .iter()
            .filter(|s| source.is_none_or(|only| only == s.as_str()))
            .cloned()
            .collect();
        if let Some(only) = source {
            if sources.is_empty() {
                return Err(CoreError::Invalid {
                    field: "site".into(),
                    message: format!(
                        "no comments came from {only:?}; the newsroom's sites are: {}",
                        if all.is_empty() {
                            "none yet".to_string()
                        } else {
                            all.join(", ")
                        }
                    ),
                });
            }
        }
        let writer = std::io::BufWriter::with_capacity(1 << 16, whole.file()?);
        let site = match sources.as_slice() {
            [one] => site_name(one),
            _ => "Readerdesk export".to_string(),
        };
        let mut sink: Box<dyn Sink> = match format {
            ExportFormat::Wxr => Box::new(
                comments_wxr::Writer::new(writer, &site, crate::settings::zone(conn)?)
                    .map_err(io)?,
            ),
            ExportFormat::Csv => Box::new(comments_csv::Writer::new(writer).map_err(io)?),
            ExportFormat::Json => Box::new(comments_json::Writer::new(writer).map_err(io)?),
        };
        let qualify = sources.len() > 1;
        let number = |s: &str| sources.iter().position(|x| x == s).map_or(0, |i| i + 1);
        let id = |src: &str, id: &str| {
            if qualify {
                format!("{}:{id}", number(src))
            } else {
                id.to_string()
            }
        };
        let (mut articles, mut comments) = (0i64, 0i64);
        let mut last_article = String::new();
        let contact = who.sees_reader_contact();
        db::export::for_each(conn, source, |mut row| {
            // Readers' e-mail and IP leave the app only with those who may see them.
            if !contact {
                row.author_email = None;
                row.author_ip = None;
            }
            let new_article = row.article_key != last_article;
            if new_article {
                articles += 1;
                last_article.clone_from(&row.article_key);
            }
            comments += 1;
            let out = Out {
                article_id: id(&row.article_source, &row.article_external_id),
                comment_id: id(&row.source, &row.external_id),
                parent_id: match (&row.parent_source, &row.parent_external_id) {
                    (Some(s), Some(p)) => Some(id(s, p)),
                    _ => None,
                },
                row: &row,
            };
            sink.comment(&out, new_article).map_err(io)
        })?;
        sink.finish().map_err(io)?;
        Ok(ExportSummary {
            path: path.display().to_string(),
            format,
            articles,
            comments,
            replaced_characters: sink.replaced(),
        })
    })?;
    // On an error `whole` is dropped: the target is untouched and nothing is left behind.
    whole.commit()?;
    tracing::info!(
        format = format.as_str(),
        comments = summary.comments,
        articles = summary.articles,
        "comments exported"
    );
    Ok(summary)
}

/// The site's own name from a source key ("wxr:https://example.com" → "https://example.com").
fn site_name(source: &str) -> String {
    source
        .split_once(':')
        .map(|(_, rest)| rest)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(source)
        .to_string()
}

pub(crate) fn flush<W: Write>(writer: &mut W) -> std::io::Result<()> {
    writer.flush()
}
