//! Store access for readers' IP addresses as privacy needs them: the banned authors' keyed
//! fingerprints, the key itself, and clearing addresses past their retention time.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

const KEY: &str = "privacy.address_key";

/// The fingerprint key, but only when some banned author has a fingerprint (the common case,
/// none, costs one lookup per arriving comment).
pub fn key_if_any_bans(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT value FROM settings WHERE key = ?1 AND EXISTS (SELECT 1 FROM banned_addresses)",
    )?;
    Ok(stmt.query_row([KEY], |row| row.get(0)).optional()?)
}

/// The fingerprint key, made by `make` on first use.
pub fn key(conn: &Connection, make: impl FnOnce() -> String) -> Result<String> {
    if let Some(key) = super::settings::get(conn, KEY)? {
        return Ok(key);
    }
    let key = make();
    super::settings::set(conn, KEY, &key)?;
    Ok(key)
}

pub fn is_banned(conn: &Connection, fingerprint: &str) -> Result<bool> {
    let mut stmt = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM banned_addresses WHERE fingerprint = ?1)")?;
    Ok(stmt.query_row([fingerprint], |row| row.get(0))?)
}

pub fn remember(conn: &Connection, fingerprint: &str, author_id: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO banned_addresses (fingerprint, author_id) VALUES (?1, ?2)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![fingerprint, author_id])?;
    Ok(())
}

pub fn forget(conn: &Connection, author_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM banned_addresses WHERE author_id = ?1",
        [author_id],
    )?;
    Ok(())
}

/// Every address a banned author's comments still carry, with the author.
pub fn banned_authors_addresses(conn: &Connection) -> Result<Vec<(String, String)>> {
    // Led by the authors (banned ones are few): without planner statistics SQLite walked every
    // comment and looked its author up, 3 s at a million comments, inside a write.
    let mut stmt = conn.prepare(
        "SELECT DISTINCT c.author_id, c.author_ip
         FROM authors a CROSS JOIN comments c INDEXED BY comments_author_status
              ON c.author_id = a.id
         WHERE a.trust = 'banned' AND c.author_ip IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Clears the addresses of up to `limit` comments written before `cutoff` (stored time);
/// returns how many. Done in batches so the writer is never held for long.
/// With `secure_delete` fully on for the batch, so that index pages freed by it are zeroed too
/// (the writer's usual FAST mode leaves whole freed pages as they were).
pub fn clear_before(conn: &Connection, cutoff: &str, limit: i64) -> Result<usize> {
    conn.pragma_update(None, "secure_delete", "ON")?;
    let cleared = conn.execute(
        "UPDATE comments SET author_ip = NULL WHERE rowid IN (
             SELECT rowid FROM comments
             WHERE author_ip IS NOT NULL AND created_at < ?1 LIMIT ?2)",
        params![cutoff, limit],
    );
    conn.pragma_update(None, "secure_delete", "FAST")?;
    Ok(cleared?)
}

/// How many comments written before `cutoff` still carry an address.
pub fn count_before(conn: &Connection, cutoff: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM comments WHERE author_ip IS NOT NULL AND created_at < ?1",
        [cutoff],
        |row| row.get(0),
    )?)
}
