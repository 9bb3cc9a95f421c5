//! Store access for connected sites: the site rows, what each site last said of its comments,
//! and the outbox of decisions waiting to reach a site.
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};

pub struct NewSite<'a> {
    pub id: &'a str,
    pub base_url: &'a str,
    pub source: &'a str,
    pub api_root: &'a str,
    pub user_name: &'a str,
    pub name: &'a str,
    pub wp_version: Option<&'a str>,
    pub password_store: &'a str,
    pub actor_id: &'a str,
    pub created_at: &'a str,
}

#[derive(Debug, Clone)]
pub struct SiteRow {
    pub id: String,
    pub base_url: String,
    pub source: String,
    pub api_root: String,
    pub user_name: String,
    pub name: String,
    pub wp_version: Option<String>,
    pub password_store: String,
    pub actor_id: String,
    pub auto_sync: bool,
    pub first_page: i64,
    pub first_done: bool,
    pub max_comment_id: i64,
    pub last_sync_at: Option<String>,
    pub last_ok_at: Option<String>,
    pub last_error: Option<String>,
}

const SITE_COLUMNS: &str = "id, base_url, source, api_root, user_name, name, wp_version,
    password_store, actor_id, auto_sync, first_page, first_done, max_comment_id, last_sync_at,
    last_ok_at, last_error";

fn site_row(row: &Row) -> rusqlite::Result<SiteRow> {
    Ok(SiteRow {
        id: row.get(0)?,
        base_url: row.get(1)?,
        source: row.get(2)?,
        api_root: row.get(3)?,
        user_name: row.get(4)?,
        name: row.get(5)?,
        wp_version: row.get(6)?,
        password_store: row.get(7)?,
        actor_id: row.get(8)?,
        auto_sync: row.get(9)?,
        first_page: row.get(10)?,
        first_done: row.get(11)?,
        max_comment_id: row.get(12)?,
        last_sync_at: row.get(13)?,
        last_ok_at: row.get(14)?,
        last_error: row.get(15)?,
    })
}

pub fn insert(conn: &Connection, site: &NewSite) -> Result<()> {
    conn.execute(
        "INSERT INTO sites (id, base_url, source, api_root, user_name, name, wp_version,
                            password_store, actor_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            site.id,
            site.base_url,
            site.source,
            site.api_root,
            site.user_name,
            site.name,
            site.wp_version,
            site.password_store,
            site.actor_id,
            site.created_at
        ],
    )?;
    Ok(())
}

pub fn list(conn: &Connection) -> Result<Vec<SiteRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SITE_COLUMNS} FROM sites ORDER BY base_url"
    ))?;
    let rows = stmt
        .query_map([], site_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: &str) -> Result<SiteRow> {
    conn.prepare_cached(&format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = ?1"))?
        .query_row([id], site_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("connected site {id}"),
        })
}

pub fn by_url_or_source(conn: &Connection, url: &str, source: &str) -> Result<Option<SiteRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SITE_COLUMNS} FROM sites WHERE base_url = ?1 OR source = ?2"
        ))?
        .query_row([url, source], site_row)
        .optional()?)
}

/// Takes a site away with its waiting decisions (the outbox cascades) and what it said of its
/// comments; the comments, articles and decisions stay in the newsroom's history.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM site_comments WHERE comment_id IN
             (SELECT c.id FROM comments c JOIN sites s ON s.source = c.source WHERE s.id = ?1)",
        [id],
    )?;
    conn.execute("DELETE FROM sites WHERE id = ?1", [id])?;
    Ok(())
}

pub fn set_auto_sync(conn: &Connection, id: &str, on: bool) -> Result<()> {
    conn.execute(
        "UPDATE sites SET auto_sync = ?2 WHERE id = ?1",
        params![id, on],
    )?;
    Ok(())
}

/// Records where the first sync has got to (and the highest comment id taken in).
pub fn set_first_progress(
    conn: &Connection,
    id: &str,
    next_page: i64,
    done: bool,
    max_comment_id: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sites SET first_page = ?2, first_done = ?3,
                          max_comment_id = max(max_comment_id, ?4)
         WHERE id = ?1",
    )?
    .execute(params![id, next_page, done, max_comment_id])?;
    Ok(())
}

pub fn raise_max_comment_id(conn: &Connection, id: &str, max_comment_id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE sites SET max_comment_id = max(max_comment_id, ?2) WHERE id = ?1")?
        .execute(params![id, max_comment_id])?;
    Ok(())
}

pub fn set_sync_result(conn: &Connection, id: &str, at: &str, error: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE sites SET last_sync_at = ?2,
                          last_ok_at = CASE WHEN ?3 IS NULL THEN ?2 ELSE last_ok_at END,
                          last_error = ?3
         WHERE id = ?1",
        params![id, at, error],
    )?;
    Ok(())
}

/// What the newsroom holds of one site comment, as a pull compares it with the site.
pub struct KnownComment {
    pub id: String,
    pub status: String,
    pub site_status: Option<String>,
    pub body: String,
    pub raw_sha: Option<String>,
    pub deleted_at: Option<String>,
    /// A decision on it is still waiting to be sent (the push will compare, not the pull).
    pub outbox: bool,
}

pub fn known_comment(conn: &Connection, comment_id: &str) -> Result<Option<KnownComment>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id, c.status, c.site_status, c.body, sc.raw_sha, sc.deleted_at,
                    EXISTS (SELECT 1 FROM site_outbox o WHERE o.comment_id = c.id)
             FROM comments c LEFT JOIN site_comments sc ON sc.comment_id = c.id
             WHERE c.id = ?1 AND c.status <> 'importing'",
        )?
        .query_row([comment_id], |row| {
            Ok(KnownComment {
                id: row.get(0)?,
                status: row.get(1)?,
                site_status: row.get(2)?,
                body: row.get(3)?,
                raw_sha: row.get(4)?,
                deleted_at: row.get(5)?,
                outbox: row.get(6)?,
            })
        })
        .optional()?)
}

/// Remembers the digest of the site's raw text (and, for an edit, the new text and when).
pub fn set_site_text(
    conn: &Connection,
    comment_id: &str,
    raw_sha: &str,
    edit: Option<(&str, &str)>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO site_comments (comment_id, raw_sha, deleted_at, checked_at)
         VALUES (?1, ?2, NULL, ?3)
         ON CONFLICT (comment_id) DO UPDATE SET raw_sha = excluded.raw_sha, deleted_at = NULL,
                                                checked_at = excluded.checked_at",
    )?
    .execute([comment_id, raw_sha, &crate::time::now_stored()])?;
    if let Some((body, at)) = edit {
        conn.prepare_cached("UPDATE comments SET body = ?2 WHERE id = ?1")?
            .execute([comment_id, body])?;
        conn.prepare_cached("UPDATE site_comments SET edited_at = ?2 WHERE comment_id = ?1")?
            .execute([comment_id, at])?;
    }
    Ok(())
}

pub fn mark_deleted(conn: &Connection, comment_id: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO site_comments (comment_id, deleted_at, checked_at) VALUES (?1, ?2, ?2)
         ON CONFLICT (comment_id) DO UPDATE SET
             deleted_at = coalesce(deleted_at, excluded.deleted_at),
             checked_at = excluded.checked_at",
    )?
    .execute([comment_id, at])?;
    Ok(())
}

pub fn set_site_status(conn: &Connection, comment_id: &str, site_status: &str) -> Result<()> {
    super::imports::refresh_site_status(conn, comment_id, site_status)
}

/// The site's comment ids still in play (waiting or flagged here, or decided or written since
/// `since`: WordPress keeps no modification time, so these are read again), least recently
/// read first, at most `limit`; comments known to be deleted on the site are left out.
pub fn in_play(conn: &Connection, source: &str, since: &str, limit: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "WITH play (id) AS (
             SELECT id FROM comments WHERE source = ?1 AND status = 'pending'
             UNION
             SELECT id FROM comments
             WHERE source = ?1 AND open_flags > 0 AND status IN ('pending', 'approved')
             UNION
             SELECT id FROM comments
             WHERE status IN ('pending', 'approved', 'rejected', 'spam', 'trash')
               AND created_at >= ?2 AND source = ?1
             UNION
             SELECT c.id FROM decisions d JOIN comments c ON c.id = d.comment_id
             WHERE d.at >= ?2 AND c.source = ?1 AND c.status <> 'importing'
         )
         SELECT c.external_id FROM play p JOIN comments c ON c.id = p.id
         LEFT JOIN site_comments sc ON sc.comment_id = p.id
         WHERE sc.deleted_at IS NULL
         ORDER BY sc.checked_at IS NOT NULL, sc.checked_at, c.seq
         LIMIT ?3",
    )?;
    let mut ids = Vec::new();
    let mut rows = stmt.query(params![source, since, limit])?;
    while let Some(row) = rows.next()? {
        let text: String = row.get(0)?;
        // Only WordPress's numeric ids can be asked for; anything else came from elsewhere.
        if let Ok(id) = text.parse::<i64>() {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// How many comments of `source` are in play (see `in_play`).
pub fn in_play_count(conn: &Connection, source: &str, since: &str) -> Result<i64> {
    Ok(in_play(conn, source, since, i64::MAX)?.len() as i64)
}

/// Marks comments as read now (the re-check found them unchanged).
pub fn touch_checked(conn: &Connection, comment_id: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO site_comments (comment_id, checked_at) VALUES (?1, ?2)
         ON CONFLICT (comment_id) DO UPDATE SET checked_at = excluded.checked_at",
    )?
    .execute([comment_id, at])?;
    Ok(())
}

/// An outbox entry with what sending it needs.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub seq: i64,
    pub decision_id: String,
    pub site_id: String,
    pub comment_id: String,
    pub external_id: String,
    pub want: String,
    pub seen: Option<String>,
    /// comments.site_status now: what we last saw on the site.
    pub site_status: Option<String>,
    pub state: String,
    pub attempts: i64,
    pub error_code: Option<String>,
    pub last_error: Option<String>,
    pub site_now: Option<String>,
    pub created_at: String,
    pub author_name: String,
    pub body: String,
    pub status: String,
}

const OUTBOX_COLUMNS: &str = "o.seq, o.site_id, o.comment_id, c.external_id, o.want, o.seen,
    c.site_status, o.state, o.attempts, o.error_code, o.last_error, o.site_now, o.created_at,
    c.author_name, c.body, c.status, o.decision_id";

fn outbox_row(row: &Row) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        seq: row.get(0)?,
        site_id: row.get(1)?,
        comment_id: row.get(2)?,
        external_id: row.get(3)?,
        want: row.get(4)?,
        seen: row.get(5)?,
        site_status: row.get(6)?,
        state: row.get(7)?,
        attempts: row.get(8)?,
        error_code: row.get(9)?,
        last_error: row.get(10)?,
        site_now: row.get(11)?,
        created_at: row.get(12)?,
        author_name: row.get(13)?,
        body: row.get(14)?,
        status: row.get(15)?,
        decision_id: row.get(16)?,
    })
}

/// The next entries to send for a site, oldest first: of each comment only its newest waiting
/// decision (an approval undone before it was sent is never published for a moment), none of a
/// comment with a failed or conflicting entry (a moderator settles that first), and none whose
/// retry time is still ahead.
pub fn due(conn: &Connection, site_id: &str, now: &str, limit: i64) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM site_outbox o JOIN comments c ON c.id = o.comment_id
         WHERE o.site_id = ?1 AND o.state = 'waiting' AND c.status <> 'importing'
           AND (o.next_try_at IS NULL OR o.next_try_at <= ?2)
           AND NOT EXISTS (SELECT 1 FROM site_outbox e
                           WHERE e.comment_id = o.comment_id
                             AND (e.seq > o.seq OR e.state <> 'waiting'))
         ORDER BY o.seq LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![site_id, now, limit], outbox_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Entries in `state` ('waiting', 'failed', 'conflict'), oldest first, for every site.
pub fn outbox_in_state(conn: &Connection, state: &str, limit: i64) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM site_outbox o JOIN comments c ON c.id = o.comment_id
         WHERE o.state = ?1 AND c.status <> 'importing' ORDER BY o.seq LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![state, limit], outbox_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn outbox_entry(conn: &Connection, seq: i64) -> Result<OutboxRow> {
    conn.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM site_outbox o JOIN comments c ON c.id = o.comment_id
         WHERE o.seq = ?1 AND c.status <> 'importing'"
    ))?
    .query_row([seq], outbox_row)
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("waiting decision {seq}"),
    })
}

/// (waiting, failed, conflict) entries, for one site or all of them.
pub fn outbox_counts(conn: &Connection, site_id: Option<&str>) -> Result<(i64, i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(state = 'waiting'), 0), coalesce(sum(state = 'failed'), 0),
                    coalesce(sum(state = 'conflict'), 0)
             FROM site_outbox WHERE ?1 IS NULL OR site_id = ?1",
        )?
        .query_row([site_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?)
}

/// The site confirmed the entry: it leaves the outbox with the older decisions of the same
/// comment it stood for, and the site's status is what we sent. Nothing happens when the entry
/// is no longer there (the newsroom was restored meanwhile): it is named by its decision too.
pub fn outbox_sent(conn: &Connection, entry: &OutboxRow, site_status: &str) -> Result<bool> {
    let present = conn
        .prepare_cached("SELECT 1 FROM site_outbox WHERE seq = ?1 AND decision_id = ?2")?
        .exists(params![entry.seq, entry.decision_id])?;
    if !present {
        return Ok(false);
    }
    conn.prepare_cached(
        "DELETE FROM site_outbox WHERE comment_id = ?1 AND seq <= ?2 AND state = 'waiting'",
    )?
    .execute(params![entry.comment_id, entry.seq])?;
    set_site_status(conn, &entry.comment_id, site_status)?;
    Ok(true)
}

pub fn outbox_retry_later(
    conn: &Connection,
    entry: &OutboxRow,
    next_try_at: &str,
    code: &str,
    message: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE site_outbox SET attempts = attempts + 1, next_try_at = ?3, error_code = ?4,
                                last_error = ?5
         WHERE seq = ?1 AND decision_id = ?2",
    )?
    .execute(params![
        entry.seq,
        entry.decision_id,
        next_try_at,
        code,
        message
    ])?;
    Ok(())
}

pub fn outbox_failed(
    conn: &Connection,
    entry: &OutboxRow,
    code: &str,
    message: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE site_outbox SET state = 'failed', attempts = attempts + 1, error_code = ?3,
                                last_error = ?4
         WHERE seq = ?1 AND decision_id = ?2",
    )?
    .execute(params![entry.seq, entry.decision_id, code, message])?;
    Ok(())
}

pub fn outbox_conflict(conn: &Connection, entry: &OutboxRow, site_now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE site_outbox SET state = 'conflict', site_now = ?3, error_code = 'site_changed',
                                last_error = NULL
         WHERE seq = ?1 AND decision_id = ?2",
    )?
    .execute(params![entry.seq, entry.decision_id, site_now])?;
    Ok(())
}

/// Puts a failed entry back in line to be sent at the next sync.
pub fn outbox_retry(conn: &Connection, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE site_outbox SET state = 'waiting', next_try_at = NULL WHERE seq = ?1",
    )?
    .execute([seq])?;
    Ok(())
}

/// The entry that holds a comment's decisions back (failed or in conflict), if any.
pub fn blocking_entry(conn: &Connection, comment_id: &str) -> Result<Option<OutboxRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM site_outbox o JOIN comments c ON c.id = o.comment_id
             WHERE o.comment_id = ?1 AND o.state <> 'waiting' AND c.status <> 'importing'
             ORDER BY o.seq LIMIT 1"
        ))?
        .query_row([comment_id], outbox_row)
        .optional()?)
}

/// Drops a comment's entries up to `seq` (a moderator settled or dismissed them); decisions
/// made after it stay in line.
pub fn outbox_clear_through(conn: &Connection, comment_id: &str, seq: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached("DELETE FROM site_outbox WHERE comment_id = ?1 AND seq <= ?2")?
        .execute(params![comment_id, seq])?)
}

/// Whether decisions made after `seq` wait for the comment.
pub fn later_entries(conn: &Connection, comment_id: &str, seq: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM site_outbox WHERE comment_id = ?1 AND seq > ?2")?
        .exists(params![comment_id, seq])?)
}

/// The status a decision set (to make it again when a moderator keeps theirs).
pub fn decision_to_status(
    conn: &Connection,
    decision_id: &str,
) -> Result<Option<crate::model::Status>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT to_status FROM decisions WHERE id = ?1")?
        .query_row([decision_id], |row| row.get(0))
        .optional()?;
    text.map(|t| super::queue::parse(decision_id, "to_status", &t))
        .transpose()
}

/// The latest decision on a comment, if a person here made it (not the site): its status.
pub fn latest_local_decision(
    conn: &Connection,
    comment_id: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, to_status FROM decisions WHERE comment_id = ?1
               AND from_status <> to_status AND substr(device_id, 1, 5) <> 'site:'
               AND rowid = (SELECT max(rowid) FROM decisions
                            WHERE comment_id = ?1 AND from_status <> to_status)",
        )?
        .query_row([comment_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// A decision made while nothing connected the comment to its site (or that never reached it).
pub struct Unsent<'a> {
    pub site_id: &'a str,
    pub comment_id: &'a str,
    pub decision_id: &'a str,
    /// The status to set on the site, in WordPress's words.
    pub want: &'a str,
    /// 'waiting' to send it, or 'conflict' when the site changed too.
    pub state: &'a str,
    pub site_now: Option<&'a str>,
    pub at: &'a str,
}

pub fn queue_unsent(conn: &Connection, entry: &Unsent) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO site_outbox (site_id, comment_id, decision_id, want, seen, state, site_now,
                                  error_code, created_at)
         SELECT ?1, ?2, ?3, ?4, c.site_status, ?5, ?6,
                CASE WHEN ?5 = 'conflict' THEN 'site_changed' END, ?7
         FROM comments c WHERE c.id = ?2",
    )?
    .execute(params![
        entry.site_id,
        entry.comment_id,
        entry.decision_id,
        entry.want,
        entry.state,
        entry.site_now,
        entry.at
    ])?;
    Ok(())
}

/// What the window shows of one comment's sync: its site, the latest outbox entry (if any)
/// and what the site last said of it.
pub struct CommentSync {
    pub site_name: String,
    pub base_url: String,
    pub entry: Option<SyncEntry>,
    pub edited_at: Option<String>,
    pub deleted_at: Option<String>,
}

/// An outbox entry's state, error code, error text, the site's status (conflicts) and want.
pub struct SyncEntry {
    pub state: String,
    pub code: Option<String>,
    pub error: Option<String>,
    pub site_now: Option<String>,
    pub want: String,
}

pub fn comment_sync(conn: &Connection, comment_id: &str) -> Result<Option<CommentSync>> {
    let site = conn
        .prepare_cached(
            "SELECT s.name, s.base_url, sc.edited_at, sc.deleted_at
             FROM comments c JOIN sites s ON s.source = c.source
             LEFT JOIN site_comments sc ON sc.comment_id = c.id
             WHERE c.id = ?1 AND c.status <> 'importing'",
        )?
        .query_row([comment_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    let Some((site_name, base_url, edited_at, deleted_at)) = site else {
        return Ok(None);
    };
    let entry = conn
        .prepare_cached(
            "SELECT state, error_code, last_error, site_now, want FROM site_outbox
             WHERE comment_id = ?1
             ORDER BY (state = 'waiting'), seq LIMIT 1",
        )?
        .query_row([comment_id], |row| {
            Ok(SyncEntry {
                state: row.get(0)?,
                code: row.get(1)?,
                error: row.get(2)?,
                site_now: row.get(3)?,
                want: row.get(4)?,
            })
        })
        .optional()?;
    Ok(Some(CommentSync {
        site_name,
        base_url,
        entry,
        edited_at,
        deleted_at,
    }))
}

/// Our comment key for a site's own comment id.
pub fn comment_by_external(
    conn: &Connection,
    source: &str,
    external_id: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM comments
             WHERE source = ?1 AND external_id = ?2 AND status <> 'importing'",
        )?
        .query_row([source, external_id], |row| row.get(0))
        .optional()?)
}

/// An inactive profile for a site's own decisions (never offered in the profile picker).
pub fn insert_actor(conn: &Connection, id: &str, name: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO moderators (id, name, role, active, created_at)
         VALUES (?1, ?2, 'moderator', 0, ?3)
         ON CONFLICT (name) DO NOTHING",
        params![id, name, at],
    )?;
    Ok(())
}

pub fn actor_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM moderators WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?)
}
