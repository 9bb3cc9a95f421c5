//! Store access for the record of imports, and the lookups an import makes as it writes.
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::ids;

pub fn start(
    conn: &Connection,
    id: &str,
    kind: &str,
    format: &str,
    file_name: &str,
    sha256: &str,
    started_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO imports (id, kind, format, file_name, sha256, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, kind, format, file_name, sha256, started_at],
    )?;
    Ok(())
}

pub fn finish(
    conn: &Connection,
    id: &str,
    records: i64,
    imported: i64,
    skipped: i64,
    errors_json: &str,
    finished_at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE imports SET records = ?2, imported = ?3, skipped = ?4, errors = ?5, finished_at = ?6
         WHERE id = ?1",
        params![id, records, imported, skipped, errors_json, finished_at],
    )?;
    Ok(())
}

pub fn article_exists(conn: &Connection, source: &str, external_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .exists([ids::from_source("articles", source, external_id)])?)
}

pub fn comment_exists(conn: &Connection, source: &str, external_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM comments WHERE id = ?1")?
        .exists([super::comments::key(source, external_id)])?)
}

/// The site's own state of a comment we already have; our status is not touched.
pub fn refresh_site_status(conn: &Connection, comment_id: &str, site_status: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE comments SET site_status = ?2 WHERE id = ?1 AND site_status IS NOT ?2",
    )?
    .execute([comment_id, site_status])?;
    Ok(())
}

/// New comments of this import whose parent is not in the database: (key, source's id).
pub fn orphans(conn: &Connection, import_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.external_id FROM comments c
         WHERE c.import_id = ?1 AND c.parent_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM comments p WHERE p.id = c.parent_id)
         ORDER BY c.seq",
    )?;
    let rows = stmt
        .query_map([import_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes back a comment this same import wrote (it never reached anyone: the import's
/// transaction is still open). Refuses anything older.
pub fn remove_new_comment(conn: &Connection, id: &str, import_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM comment_reasons WHERE seq = (SELECT seq FROM comments WHERE id = ?1 AND import_id = ?2)")?
        .execute([id, import_id])?;
    conn.prepare_cached("DELETE FROM comments WHERE id = ?1 AND import_id = ?2")?
        .execute([id, import_id])?;
    Ok(())
}

/// (status, count) of the comments an import added.
pub fn new_comments_by_status(
    conn: &Connection,
    import_id: &str,
) -> Result<Vec<(crate::model::Status, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM comments WHERE import_id = ?1 GROUP BY status",
    )?;
    let mut rows = stmt.query([import_id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let status: String = row.get(0)?;
        out.push((
            super::queue::parse(import_id, "status", &status)?,
            row.get(1)?,
        ));
    }
    Ok(out)
}

pub struct ImportRow {
    pub id: String,
    pub kind: String,
    pub format: String,
    pub file_name: String,
    pub records: i64,
    pub imported: i64,
    pub skipped: i64,
    pub errors: String,
    pub started_at: String,
    pub finished_at: Option<String>,
}

/// Imports, newest first.
pub fn list(conn: &Connection, limit: i64) -> Result<Vec<ImportRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, format, file_name, records, imported, skipped, errors, started_at,
                finished_at
         FROM imports ORDER BY started_at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit], |row| {
            Ok(ImportRow {
                id: row.get(0)?,
                kind: row.get(1)?,
                format: row.get(2)?,
                file_name: row.get(3)?,
                records: row.get(4)?,
                imported: row.get(5)?,
                skipped: row.get(6)?,
                errors: row.get(7)?,
                started_at: row.get(8)?,
                finished_at: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
