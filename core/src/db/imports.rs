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

/// Where a chunked import is: 'writing' (its comments hidden), 'publishing' or 'done'.
pub fn set_state(conn: &Connection, id: &str, state: &str) -> Result<()> {
    conn.prepare_cached("UPDATE imports SET state = ?2 WHERE id = ?1")?
        .execute([id, state])?;
    Ok(())
}

/// Imports that did not finish (the app stopped during them): (id, state).
pub fn unfinished(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, state FROM imports WHERE state <> 'done' ORDER BY started_at, id",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Records that this import created the author (so that its rollback takes the author back).
pub fn claim_author(conn: &Connection, author_id: &str, import_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE authors SET import_id = ?2 WHERE id = ?1 AND import_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM comments WHERE author_id = ?1)",
    )?
    .execute([author_id, import_id])?;
    Ok(())
}

/// The site's state of a comment the newsroom already had, kept until the import publishes.
pub fn defer_site_status(
    conn: &Connection,
    import_id: &str,
    comment_id: &str,
    site_status: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_site_status (import_id, comment_id, site_status)
         SELECT ?1, ?2, ?3 WHERE EXISTS (
             SELECT 1 FROM comments WHERE id = ?2 AND site_status IS NOT ?3)
         ON CONFLICT (import_id, comment_id) DO UPDATE SET site_status = excluded.site_status",
    )?
    .execute([import_id, comment_id, site_status])?;
    Ok(())
}

/// Publishes up to `limit` of the import's hidden comments; returns how many it did.
pub fn publish_some(conn: &Connection, import_id: &str, limit: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE comments SET status = initial_status
             WHERE seq IN (SELECT seq FROM comments
                           WHERE status = 'importing' AND import_id = ?1 ORDER BY seq LIMIT ?2)",
        )?
        .execute(params![import_id, limit])?)
}

/// Applies up to `limit` of the site states the import deferred; returns how many.
pub fn apply_site_status_some(conn: &Connection, import_id: &str, limit: i64) -> Result<usize> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT comment_id, site_status FROM import_site_status WHERE import_id = ?1
             ORDER BY comment_id LIMIT ?2",
        )?
        .query_map(params![import_id, limit], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (comment_id, site_status) in &rows {
        refresh_site_status(conn, comment_id, site_status)?;
        conn.prepare_cached(
            "DELETE FROM import_site_status WHERE import_id = ?1 AND comment_id = ?2",
        )?
        .execute([import_id, comment_id])?;
    }
    Ok(rows.len())
}

/// Takes back up to `limit` of the import's hidden comments (with the rules' flags on them and
/// their queue reasons); returns how many. Run with foreign keys unenforced: a reply may go
/// before its parent.
pub fn roll_back_some(conn: &Connection, import_id: &str, limit: i64) -> Result<usize> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS rolled_back (seq INTEGER PRIMARY KEY, id TEXT NOT NULL);
         DELETE FROM temp.rolled_back;",
    )?;
    let n = conn
        .prepare_cached(
            "INSERT INTO temp.rolled_back (seq, id)
             SELECT seq, id FROM comments WHERE status = 'importing' AND import_id = ?1
             ORDER BY seq LIMIT ?2",
        )?
        .execute(params![import_id, limit])?;
    conn.execute_batch(
        "DELETE FROM flags WHERE comment_id IN (SELECT id FROM temp.rolled_back);
         DELETE FROM comment_reasons WHERE seq IN (SELECT seq FROM temp.rolled_back);
         DELETE FROM comments WHERE seq IN (SELECT seq FROM temp.rolled_back);
         DELETE FROM temp.rolled_back;",
    )?;
    Ok(n)
}

/// Once its comments are gone: the authors and articles the import created that nothing else
/// uses, what it deferred, and its record. Whatever it created that is in use now (a site's
/// sync brought a comment for it meanwhile) stays, no longer marked as the import's.
pub fn forget(conn: &Connection, import_id: &str) -> Result<()> {
    // In this order: an author's banned addresses before the author, what is deleted before
    // what is only unmarked, the record last.
    const STEPS: [&str; 7] = [
        "DELETE FROM banned_addresses WHERE author_id IN (
             SELECT id FROM authors a WHERE a.import_id = ?1
               AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.author_id = a.id))",
        "DELETE FROM authors WHERE import_id = ?1
           AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.author_id = authors.id)",
        "UPDATE authors SET import_id = NULL WHERE import_id = ?1",
        "DELETE FROM articles WHERE import_id = ?1
           AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.article_id = articles.id)",
        "UPDATE articles SET import_id = NULL WHERE import_id = ?1",
        "DELETE FROM import_site_status WHERE import_id = ?1",
        "DELETE FROM imports WHERE id = ?1",
    ];
    for step in STEPS {
        conn.execute(step, [import_id])?;
    }
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
         WHERE c.status = 'importing' AND c.import_id = ?1 AND c.parent_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM comments p WHERE p.id = c.parent_id)
         ORDER BY c.seq",
    )?;
    let rows = stmt
        .query_map([import_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes back a comment this same import wrote (still hidden: it never reached anyone), with
/// the rules' flag on it. Refuses anything older.
pub fn remove_new_comment(conn: &Connection, id: &str, import_id: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM flags WHERE comment_id = (
             SELECT id FROM comments WHERE id = ?1 AND import_id = ?2 AND status = 'importing')",
    )?
    .execute([id, import_id])?;
    conn.prepare_cached(
        "DELETE FROM comment_reasons WHERE seq = (
             SELECT seq FROM comments WHERE id = ?1 AND import_id = ?2 AND status = 'importing')",
    )?
    .execute([id, import_id])?;
    conn.prepare_cached(
        "DELETE FROM comments WHERE id = ?1 AND import_id = ?2 AND status = 'importing'",
    )?
    .execute([id, import_id])?;
    Ok(())
}

/// (status, count) of the comments an import added, before it publishes them.
pub fn new_comments_by_status(
    conn: &Connection,
    import_id: &str,
) -> Result<Vec<(crate::model::Status, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT initial_status, count(*) FROM comments
         WHERE status = 'importing' AND import_id = ?1 GROUP BY initial_status",
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

/// Imports that finished, newest first (one still running is not history yet).
pub fn list(conn: &Connection, limit: i64) -> Result<Vec<ImportRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, format, file_name, records, imported, skipped, errors, started_at,
                finished_at
         FROM imports WHERE state = 'done' ORDER BY started_at DESC, id DESC LIMIT ?1",
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
