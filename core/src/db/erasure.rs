//! Store access for erasing a person: finding everything that names them, rewriting it to a
//! placeholder, and the record that an erasure happened (never what was erased).
use rusqlite::{params, Connection};

use crate::error::Result;

/// The non-empty texts `sql` finds for `key` (one column that may be NULL).
fn strings(conn: &Connection, sql: &str, key: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let found = stmt
        .query_map([key], |row| row.get::<_, Option<String>>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found.into_iter().flatten().collect())
}

/// Authors who wrote as `email` (their record's e-mail, or any comment's).
pub fn authors_by_email(conn: &Connection, email: &str) -> Result<Vec<String>> {
    strings(
        conn,
        "SELECT id FROM authors WHERE email = ?1 COLLATE NOCASE
         UNION
         SELECT DISTINCT author_id FROM comments
         WHERE author_email = ?1 COLLATE NOCASE AND author_id IS NOT NULL",
        email,
    )
}

pub fn author_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(!strings(conn, "SELECT id FROM authors WHERE id = ?1", id)?.is_empty())
}

/// Every name, e-mail, website and IP the authors' records and comments carry.
pub fn reader_strings(conn: &Connection, authors: &str) -> Result<Vec<String>> {
    strings(
        conn,
        "SELECT name FROM authors WHERE id IN (SELECT value FROM json_each(?1))
         UNION SELECT email FROM authors WHERE id IN (SELECT value FROM json_each(?1))
         UNION SELECT url FROM authors WHERE id IN (SELECT value FROM json_each(?1))
         UNION SELECT author_name FROM comments WHERE author_id IN (SELECT value FROM json_each(?1))
         UNION SELECT author_email FROM comments WHERE author_id IN (SELECT value FROM json_each(?1))
         UNION SELECT author_url FROM comments WHERE author_id IN (SELECT value FROM json_each(?1))
         UNION SELECT author_ip FROM comments WHERE author_id IN (SELECT value FROM json_each(?1))",
        authors,
    )
}

/// The next person number of `kind` ("Erased reader 7").
pub fn next_number(conn: &Connection, kind: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM erasures WHERE kind = ?1",
        [kind],
        |row| row.get(0),
    )?)
}

pub struct Erasure<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub number: i64,
    pub moderator_id: Option<&'a str>,
    pub at: &'a str,
    pub texts_removed: bool,
}

/// Opens the erasure: while it is open, the logs' update triggers let personal fields change.
pub fn open(conn: &Connection, e: &Erasure) -> Result<()> {
    conn.execute(
        "INSERT INTO erasures (id, kind, number, moderator_id, at, texts_removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            e.id,
            e.kind,
            e.number,
            e.moderator_id,
            e.at,
            e.texts_removed
        ],
    )?;
    Ok(())
}

pub fn finish(conn: &Connection, id: &str, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE erasures SET finished_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

/// The authors' comments lose their personal fields (and, with `remove_texts`, their text);
/// returns how many comments changed.
pub fn erase_comments(
    conn: &Connection,
    authors: &str,
    placeholder: &str,
    remove_texts: bool,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE comments SET author_name = ?2, author_email = NULL, author_url = NULL,
             author_ip = NULL, body = CASE WHEN ?3 THEN '[erased]' ELSE body END
         WHERE author_id IN (SELECT value FROM json_each(?1))",
        params![authors, placeholder, remove_texts],
    )?)
}

/// The authors' records keep their counts and trust; everything naming them goes.
pub fn erase_authors(conn: &Connection, authors: &str, placeholder: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE authors SET name = ?2, email = NULL, url = NULL,
             external_id = 'erased:' || ?2 || ':' || id
         WHERE id IN (SELECT value FROM json_each(?1))",
        params![authors, placeholder],
    )?)
}

/// Banned-address fingerprints are derived from the person's addresses: they go too.
pub fn forget_addresses(conn: &Connection, authors: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM banned_addresses WHERE author_id IN (SELECT value FROM json_each(?1))",
        [authors],
    )?;
    Ok(())
}

/// Replaces `text` by `placeholder` in the free text that may quote a person: decision notes
/// and reasons, flag notes, author notes and the import reports (`json_text`: how `text` reads
/// inside a JSON string).
pub fn replace_in_free_text(
    conn: &Connection,
    text: &str,
    json_text: &str,
    placeholder: &str,
) -> Result<()> {
    let like = like_pattern;
    for sql in [
        "UPDATE decisions SET note = replace(note, ?1, ?2) WHERE note LIKE ?3 ESCAPE '\\'",
        "UPDATE decisions SET reason = replace(reason, ?1, ?2) WHERE reason LIKE ?3 ESCAPE '\\'",
        "UPDATE flags SET note = replace(note, ?1, ?2) WHERE note LIKE ?3 ESCAPE '\\'",
        "UPDATE authors SET notes = replace(notes, ?1, ?2) WHERE notes LIKE ?3 ESCAPE '\\'",
    ] {
        conn.execute(sql, params![text, placeholder, like(text)])?;
    }
    conn.execute(
        "UPDATE imports SET errors = replace(errors, ?1, ?2) WHERE errors LIKE ?3 ESCAPE '\\'",
        params![json_text, placeholder, like(json_text)],
    )?;
    Ok(())
}

/// Rewrites the full-text index in one piece, so the erased names leave its pages.
pub fn fts_optimize(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO comments_fts (comments_fts) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

/// Donors with this e-mail address.
pub fn donors_by_email(conn: &Connection, email: &str) -> Result<Vec<String>> {
    strings(
        conn,
        "SELECT id FROM donors WHERE email_normalized = lower(trim(?1))",
        email,
    )
}

pub fn donor_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(!strings(conn, "SELECT id FROM donors WHERE id = ?1", id)?.is_empty())
}

/// The donors' names, e-mails and the processors' customer ids.
pub fn donor_strings(conn: &Connection, donors: &str) -> Result<Vec<String>> {
    strings(
        conn,
        "SELECT name FROM donors WHERE id IN (SELECT value FROM json_each(?1))
         UNION SELECT email_normalized FROM donors WHERE id IN (SELECT value FROM json_each(?1))
         UNION SELECT external_id FROM donors WHERE id IN (SELECT value FROM json_each(?1))",
        donors,
    )
}

/// The donors lose their names, e-mails and customer ids; their gifts stay theirs. The
/// ledger's change history (JSON snapshots) names the placeholder instead. Returns how many
/// gifts they made.
pub fn erase_donors(conn: &Connection, donors: &str, placeholder: &str) -> Result<i64> {
    conn.execute(
        "UPDATE donors SET name = ?2, email_normalized = NULL,
             external_id = 'erased:' || ?2 || ':' || id
         WHERE id IN (SELECT value FROM json_each(?1))",
        params![donors, placeholder],
    )?;
    conn.execute(
        "UPDATE donation_changes SET
             before = CASE WHEN before IS NULL THEN NULL
                      ELSE json_set(before, '$.donor', ?2, '$.email', NULL) END,
             after = json_set(after, '$.donor', ?2, '$.email', NULL)
         WHERE donation_id IN (SELECT id FROM donations
                               WHERE donor_id IN (SELECT value FROM json_each(?1)))",
        params![donors, placeholder],
    )?;
    Ok(conn.query_row(
        "SELECT count(*) FROM donations WHERE donor_id IN (SELECT value FROM json_each(?1))",
        [donors],
        |row| row.get(0),
    )?)
}

/// Replaces `text` in the ledger's free text (gift notes, the change history) and the import
/// reports.
pub fn replace_in_ledger_text(
    conn: &Connection,
    text: &str,
    json_text: &str,
    placeholder: &str,
) -> Result<()> {
    let like = like_pattern;
    conn.execute(
        "UPDATE donations SET note = replace(note, ?1, ?2) WHERE note LIKE ?3 ESCAPE '\\'",
        params![text, placeholder, like(text)],
    )?;
    // The change history's snapshots quote notes too (as JSON strings).
    conn.execute(
        "UPDATE donation_changes SET before = replace(before, ?1, ?2), after = replace(after, ?1, ?2)
         WHERE after LIKE ?3 ESCAPE '\\' OR before LIKE ?3 ESCAPE '\\'",
        params![json_text, placeholder, like(json_text)],
    )?;
    conn.execute(
        "UPDATE imports SET errors = replace(errors, ?1, ?2) WHERE errors LIKE ?3 ESCAPE '\\'",
        params![json_text, placeholder, like(json_text)],
    )?;
    Ok(())
}

/// `%text%` for LIKE with `\` as the escape, so `%`, `_` and `\` in a name match themselves.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
