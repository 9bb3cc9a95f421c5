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
