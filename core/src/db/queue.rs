//! Store access for the moderation queues: keyset-paged lists under any filter and sort, the
//! live counts, one comment's card, a comment's whole thread, and search.
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::model::{CommentKind, Queue, Sort, Status, Trust};

/// Where the previous page ended: the sort key of its last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub priority: i64,
    pub created_at: String,
    pub seq: i64,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub article_id: Option<String>,
    pub author_id: Option<String>,
    pub reason: Option<String>,
    /// Stored-form UTC bounds: created_at >= after, created_at < before.
    pub after: Option<String>,
    pub before: Option<String>,
}

/// One row of a queue list (the body cut to a preview).
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: String,
    pub seq: i64,
    pub article_id: String,
    pub article_title: String,
    pub author_id: Option<String>,
    pub author_name: String,
    pub preview: String,
    pub created_at: String,
    pub status: Status,
    pub open_flags: i64,
    pub flag_reasons: Vec<String>,
    pub hold_reasons: String,
    pub link_count: i64,
    pub priority: i64,
}

const LIST_COLUMNS: &str = "
    c.id, c.seq, c.article_id, a.title, c.author_id, c.author_name, substr(c.body, 1, 280),
    c.created_at, c.status, c.open_flags,
    (SELECT group_concat(f.reason, char(31)) FROM flags f
      WHERE f.comment_id = c.id AND f.resolved_at IS NULL),
    c.hold_reasons, c.link_count, c.priority";

fn list_row(row: &Row) -> Result<ListRow> {
    let id: String = row.get(0)?;
    let status: String = row.get(8)?;
    let flags: Option<String> = row.get(10)?;
    Ok(ListRow {
        seq: row.get(1)?,
        article_id: row.get(2)?,
        article_title: row.get(3)?,
        author_id: row.get(4)?,
        author_name: row.get(5)?,
        preview: row.get(6)?,
        created_at: row.get(7)?,
        status: parse(&id, "status", &status)?,
        open_flags: row.get(9)?,
        flag_reasons: flags
            .map(|f| f.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default(),
        hold_reasons: row.get(11)?,
        link_count: row.get(12)?,
        priority: row.get(13)?,
        id,
    })
}

pub(crate) fn parse<T: std::str::FromStr<Err = CoreError>>(
    id: &str,
    field: &'static str,
    text: &str,
) -> Result<T> {
    text.parse()
        .map_err(|err: CoreError| CoreError::CorruptRow {
            table: "comments",
            id: id.to_owned(),
            field,
            message: err.to_string(),
        })
}

/// The WHERE clause and its parameters for a queue under a filter (without paging).
fn conditions(queue: Queue, filter: &Filter) -> (Vec<String>, Vec<Value>, bool) {
    let mut conds = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    match queue.status() {
        Some(status) => {
            conds.push("c.status = ?".to_owned());
            values.push(Value::Text(status.as_str().to_owned()));
        }
        None => conds.push("c.open_flags > 0 AND c.status IN ('pending', 'approved')".to_owned()),
    }
    if let Some(article) = &filter.article_id {
        conds.push("c.article_id = ?".to_owned());
        values.push(Value::Text(article.clone()));
    }
    if let Some(author) = &filter.author_id {
        conds.push("c.author_id = ?".to_owned());
        values.push(Value::Text(author.clone()));
    }
    if let Some(after) = &filter.after {
        conds.push("c.created_at >= ?".to_owned());
        values.push(Value::Text(after.clone()));
    }
    if let Some(before) = &filter.before {
        conds.push("c.created_at < ?".to_owned());
        values.push(Value::Text(before.clone()));
    }
    let by_reason = filter.reason.is_some();
    (conds, values, by_reason)
}

fn from_clause(filter: &Filter, values: &mut Vec<Value>) -> String {
    match &filter.reason {
        // Driven from the reason index so a rare reason does not scan the whole queue.
        Some(reason) => {
            values.insert(0, Value::Text(reason.clone()));
            "comment_reasons r JOIN comments c ON c.seq = r.seq AND r.code = ?
             JOIN articles a ON a.id = c.article_id"
                .to_owned()
        }
        None => "comments c JOIN articles a ON a.id = c.article_id".to_owned(),
    }
}

/// One page of a queue: at most `limit` rows after `after` in `sort` order.
pub fn list(
    conn: &Connection,
    queue: Queue,
    filter: &Filter,
    sort: Sort,
    after: Option<&Position>,
    limit: i64,
) -> Result<Vec<ListRow>> {
    let (mut conds, mut values, by_reason) = conditions(queue, filter);
    let from = from_clause(filter, &mut values);
    let key = if by_reason { "r" } else { "c" };
    let order = match sort {
        Sort::Newest => format!("{key}.created_at DESC, {key}.seq DESC"),
        Sort::Oldest => format!("{key}.created_at ASC, {key}.seq ASC"),
        Sort::Priority => format!("c.priority DESC, {key}.created_at DESC, {key}.seq DESC"),
    };
    if let Some(position) = after {
        match sort {
            Sort::Newest => {
                conds.push(format!("({key}.created_at, {key}.seq) < (?, ?)"));
            }
            Sort::Oldest => {
                conds.push(format!("({key}.created_at, {key}.seq) > (?, ?)"));
            }
            Sort::Priority => {
                conds.push(format!(
                    "(c.priority, {key}.created_at, {key}.seq) < (?, ?, ?)"
                ));
                values.push(Value::Integer(position.priority));
            }
        }
        values.push(Value::Text(position.created_at.clone()));
        values.push(Value::Integer(position.seq));
    }
    values.push(Value::Integer(limit));
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM {from} WHERE {} ORDER BY {order} LIMIT ?",
        conds.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(list_row(row)?);
    }
    Ok(out)
}

/// Every comment key a queue holds under a filter (for "select all in filter").
pub fn ids(conn: &Connection, queue: Queue, filter: &Filter) -> Result<Vec<String>> {
    let (conds, mut values, _) = conditions(queue, filter);
    let from = from_clause(filter, &mut values);
    let sql = format!("SELECT c.id FROM {from} WHERE {}", conds.join(" AND "));
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt
        .query_map(params_from_iter(values), |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// How many comments a queue holds under a filter.
pub fn count(conn: &Connection, queue: Queue, filter: &Filter) -> Result<i64> {
    let (conds, mut values, _) = conditions(queue, filter);
    let from = from_clause(filter, &mut values);
    let sql = format!("SELECT count(*) FROM {from} WHERE {}", conds.join(" AND "));
    Ok(conn.query_row(&sql, params_from_iter(values), |row| row.get(0))?)
}

/// The six live queue counts, kept by triggers.
pub fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT queue, n FROM queue_counts")?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The same counts straight from the rows, for checking the live ones.
pub fn counted(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for queue in Queue::ALL {
        out.push((
            queue.as_str().to_owned(),
            count(conn, *queue, &Filter::default())?,
        ));
    }
    Ok(out)
}

/// Everything the card shows about one comment.
#[derive(Debug, Clone)]
pub struct CardRow {
    pub list: ListRow,
    pub body: String,
    pub kind: CommentKind,
    pub parent_id: Option<String>,
    pub author_email: Option<String>,
    pub author_ip: Option<String>,
    pub author_url: Option<String>,
    pub author_trust: Option<Trust>,
    pub article_url: Option<String>,
}

pub fn card(conn: &Connection, id: &str) -> Result<CardRow> {
    let sql = format!(
        "SELECT {LIST_COLUMNS}, c.body, c.kind, c.parent_id, c.author_email, c.author_ip,
                c.author_url, (SELECT trust FROM authors WHERE id = c.author_id), a.url
         FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let card = stmt
        .query_row([id], |row| Ok(card_row(row)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("comment {id}"),
        })??;
    Ok(card)
}

fn card_row(row: &Row) -> Result<CardRow> {
    let list = list_row(row)?;
    let kind: String = row.get(15)?;
    let trust: Option<String> = row.get(20)?;
    Ok(CardRow {
        body: row.get(14)?,
        kind: parse(&list.id, "kind", &kind)?,
        parent_id: row.get(16)?,
        author_email: row.get(17)?,
        author_ip: row.get(18)?,
        author_url: row.get(19)?,
        author_trust: trust
            .map(|t| parse(&list.id, "author trust", &t))
            .transpose()?,
        article_url: row.get(21)?,
        list,
    })
}

/// Flags on a comment, newest first: (reason, note, source, moderator name, at, resolved_at).
pub type FlagRow = (
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<String>,
);

pub fn flags(conn: &Connection, comment_id: &str) -> Result<Vec<FlagRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.reason, f.note, f.source, m.name, f.at, f.resolved_at
         FROM flags f LEFT JOIN moderators m ON m.id = f.moderator_id
         WHERE f.comment_id = ?1 ORDER BY f.at DESC, f.id DESC",
    )?;
    let rows = stmt
        .query_map([comment_id], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The comments of the thread `id` belongs to: its root and every reply below the root, in
/// arrival order. Bounded by `limit`.
pub fn thread_of(
    conn: &Connection,
    id: &str,
    limit: i64,
) -> Result<Vec<(ListRow, Option<String>, String)>> {
    let sql = format!(
        "WITH RECURSIVE
           up(id, parent_id, depth) AS (
             SELECT id, parent_id, 0 FROM comments WHERE id = ?1
             UNION ALL
             SELECT c.id, c.parent_id, up.depth + 1 FROM comments c JOIN up ON c.id = up.parent_id
             WHERE up.depth < 1000
           ),
           root(id) AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),
           down(id, depth) AS (
             SELECT id, 0 FROM root
             UNION ALL
             SELECT c.id, down.depth + 1 FROM comments c JOIN down ON c.parent_id = down.id
             WHERE down.depth < 1000
           )
         SELECT {LIST_COLUMNS}, c.parent_id, c.body
         FROM comments c JOIN articles a ON a.id = c.article_id
         WHERE c.id IN (SELECT id FROM down)
         ORDER BY c.created_at, c.seq LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![id, limit])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push((list_row(row)?, row.get(14)?, row.get(15)?));
    }
    if out.is_empty() {
        return Err(CoreError::NotFound {
            what: format!("comment {id}"),
        });
    }
    Ok(out)
}

/// Rewrites the reason index of one comment from its hold reasons and open flags.
pub fn refresh_reasons(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM comment_reasons WHERE seq = (SELECT seq FROM comments WHERE id = ?1)",
    )?
    .execute([id])?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO comment_reasons (code, created_at, seq)
         SELECT json_extract(h.value, '$.code'), c.created_at, c.seq
         FROM comments c, json_each(c.hold_reasons) h
         WHERE c.id = ?1 AND json_extract(h.value, '$.code') IS NOT NULL
         UNION
         SELECT 'flag:' || f.reason, c.created_at, c.seq
         FROM comments c JOIN flags f ON f.comment_id = c.id AND f.resolved_at IS NULL
         WHERE c.id = ?1",
    )?
    .execute([id])?;
    Ok(())
}

/// Reason codes in use with how many comments carry each, for the reason filter.
pub fn reason_codes(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, count(*) FROM comment_reasons GROUP BY code ORDER BY count(*) DESC, code",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Search: FTS5 `fts` (already safe FTS syntax, or None for filters only) with exact-match
/// filters, newest arrival first, keyset-paged by seq.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub fts: Option<String>,
    pub author: Option<String>,
    pub email: Option<String>,
    pub ip: Option<String>,
    pub article: Option<String>,
    pub status: Option<Status>,
    pub after: Option<String>,
    pub before: Option<String>,
}

pub fn search(
    conn: &Connection,
    filter: &SearchFilter,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<ListRow>> {
    let mut conds: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let from = if let Some(fts) = &filter.fts {
        values.push(Value::Text(fts.clone()));
        "comments_fts JOIN comments c ON c.seq = comments_fts.rowid
         JOIN articles a ON a.id = c.article_id"
    } else {
        "comments c JOIN articles a ON a.id = c.article_id"
    };
    if filter.fts.is_some() {
        conds.push("comments_fts MATCH ?");
    }
    let mut add = |cond: &'static str, bound: &[&Option<String>]| {
        if let Some(Some(_)) = bound.first() {
            conds.push(cond);
            for value in bound.iter().copied().flatten() {
                values.push(Value::Text(value.clone()));
            }
        }
    };
    let status = filter.status.map(|s| s.as_str().to_owned());
    add("c.author_name LIKE '%' || ? || '%'", &[&filter.author]);
    add("lower(c.author_email) = lower(?)", &[&filter.email]);
    add(
        "(c.author_ip = ? OR c.author_ip LIKE ? || '%')",
        &[&filter.ip, &filter.ip],
    );
    add(
        "(a.id = ? OR a.title LIKE '%' || ? || '%')",
        &[&filter.article, &filter.article],
    );
    add("c.status = ?", &[&status]);
    add("c.created_at >= ?", &[&filter.after]);
    add("c.created_at < ?", &[&filter.before]);
    if let Some(seq) = before_seq {
        conds.push("c.seq < ?");
        values.push(Value::Integer(seq));
    }
    values.push(Value::Integer(limit));
    let where_clause = if conds.is_empty() {
        "1".to_owned()
    } else {
        conds.join(" AND ")
    };
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM {from} WHERE {where_clause} ORDER BY c.seq DESC LIMIT ?"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(list_row(row)?);
    }
    Ok(out)
}

/// Every comment by an author across articles and statuses, newest first.
pub fn by_author(
    conn: &Connection,
    author_id: &str,
    after: Option<&Position>,
    limit: i64,
) -> Result<Vec<ListRow>> {
    let (cond, created_at, seq) = match after {
        Some(p) => (
            "AND (c.created_at, c.seq) < (?2, ?3)",
            p.created_at.clone(),
            p.seq,
        ),
        None => ("AND ?2 IS NULL AND ?3 IS NULL", String::new(), 0),
    };
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM comments c JOIN articles a ON a.id = c.article_id
         WHERE c.author_id = ?1 {cond} ORDER BY c.created_at DESC, c.seq DESC LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let bound: (Value, Value) = if after.is_some() {
        (Value::Text(created_at), Value::Integer(seq))
    } else {
        (Value::Null, Value::Null)
    };
    let mut rows = stmt.query(params![author_id, bound.0, bound.1, limit])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(list_row(row)?);
    }
    Ok(out)
}
