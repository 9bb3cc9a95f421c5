//! Store access for an access request: everything held about one person, as JSON rows built
//! by SQLite (`json_object`), with where each row came from.
use rusqlite::Connection;

use crate::error::Result;

fn rows(conn: &Connection, sql: &str, ids: &str) -> Result<Vec<serde_json::Value>> {
    let mut stmt = conn.prepare(sql)?;
    let texts = stmt
        .query_map([ids], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    texts
        .into_iter()
        .map(|text| {
            serde_json::from_str(&text).map_err(|err| crate::error::CoreError::CorruptRow {
                table: "person export",
                id: String::new(),
                field: "row",
                message: err.to_string(),
            })
        })
        .collect()
}

/// The reader's author records (`ids`: a JSON array of author ids).
pub fn authors(conn: &Connection, ids: &str) -> Result<Vec<serde_json::Value>> {
    rows(
        conn,
        "SELECT json_object('id', id, 'source', source, 'name', name, 'email', email,
                            'website', url, 'first_seen', first_seen_at, 'trust', trust)
         FROM authors WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY first_seen_at",
        ids,
    )
}

/// Their comments, with the article and where each came from (an import file or the site).
pub fn comments(conn: &Connection, ids: &str) -> Result<Vec<serde_json::Value>> {
    rows(
        conn,
        "SELECT json_object('id', c.id, 'written_at', c.created_at, 'status', c.status,
                   'name', c.author_name, 'email', c.author_email, 'website', c.author_url,
                   'ip', c.author_ip, 'text', c.body,
                   'article', json_object('title', a.title, 'url', a.url),
                   'came_from', json_object('source', c.source, 'id_there', c.external_id,
                        'import_file', i.file_name, 'import_format', i.format,
                        'imported_at', i.started_at))
         FROM comments c JOIN articles a ON a.id = c.article_id
         LEFT JOIN imports i ON i.id = c.import_id
         WHERE c.author_id IN (SELECT value FROM json_each(?1)) AND c.status <> 'importing'
         ORDER BY c.created_at",
        ids,
    )
}

/// The decisions on their comments, with the profile that made each.
pub fn decisions(conn: &Connection, ids: &str) -> Result<Vec<serde_json::Value>> {
    rows(
        conn,
        "SELECT json_object('comment', d.comment_id, 'at', d.at, 'action', d.action,
                   'from', d.from_status, 'to', d.to_status, 'reason', d.reason,
                   'note', d.note, 'by', m.name)
         FROM decisions d JOIN comments c ON c.id = d.comment_id
         LEFT JOIN moderators m ON m.id = d.moderator_id
         WHERE c.author_id IN (SELECT value FROM json_each(?1)) ORDER BY d.at, d.id",
        ids,
    )
}

/// The donor records (`ids`: a JSON array of donor ids).
pub fn donors(conn: &Connection, ids: &str) -> Result<Vec<serde_json::Value>> {
    rows(
        conn,
        "SELECT json_object('id', id, 'source', source, 'id_there', external_id, 'name', name,
                            'email', email_normalized, 'country', country,
                            'first_gift', first_gift_at)
         FROM donors WHERE id IN (SELECT value FROM json_each(?1))",
        ids,
    )
}

/// Their gifts, with the campaign and where each came from.
pub fn donations(conn: &Connection, ids: &str) -> Result<Vec<serde_json::Value>> {
    rows(
        conn,
        "SELECT json_object('id', d.id, 'at', d.occurred_at, 'kind', d.kind,
                   'gross_minor', d.gross_minor, 'fee_minor', d.fee_minor,
                   'net_minor', d.net_minor, 'currency', d.currency, 'campaign', c.name,
                   'note', d.note,
                   'came_from', json_object('source', d.source, 'id_there', d.external_id,
                        'import_file', i.file_name, 'import_format', i.format,
                        'imported_at', i.started_at))
         FROM donations d LEFT JOIN campaigns c ON c.id = d.campaign_id
         LEFT JOIN imports i ON i.id = d.import_id
         WHERE d.donor_id IN (SELECT value FROM json_each(?1)) ORDER BY d.occurred_at",
        ids,
    )
}
