//! The ledger rows fundraising metrics are computed from: a campaign's gifts (assigned to it by
//! hand, or unassigned and inside its window), the whole ledger over a span (for donor-level
//! numbers such as retention), donors' first gifts, and exchange rates.
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// One ledger row as the metrics need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftRow {
    pub id: String,
    pub donor_id: Option<String>,
    pub kind: String,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub currency: String,
    pub converted_minor: Option<i64>,
    pub converted_currency: Option<String>,
    pub occurred_at: String,
    pub payments_per_year: Option<i64>,
}

const COLUMNS: &str = "id, donor_id, kind, gross_minor, fee_minor, currency, converted_minor,
                       converted_currency, occurred_at, payments_per_year";

fn gift_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GiftRow> {
    Ok(GiftRow {
        id: r.get(0)?,
        donor_id: r.get(1)?,
        kind: r.get(2)?,
        gross_minor: r.get(3)?,
        fee_minor: r.get(4)?,
        currency: r.get(5)?,
        converted_minor: r.get(6)?,
        converted_currency: r.get(7)?,
        occurred_at: r.get(8)?,
        payments_per_year: r.get(9)?,
    })
}

/// A campaign's rows in [start, end): assigned to it by hand, or unassigned and in its window.
pub fn campaign_rows(
    conn: &Connection,
    campaign_id: &str,
    window: (&str, &str),
    span: (&str, &str),
) -> Result<Vec<GiftRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM donations
         WHERE campaign_id = ?1 AND occurred_at >= ?4 AND occurred_at < ?5
         UNION ALL
         SELECT {COLUMNS} FROM donations
         WHERE campaign_id IS NULL AND occurred_at >= max(?2, ?4) AND occurred_at < min(?3, ?5)"
    ))?;
    let rows = stmt.query_map(
        params![campaign_id, window.0, window.1, span.0, span.1],
        gift_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every ledger row in [start, end), whatever its campaign.
pub fn all_rows(conn: &Connection, start: &str, end: &str) -> Result<Vec<GiftRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM donations WHERE occurred_at >= ?1 AND occurred_at < ?2"
    ))?;
    let rows = stmt.query_map(params![start, end], gift_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A donor's name and first gift.
pub type DonorFacts = (Option<String>, Option<String>);

/// Donors' names and first gifts, by key.
pub fn donors(conn: &Connection) -> Result<HashMap<String, DonorFacts>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, first_gift_at FROM donors")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The rate for base → quote on `day` (YYYY-MM-DD), or the latest before it.
pub fn rate_on(conn: &Connection, base: &str, quote: &str, day: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT rate FROM exchange_rates WHERE base = ?1 AND quote = ?2 AND on_date <= ?3
             ORDER BY on_date DESC LIMIT 1",
        )?
        .query_row(params![base, quote, day], |r| r.get(0))
        .optional()?)
}

/// The rate kept for base → quote on exactly `day`, if any.
pub fn rate_exact(conn: &Connection, base: &str, quote: &str, day: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT rate FROM exchange_rates WHERE base = ?1 AND quote = ?2 AND on_date = ?3",
        )?
        .query_row(params![base, quote, day], |r| r.get(0))
        .optional()?)
}

pub fn set_rate(
    conn: &Connection,
    base: &str,
    quote: &str,
    day: &str,
    rate: &str,
    source: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO exchange_rates (base, quote, on_date, rate, source) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (base, quote, on_date) DO UPDATE SET rate = excluded.rate,
                                                         source = excluded.source",
        params![base, quote, day, rate, source],
    )?;
    Ok(())
}

/// (base, quote, day, rate, source).
pub type RateRow = (String, String, String, String, String);

/// Every rate, newest first.
pub fn rates(conn: &Connection) -> Result<Vec<RateRow>> {
    let mut stmt = conn.prepare(
        "SELECT base, quote, on_date, rate, source FROM exchange_rates
         ORDER BY on_date DESC, base, quote",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Comments per UTC hour and status in [start, end) (optionally under some articles only):
/// (hour as "YYYY-MM-DDTHH", status, count). Hours, not days, so the caller can group them
/// into the newsroom's own days.
pub fn comment_hours(
    conn: &Connection,
    start: &str,
    end: &str,
    articles: Option<&[String]>,
) -> Result<Vec<(String, String, i64)>> {
    let articles_json = articles
        .map(serde_json::to_string)
        .transpose()
        .map_err(|err| crate::error::CoreError::invalid("articles", err.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT substr(created_at, 1, 13), status, COUNT(*) FROM comments
         WHERE created_at >= ?1 AND created_at < ?2 AND status <> 'importing'
           AND (?3 IS NULL OR article_id IN (SELECT value FROM json_each(?3)))
         GROUP BY 1, 2",
    )?;
    let rows = stmt.query_map(params![start, end, articles_json], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Articles' titles by key (for naming a chart's scope).
pub fn article_titles(conn: &Connection, ids: &[String]) -> Result<Vec<String>> {
    let json = serde_json::to_string(ids)
        .map_err(|err| crate::error::CoreError::invalid("articles", err.to_string()))?;
    let mut stmt = conn.prepare(
        "SELECT title FROM articles WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY title",
    )?;
    let rows = stmt.query_map([json], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
