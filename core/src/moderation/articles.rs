//! Articles as the moderation sidebar lists them.
use serde::Serialize;
use ts_rs::TS;

use crate::db::{self, Store};
use crate::error::Result;
use crate::settings;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ArticleSummary {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub published_at: Option<String>,
    /// The publication time in the newsroom's time zone.
    pub published_display: Option<String>,
    pub comments: i64,
    pub pending: i64,
}

/// The newest `limit` articles.
pub fn list(store: &Store, limit: i64) -> Result<Vec<ArticleSummary>> {
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        db::newsroom::list_articles(conn, limit)?
            .into_iter()
            .map(|row| summary(row, zone))
            .collect()
    })
}

pub(crate) fn summary(
    row: db::newsroom::ArticleRow,
    zone: chrono_tz::Tz,
) -> Result<ArticleSummary> {
    let published_display = row
        .published_at
        .as_deref()
        .map(|at| time::parse_stored("published_at", at).map(|at| time::display(at, zone)))
        .transpose()?;
    Ok(ArticleSummary {
        id: row.id,
        title: row.title,
        url: row.url,
        published_at: row.published_at,
        published_display,
        comments: row.comments,
        pending: row.pending,
    })
}
