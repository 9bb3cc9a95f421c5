//! The rows a comment export writes: every comment with its article and its parent's source
//! id, article by article, oldest first, read on one snapshot so the file is consistent.
use rusqlite::Connection;

use crate::error::Result;

/// One comment as an export writes it: the source's own ids, so a site can match them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub article_key: String,
    pub article_source: String,
    pub article_external_id: String,
    pub article_title: String,
    pub article_url: Option<String>,
    pub article_published_at: Option<String>,
    pub source: String,
    pub external_id: String,
    pub parent_source: Option<String>,
    pub parent_external_id: Option<String>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    pub author_ip: Option<String>,
    pub body: String,
    pub kind: String,
    pub created_at: String,
    pub status: String,
    pub site_status: Option<String>,
}

/// The sources (sites) that comments came from, with how many each, for choosing an export.
pub fn sources(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT a.source, COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id
         WHERE c.status <> 'importing'
         GROUP BY a.source ORDER BY a.source",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Calls `each` for every comment (of one site's articles when `source` is given), grouped by
/// article in the order articles arrived, oldest comment first within each.
pub fn for_each(
    conn: &Connection,
    source: Option<&str>,
    mut each: impl FnMut(ExportRow) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.source, a.external_id, a.title, a.url, a.published_at,
                c.source, c.external_id, p.source, p.external_id,
                c.author_name, c.author_email, c.author_url, c.author_ip, c.body, c.kind,
                c.created_at, c.status, c.site_status
         FROM comments c
         JOIN articles a ON a.id = c.article_id
         LEFT JOIN comments p ON p.id = c.parent_id
         WHERE (?1 IS NULL OR a.source = ?1) AND c.status <> 'importing'
         ORDER BY a.rowid, c.created_at, c.seq",
    )?;
    let mut rows = stmt.query([source])?;
    while let Some(r) = rows.next()? {
        each(ExportRow {
            article_key: r.get(0)?,
            article_source: r.get(1)?,
            article_external_id: r.get(2)?,
            article_title: r.get(3)?,
            article_url: r.get(4)?,
            article_published_at: r.get(5)?,
            source: r.get(6)?,
            external_id: r.get(7)?,
            parent_source: r.get(8)?,
            parent_external_id: r.get(9)?,
            author_name: r.get(10)?,
            author_email: r.get(11)?,
            author_url: r.get(12)?,
            author_ip: r.get(13)?,
            body: r.get(14)?,
            kind: r.get(15)?,
            created_at: r.get(16)?,
            status: r.get(17)?,
            site_status: r.get(18)?,
        })?;
    }
    Ok(())
}
