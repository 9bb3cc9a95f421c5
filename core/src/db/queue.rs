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

// The article title by subquery, not a join: a join lets the planner start from articles and
// sort a whole queue, where the queue's own index gives the order for free.
const LIST_COLUMNS: &str = "
    c.id, c.seq, c.article_id, (SELECT title FROM articles WHERE id = c.article_id), c.author_id, c.author_name, substr(c.body, 1, 280),
    c.created_at, c.status, c.open_flags,
    CASE WHEN c.open_flags > 0 THEN (SELECT group_concat(f.reason, char(31)) FROM flags f
      WHERE f.comment_id = c.id AND f.resolved_at IS NULL) END,
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

/// How a queue query reads: the FROM clause (with the index it is driven by, where the
/// planner cannot know better), the conditions, and which table carries the order columns.
struct Plan {
    from: String,
    conds: Vec<String>,
    values: Vec<Value>,
    /// "r" when driven by the reason index (its rows carry the order columns), else "c".
    key: &'static str,
}

const FLAGGED: &str = "c.open_flags > 0 AND c.status IN ('pending', 'approved')";
/// The status of the reason index's copies for comments in the Flagged queue.
const FLAGGED_REASONS: &str = "flagged";

fn plan(queue: Queue, filter: &Filter, sort: Sort) -> Plan {
    let mut conds = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    // Narrowed to an article or an author, their own index is named: the database carries no
    // planner statistics (the app never runs ANALYZE), and without them SQLite prefers walking
    // a whole queue in priority order to sorting one article's comments.
    let narrowed = match (&filter.article_id, &filter.author_id) {
        (Some(_), _) => Some("comments c INDEXED BY comments_article_status"),
        (None, Some(_)) => Some("comments c INDEXED BY comments_author_status"),
        (None, None) => None,
    };
    let (from, key) = if let Some(reason) = &filter.reason {
        // Driven from the reason index, which carries status and priority, so a rare reason
        // in a large queue (or a reason absent from a queue) costs a short index range. The
        // Flagged queue has its own copies of its comments' reasons there (migration 0010).
        conds.push("r.code = ?".to_owned());
        values.push(Value::Text(reason.clone()));
        conds.push("r.status = ?".to_owned());
        let status = queue.status().map_or(FLAGGED_REASONS, |s| s.as_str());
        values.push(Value::Text(status.to_owned()));
        (
            "comment_reasons r CROSS JOIN comments c ON c.seq = r.seq".to_owned(),
            "r",
        )
    } else {
        let index = match (queue.status(), sort) {
            (None, Sort::Priority) => Some("comments c INDEXED BY comments_flagged_priority"),
            (None, _) => Some("comments c INDEXED BY comments_flagged"),
            _ => None,
        };
        match queue.status() {
            Some(status) => {
                conds.push("c.status = ?".to_owned());
                values.push(Value::Text(status.as_str().to_owned()));
            }
            None => conds.push(FLAGGED.to_owned()),
        }
        let from = narrowed.or(index).unwrap_or("comments c").to_owned();
        (from, "c")
    };
    if let Some(article) = &filter.article_id {
        conds.push("c.article_id = ?".to_owned());
        values.push(Value::Text(article.clone()));
    }
    if let Some(author) = &filter.author_id {
        conds.push("c.author_id = ?".to_owned());
        values.push(Value::Text(author.clone()));
    }
    if let Some(after) = &filter.after {
        conds.push(format!("{key}.created_at >= ?"));
        values.push(Value::Text(after.clone()));
    }
    if let Some(before) = &filter.before {
        conds.push(format!("{key}.created_at < ?"));
        values.push(Value::Text(before.clone()));
    }
    Plan {
        from,
        conds,
        values,
        key,
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
    let dated = filter.after.is_some() || filter.before.is_some();
    let narrowed =
        filter.article_id.is_some() || filter.author_id.is_some() || filter.reason.is_some();
    if let (Sort::Priority, Some(status), true, false) = (sort, queue.status(), dated, narrowed) {
        return list_by_priority_level(conn, status, filter, after, limit);
    }
    let Plan {
        from,
        mut conds,
        mut values,
        key: k,
    } = plan(queue, filter, sort);
    let order = match sort {
        Sort::Newest => format!("{k}.created_at DESC, {k}.seq DESC"),
        Sort::Oldest => format!("{k}.created_at ASC, {k}.seq ASC"),
        Sort::Priority => format!("{k}.priority DESC, {k}.created_at DESC, {k}.seq DESC"),
    };
    // Keyset conditions spelled out (not as row values) so the index range is used.
    if let Some(p) = after {
        let at = Value::Text(p.created_at.clone());
        let seq = Value::Integer(p.seq);
        let pri = Value::Integer(p.priority);
        match sort {
            Sort::Newest => {
                conds.push(format!(
                    "{k}.created_at <= ? AND ({k}.created_at < ? OR {k}.seq < ?)"
                ));
                values.extend([at.clone(), at, seq]);
            }
            Sort::Oldest => {
                conds.push(format!(
                    "{k}.created_at >= ? AND ({k}.created_at > ? OR {k}.seq > ?)"
                ));
                values.extend([at.clone(), at, seq]);
            }
            Sort::Priority => {
                conds.push(format!(
                    "{k}.priority <= ? AND ({k}.priority < ? OR ({k}.created_at <= ? \
                     AND ({k}.created_at < ? OR {k}.seq < ?)))"
                ));
                values.extend([pri.clone(), pri, at.clone(), at, seq]);
            }
        }
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

/// Priority order within a date range, one priority level at a time (there are few levels):
/// each level is one index range in date order, so no level is sorted and no date outside the
/// range is walked.
fn list_by_priority_level(
    conn: &Connection,
    status: Status,
    filter: &Filter,
    after: Option<&Position>,
    limit: i64,
) -> Result<Vec<ListRow>> {
    let mut conds = vec!["c.status = ?1".to_owned(), "c.priority = ?2".to_owned()];
    if filter.after.is_some() {
        conds.push("c.created_at >= ?3".to_owned());
    }
    if filter.before.is_some() {
        conds.push("c.created_at < ?4".to_owned());
    }
    // The index is named: without planner statistics SQLite walks the whole date range per level.
    let level_sql = format!(
        "SELECT {LIST_COLUMNS} FROM comments c INDEXED BY comments_status_priority WHERE {}
         ORDER BY c.created_at DESC, c.seq DESC LIMIT ?7",
        conds.join(" AND ")
    );
    let resume_sql = format!(
        "SELECT {LIST_COLUMNS} FROM comments c INDEXED BY comments_status_priority WHERE {}
           AND c.created_at <= ?5
           AND (c.created_at < ?5 OR c.seq < ?6)
         ORDER BY c.created_at DESC, c.seq DESC LIMIT ?7",
        conds.join(" AND ")
    );
    let mut next_level = conn
        .prepare_cached("SELECT max(priority) FROM comments INDEXED BY comments_status_priority WHERE status = ?1 AND priority < ?2")?;
    let status_text = status.as_str();
    let after_day = filter.after.clone().map(Value::Text).unwrap_or(Value::Null);
    let before_day = filter
        .before
        .clone()
        .map(Value::Text)
        .unwrap_or(Value::Null);
    let mut level: Option<i64> = match after {
        Some(p) => Some(p.priority),
        None => next_level.query_row(params![status_text, i64::MAX], |r| r.get(0))?,
    };
    let mut out = Vec::new();
    while let Some(priority) = level {
        let remaining = limit - out.len() as i64;
        if remaining <= 0 {
            break;
        }
        let resume = after.filter(|p| p.priority == priority);
        let mut stmt = conn.prepare_cached(if resume.is_some() {
            &resume_sql
        } else {
            &level_sql
        })?;
        let (at, seq) = resume
            .map(|p| (Value::Text(p.created_at.clone()), Value::Integer(p.seq)))
            .unwrap_or((Value::Null, Value::Null));
        let mut rows = stmt.query(params![
            status_text,
            priority,
            after_day,
            before_day,
            at,
            seq,
            remaining
        ])?;
        while let Some(row) = rows.next()? {
            out.push(list_row(row)?);
        }
        level = next_level.query_row(params![status_text, priority], |r| r.get(0))?;
    }
    Ok(out)
}

/// Every comment key a queue holds under a filter (for "select all in filter").
pub fn ids(conn: &Connection, queue: Queue, filter: &Filter) -> Result<Vec<String>> {
    let plan = plan(queue, filter, Sort::Newest);
    let sql = format!(
        "SELECT c.id FROM {} WHERE {}",
        plan.from,
        plan.conds.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt
        .query_map(params_from_iter(plan.values), |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// How many comments a queue holds under a filter.
pub fn count(conn: &Connection, queue: Queue, filter: &Filter) -> Result<i64> {
    let plan = plan(queue, filter, Sort::Newest);
    let sql = format!(
        "SELECT count(*) FROM {} WHERE {}",
        plan.from,
        plan.conds.join(" AND ")
    );
    Ok(conn.query_row(&sql, params_from_iter(plan.values), |row| row.get(0))?)
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
         FROM comments c JOIN articles a ON a.id = c.article_id
         WHERE c.id = ?1 AND c.status <> 'importing'"
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
             SELECT id, parent_id, 0 FROM comments WHERE id = ?1 AND status <> 'importing'
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
         WHERE c.id IN (SELECT id FROM down) AND c.status <> 'importing'
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
        "INSERT OR IGNORE INTO comment_reasons (code, status, priority, created_at, seq)
         SELECT json_extract(h.value, '$.code'), c.status, c.priority, c.created_at, c.seq
         FROM comments c, json_each(c.hold_reasons) h
         WHERE c.id = ?1 AND json_extract(h.value, '$.code') IS NOT NULL
         UNION
         SELECT 'flag:' || f.reason, c.status, c.priority, c.created_at, c.seq
         FROM comments c JOIN flags f ON f.comment_id = c.id AND f.resolved_at IS NULL
         WHERE c.id = ?1",
    )?
    .execute([id])?;
    // A comment in the Flagged queue also has each reason under the status 'flagged'
    // (the trigger of migration 0010 keeps these copies when the comment changes).
    conn.prepare_cached(
        "INSERT OR IGNORE INTO comment_reasons (code, status, priority, created_at, seq)
         SELECT r.code, 'flagged', c.priority, r.created_at, r.seq
         FROM comments c JOIN comment_reasons r ON r.seq = c.seq AND r.status <> 'flagged'
         WHERE c.id = ?1 AND c.open_flags > 0 AND c.status IN ('pending', 'approved')",
    )?
    .execute([id])?;
    Ok(())
}

/// Reason codes in use with how many comments carry each, for the reason filter.
pub fn reason_codes(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, count(DISTINCT seq) FROM comment_reasons WHERE status <> 'importing'
         GROUP BY code ORDER BY count(DISTINCT seq) DESC, code",
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
    pub email: Option<String>,
    pub ip: Option<String>,
    pub article: Option<String>,
    pub status: Option<Status>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// Reads in one of two ways: led by an e-mail or IP (few comments, each checked against the
/// words), or led by the full-text index newest first (each match checked against the other
/// filters), so neither a common word nor a rare address scans the table.
pub fn search(
    conn: &Connection,
    filter: &SearchFilter,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<ListRow>> {
    let mut conds: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    // An article filter naming a few articles (at most ten) leads through the article index.
    let articles: Option<Vec<String>> = match &filter.article {
        Some(article) => {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM articles WHERE id = ?1 OR instr(lower(title), lower(?1)) > 0 LIMIT 11",
            )?;
            let ids = stmt
                .query_map([article], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            (ids.len() <= 10).then_some(ids)
        }
        None => None,
    };
    let addressed = filter.email.is_some() || filter.ip.is_some() || articles.is_some();
    // Words and an address together: led by the address when it holds few comments (each
    // is then checked against the words), else by the words, newest first, each checked
    // against the address. Either way round can take seconds when the leading side is large.
    let by_address = addressed
        && (filter.fts.is_none()
            || address_rows(conn, filter, articles.as_deref())? <= ADDRESS_LEADS_UP_TO);
    let from = match (&filter.fts, by_address) {
        (Some(fts), false) => {
            conds.push("comments_fts MATCH ?".into());
            values.push(Value::Text(fts.clone()));
            "comments_fts CROSS JOIN comments c ON c.seq = comments_fts.rowid"
        }
        (Some(fts), true) => {
            conds.push(
                "EXISTS (SELECT 1 FROM comments_fts WHERE comments_fts MATCH ? \
                 AND comments_fts.rowid = c.seq)"
                    .into(),
            );
            values.push(Value::Text(fts.clone()));
            address_index(filter)
        }
        // Filters only: newest first along (status, seq) or seq itself.
        (None, false) if filter.status.is_some() => "comments c INDEXED BY comments_status_seq",
        (None, false) => "comments c INDEXED BY comments_seq",
        (None, true) => address_index(filter),
    };
    let order = if filter.fts.is_some() && !by_address {
        "comments_fts.rowid"
    } else {
        "c.seq"
    };
    if let Some(email) = &filter.email {
        conds.push("c.author_email = ? COLLATE NOCASE".into());
        values.push(Value::Text(email.clone()));
    }
    if let Some(ip) = &filter.ip {
        // A prefix ("198.51.100.") as an index range: '~' sorts after every IP character.
        conds.push("c.author_ip >= ? AND c.author_ip < ? || '~'".into());
        values.push(Value::Text(ip.clone()));
        values.push(Value::Text(ip.clone()));
    }
    match (&articles, &filter.article) {
        (Some(ids), _) if ids.is_empty() => conds.push("0".into()),
        (Some(ids), _) => {
            conds.push(format!(
                "c.article_id IN ({})",
                vec!["?"; ids.len()].join(", ")
            ));
            values.extend(ids.iter().cloned().map(Value::Text));
        }
        (None, Some(article)) => {
            conds.push(
                "c.article_id IN (SELECT id FROM articles WHERE id = ? OR instr(lower(title), lower(?)) > 0)"
                    .into(),
            );
            values.push(Value::Text(article.clone()));
            values.push(Value::Text(article.clone()));
        }
        (None, None) => {}
    }
    match filter.status {
        Some(status) => {
            conds.push("c.status = ?".into());
            values.push(Value::Text(status.as_str().into()));
        }
        // Comments of an import still running are hidden (the FTS index holds them too).
        None => conds.push("c.status <> 'importing'".into()),
    }
    if let Some(after) = &filter.after {
        conds.push("c.created_at >= ?".into());
        values.push(Value::Text(after.clone()));
    }
    if let Some(before) = &filter.before {
        conds.push("c.created_at < ?".into());
        values.push(Value::Text(before.clone()));
    }
    if let Some(seq) = before_seq {
        conds.push(format!("{order} < ?"));
        values.push(Value::Integer(seq));
    }
    // Date bounds as seq bounds too (see seq_by_day), so the walk starts and stops near them.
    if let Some(before) = &filter.before {
        conds.push(format!(
            "{order} <= (SELECT COALESCE(max(max_seq), 0) FROM seq_by_day WHERE day <= substr(?, 1, 10))"
        ));
        values.push(Value::Text(before.clone()));
    }
    if let Some(after) = &filter.after {
        conds.push(format!(
            "{order} >= (SELECT COALESCE(min(min_seq), 0) FROM seq_by_day WHERE day >= substr(?, 1, 10))"
        ));
        values.push(Value::Text(after.clone()));
    }
    values.push(Value::Integer(limit));
    let where_clause = if conds.is_empty() {
        "1".to_owned()
    } else {
        conds.join(" AND ")
    };
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM {from} WHERE {where_clause} ORDER BY {order} DESC LIMIT ?"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(list_row(row)?);
    }
    Ok(out)
}

/// How many comments an address may hold and still lead a search that has words too.
const ADDRESS_LEADS_UP_TO: i64 = 1000;

/// How many comments the search's e-mail, IP prefix or articles hold, counted up to one past
/// `ADDRESS_LEADS_UP_TO` (an index range, so a fraction of a millisecond).
fn address_rows(
    conn: &Connection,
    filter: &SearchFilter,
    articles: Option<&[String]>,
) -> Result<i64> {
    let (cond, values): (String, Vec<Value>) = if let Some(email) = &filter.email {
        (
            "c.author_email = ? COLLATE NOCASE".into(),
            vec![Value::Text(email.clone())],
        )
    } else if let Some(ip) = &filter.ip {
        (
            "c.author_ip >= ? AND c.author_ip < ? || '~'".into(),
            vec![Value::Text(ip.clone()), Value::Text(ip.clone())],
        )
    } else {
        let ids = articles.unwrap_or_default();
        if ids.is_empty() {
            return Ok(0);
        }
        (
            format!("c.article_id IN ({})", vec!["?"; ids.len()].join(", ")),
            ids.iter().cloned().map(Value::Text).collect(),
        )
    };
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {cond} LIMIT {})",
        address_index(filter),
        ADDRESS_LEADS_UP_TO + 1
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |row| row.get(0))?)
}

/// A search by e-mail, IP or a few articles is led by that index, named: the database carries no
/// planner statistics, and without them SQLite may walk a whole status instead.
fn address_index(filter: &SearchFilter) -> &'static str {
    if filter.email.is_some() {
        "comments c INDEXED BY comments_email"
    } else if filter.ip.is_some() {
        "comments c INDEXED BY comments_ip"
    } else {
        "comments c INDEXED BY comments_article_status"
    }
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
        "SELECT {LIST_COLUMNS} FROM comments c
         WHERE c.author_id = ?1 AND c.status <> 'importing' {cond}
         ORDER BY c.created_at DESC, c.seq DESC LIMIT ?4"
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
