//! Store access for comments: inserting them (the FTS index follows by trigger) and reading an
//! article's comments for its thread.
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::ids;
use crate::model::{CommentKind, Status};

pub struct NewComment<'a> {
    pub source: &'a str,
    pub external_id: &'a str,
    pub article_id: &'a str,
    pub parent_id: Option<&'a str>,
    pub author_id: Option<&'a str>,
    pub author_name: &'a str,
    pub author_email: Option<&'a str>,
    pub author_url: Option<&'a str>,
    pub author_ip: Option<&'a str>,
    pub body: &'a str,
    pub kind: CommentKind,
    pub created_at: &'a str,
    pub received_at: &'a str,
    pub status: Status,
    pub site_status: Option<&'a str>,
    /// JSON array of {"code", "detail"}: why the comment was held on arrival.
    pub hold_reasons: &'a str,
    pub import_id: Option<&'a str>,
}

/// The key a comment from `source` with `external_id` has (or will have).
pub fn key(source: &str, external_id: &str) -> String {
    ids::from_source("comments", source, external_id)
}

/// Inserts the comment unless the source already gave it to us. Returns its key and whether
/// it was new.
pub fn insert(conn: &Connection, comment: &NewComment) -> Result<(String, bool)> {
    let id = key(comment.source, comment.external_id);
    let link_count = count_links(comment.body);
    // Cached: imports insert comments by the hundred thousand.
    let mut stmt = conn.prepare_cached(
        "INSERT INTO comments (
             id, seq, source, external_id, article_id, parent_id, author_id, author_name,
             author_email, author_url, author_ip, body, kind, created_at, received_at,
             initial_status, status, site_status, link_count, import_id, hold_reasons,
             priority)
         VALUES (?1, (SELECT IFNULL(MAX(seq), 0) + 1 FROM comments), ?2, ?3, ?4, ?5, ?6, ?7,
                 ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, ?18, ?19,
                 json_array_length(?19) * 10
                 + min(9, COALESCE((SELECT bad_count FROM authors WHERE id = ?6), 0)))
         ON CONFLICT (source, external_id) DO NOTHING",
    )?;
    let inserted = stmt.execute(params![
        id,
        comment.source,
        comment.external_id,
        comment.article_id,
        comment.parent_id,
        comment.author_id,
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.author_ip,
        comment.body,
        comment.kind.as_str(),
        comment.created_at,
        comment.received_at,
        comment.status.as_str(),
        comment.site_status,
        link_count,
        comment.import_id,
        comment.hold_reasons
    ])?;
    Ok((id, inserted == 1))
}

/// The temporary table (on the writer's connection) where a chunk of an import waits for its
/// one INSERT … SELECT: SQLite writes a set of rows into the comments' indexes and full-text
/// index many times faster than row by row, where every statement opens a statement journal
/// and makes FTS5 flush its pending terms.
const STAGE: &str = "CREATE TEMP TABLE IF NOT EXISTS staged_comments (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, external_id TEXT NOT NULL,
    article_id TEXT NOT NULL, parent_id TEXT, author_id TEXT, author_name TEXT NOT NULL,
    author_email TEXT, author_url TEXT, author_ip TEXT, body TEXT NOT NULL, kind TEXT NOT NULL,
    created_at TEXT NOT NULL, received_at TEXT NOT NULL, status TEXT NOT NULL,
    site_status TEXT, link_count INTEGER NOT NULL, import_id TEXT, hold_reasons TEXT NOT NULL,
    flag_id TEXT, flag TEXT)";

/// Starts a chunk: an empty stage, and the seq its first comment will have.
pub fn begin_stage(conn: &Connection) -> Result<i64> {
    conn.execute_batch(STAGE)?;
    conn.prepare_cached("DELETE FROM temp.staged_comments")?
        .execute([])?;
    Ok(conn
        .prepare_cached("SELECT IFNULL(MAX(seq), 0) + 1 FROM comments")?
        .query_row([], |row| row.get(0))?)
}

/// Stages one comment of the chunk at `seq`, with the rules' flag (its reason) if they raised one.
pub fn stage(conn: &Connection, seq: i64, comment: &NewComment, flag: Option<&str>) -> Result<()> {
    let id = key(comment.source, comment.external_id);
    let flag_id = flag.map(|_| ids::new_v7());
    conn.prepare_cached(
        "INSERT INTO temp.staged_comments (seq, id, source, external_id, article_id, parent_id,
             author_id, author_name, author_email, author_url, author_ip, body, kind, created_at,
             received_at, status, site_status, link_count, import_id, hold_reasons, flag_id, flag)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
        seq,
        id,
        comment.source,
        comment.external_id,
        comment.article_id,
        comment.parent_id,
        comment.author_id,
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.author_ip,
        comment.body,
        comment.kind.as_str(),
        comment.created_at,
        comment.received_at,
        comment.status.as_str(),
        comment.site_status,
        count_links(comment.body),
        comment.import_id,
        comment.hold_reasons,
        flag_id,
        flag,
    ])?;
    Ok(())
}

/// Moves the staged chunk into the comments, hidden (status 'importing', to land in their
/// `initial_status` when the import publishes them) or not, with the rules' flags and the
/// reasons the queue filters on. A comment the newsroom already has is left as it is.
pub fn insert_staged(conn: &Connection, hidden: bool) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO comments (
             id, seq, source, external_id, article_id, parent_id, author_id, author_name,
             author_email, author_url, author_ip, body, kind, created_at, received_at,
             initial_status, status, site_status, link_count, import_id, hold_reasons, priority)
         SELECT s.id, s.seq, s.source, s.external_id, s.article_id, s.parent_id, s.author_id,
                s.author_name, s.author_email, s.author_url, s.author_ip, s.body, s.kind,
                s.created_at, s.received_at, s.status,
                CASE WHEN ?1 THEN 'importing' ELSE s.status END, s.site_status, s.link_count,
                s.import_id, s.hold_reasons,
                json_array_length(s.hold_reasons) * 10
                + min(9, COALESCE((SELECT bad_count FROM authors a WHERE a.id = s.author_id), 0))
         FROM temp.staged_comments s WHERE true ORDER BY s.seq
         ON CONFLICT (source, external_id) DO NOTHING",
    )?
    .execute([hidden])?;
    // Only for the comments that went in (a repeat within the file was left out).
    conn.prepare_cached(
        "INSERT INTO flags (id, comment_id, reason, source, at)
         SELECT s.flag_id, s.id, s.flag, 'rules', s.received_at
         FROM temp.staged_comments s JOIN comments c ON c.seq = s.seq AND c.id = s.id
         WHERE s.flag IS NOT NULL",
    )?
    .execute([])?;
    let held: Vec<String> = conn
        .prepare_cached(
            "SELECT s.id FROM temp.staged_comments s
             JOIN comments c ON c.seq = s.seq AND c.id = s.id
             WHERE s.hold_reasons <> '[]' OR s.flag IS NOT NULL",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in held {
        super::queue::refresh_reasons(conn, &id)?;
    }
    Ok(())
}

/// Counts the web links a reader put in a body (schemes and bare www. hosts).
pub fn count_links(body: &str) -> i64 {
    let lower = body.to_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .map(|needle| lower.matches(needle).count())
        .sum::<usize>()
        .saturating_sub(lower.matches("://www.").count()) as i64
}

pub struct CommentRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub author_name: String,
    pub body: String,
    pub kind: CommentKind,
    pub status: Status,
    pub created_at: String,
    pub link_count: i64,
    pub open_flags: i64,
}

/// An article's comments in arrival order, at most `limit` (the caller asks one more than it
/// shows, to know whether there are more).
pub fn for_article(conn: &Connection, article_id: &str, limit: i64) -> Result<Vec<CommentRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, parent_id, author_name, body, kind, status, created_at, link_count, open_flags
         FROM comments WHERE article_id = ?1
         ORDER BY created_at, seq LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![article_id, limit])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let kind: String = row.get(4)?;
        let status: String = row.get(5)?;
        out.push(CommentRow {
            parent_id: row.get(1)?,
            author_name: row.get(2)?,
            body: row.get(3)?,
            kind: super::queue::parse(&id, "kind", &kind)?,
            status: super::queue::parse(&id, "status", &status)?,
            created_at: row.get(6)?,
            link_count: row.get(7)?,
            open_flags: row.get(8)?,
            id,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_are_counted_once_each() {
        assert_eq!(super::count_links("no links here"), 0);
        assert_eq!(
            super::count_links("see https://www.example.org and www.x.com"),
            2
        );
        assert_eq!(super::count_links("HTTP://A.B http://c.d"), 2);
    }
}
