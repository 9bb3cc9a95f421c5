//! Store access for the newsroom's counts (Settings page, `readerdesk stats`).
use rusqlite::Connection;

use crate::error::Result;

pub struct Counts {
    /// (status, comments) for every status that has comments.
    pub comments_by_status: Vec<(String, i64)>,
    pub articles: i64,
    pub authors: i64,
    pub moderators: i64,
    pub decisions: i64,
    pub donors: i64,
    pub donations: i64,
    pub campaigns: i64,
    pub imports: i64,
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    // The live counts the triggers keep (a scan of every comment took 130 ms at a million).
    let mut stmt = conn.prepare(
        "SELECT queue, n FROM queue_counts WHERE queue <> 'flagged' AND n > 0 ORDER BY queue",
    )?;
    let comments_by_status = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let count = |table: &str| -> Result<i64> {
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })?,
        )
    };
    Ok(Counts {
        comments_by_status,
        articles: count("articles")?,
        authors: count("authors")?,
        moderators: conn.query_row(
            "SELECT count(*) FROM moderators WHERE id <> 'rules'",
            [],
            |row| row.get(0),
        )?,
        decisions: count("decisions")?,
        donors: count("donors")?,
        donations: count("donations")?,
        campaigns: count("campaigns")?,
        imports: count("imports")?,
    })
}

/// True when the newsroom holds nothing a person made or imported.
pub fn is_empty(conn: &Connection) -> Result<bool> {
    let any: i64 = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM comments)
             OR EXISTS (SELECT 1 FROM campaigns) OR EXISTS (SELECT 1 FROM donations)
             OR EXISTS (SELECT 1 FROM moderators WHERE id <> 'rules')",
        [],
        |row| row.get(0),
    )?;
    Ok(any == 0)
}

/// Comments, decisions and donations: what a backup holds, and whether there is anything.
pub fn holdings(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM comments WHERE status <> 'importing'),
                (SELECT count(*) FROM decisions),
                (SELECT count(*) FROM donations)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?)
}
