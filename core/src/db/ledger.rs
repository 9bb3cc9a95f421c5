//! Store access for the donation ledger beyond inserting: finding a donor again (by e-mail or
//! the source's customer id), reading rows for the ledger view, editing gifts typed in by hand
//! with their change log, and the column mappings remembered for generic CSV files.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::ids;

/// The donor an incoming gift belongs to: the one with the same normalized e-mail (any
/// source), else the one the source knows by this customer id, else a new donor. None when
/// the gift names neither (an anonymous gift).
pub fn donor_for(
    conn: &Connection,
    source: &str,
    customer_id: Option<&str>,
    email_normalized: Option<&str>,
    name: Option<&str>,
    country: Option<&str>,
) -> Result<Option<String>> {
    if let Some(email) = email_normalized {
        let found: Option<String> = conn
            .prepare_cached(
                "SELECT id FROM donors WHERE email_normalized = ?1 ORDER BY rowid LIMIT 1",
            )?
            .query_row([email], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(Some(id));
        }
    }
    let external = match (customer_id, email_normalized) {
        (Some(customer), _) => format!("customer:{customer}"),
        (None, Some(email)) => format!("email:{email}"),
        (None, None) => return Ok(None),
    };
    let id = ids::from_source("donors", source, &external);
    conn.prepare_cached(
        "INSERT INTO donors (id, source, external_id, name, email_normalized, country)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (source, external_id) DO UPDATE SET
             email_normalized = coalesce(donors.email_normalized, excluded.email_normalized),
             name = coalesce(donors.name, excluded.name),
             country = coalesce(donors.country, excluded.country)",
    )?
    .execute(params![
        id,
        source,
        external,
        name,
        email_normalized,
        country
    ])?;
    Ok(Some(id))
}

/// A refund's original as the ledger holds it: its key and the campaign it was assigned to.
pub fn original(
    conn: &Connection,
    source: &str,
    external_id: &str,
) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, campaign_id FROM donations WHERE source = ?1 AND external_id = ?2",
        )?
        .query_row([source, external_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A refund already in the ledger for a gift: its external id and amounts.
pub struct RefundRow {
    pub external_id: String,
    pub gross_minor: i64,
    pub currency: String,
    pub converted: Option<(i64, String)>,
}

/// Links refunds and disputes that came in before their gift (from another export) to the
/// gift, now that it is in the ledger; they take its campaign when they had none.
pub fn link_waiting_reversals(conn: &Connection) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE donations AS r
             SET original_id = g.id, campaign_id = coalesce(r.campaign_id, g.campaign_id)
             FROM donations AS g
             WHERE r.original_id IS NULL AND r.original_external_id IS NOT NULL
               AND g.source = r.source AND g.external_id = r.original_external_id
               AND (g.kind = 'one_time' OR g.kind = 'recurring')",
        )?
        .execute([])?)
}

/// Sets a donor's first gift to the earliest of their gifts (None when they have none left).
pub fn recompute_first_gift(conn: &Connection, donor_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE donors SET first_gift_at =
             (SELECT min(occurred_at) FROM donations
              WHERE donor_id = ?1 AND (kind = 'one_time' OR kind = 'recurring'))
         WHERE id = ?1",
    )?
    .execute([donor_id])?;
    Ok(())
}

/// The refunds (not disputes) recorded against a gift.
pub fn refunds_of(conn: &Connection, id: &str) -> Result<Vec<RefundRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT external_id, gross_minor, converted_minor, converted_currency, currency
         FROM donations WHERE original_id = ?1 AND kind = 'refund'",
    )?;
    let rows = stmt.query_map([id], |r| {
        let converted: Option<i64> = r.get(2)?;
        let currency: Option<String> = r.get(3)?;
        Ok(RefundRow {
            external_id: r.get(0)?,
            gross_minor: r.get(1)?,
            currency: r.get(4)?,
            converted: converted.zip(currency),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The external ids of the disputes recorded against a gift.
pub fn disputes_of(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT external_id FROM donations WHERE original_id = ?1 AND kind = 'dispute'",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The refunds and disputes that reverse a gift.
pub fn reversals_of(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM donations WHERE original_id = ?1")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The key of a donation the source gave us before (a refund's original), if we have it.
pub fn donation_key(conn: &Connection, source: &str, external_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM donations WHERE source = ?1 AND external_id = ?2")?
        .query_row([source, external_id], |r| r.get(0))
        .optional()?)
}

/// One ledger row as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: String,
    pub source: String,
    pub external_id: String,
    pub kind: String,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub net_minor: i64,
    pub currency: String,
    pub converted_minor: Option<i64>,
    pub converted_currency: Option<String>,
    pub occurred_at: String,
    pub donor_id: Option<String>,
    pub donor_name: Option<String>,
    pub donor_email: Option<String>,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub original_id: Option<String>,
    pub method: Option<String>,
    pub note: String,
}

const LEDGER_COLUMNS: &str = "d.id, d.source, d.external_id, d.kind, d.gross_minor, d.fee_minor,
     d.net_minor, d.currency, d.converted_minor, d.converted_currency, d.occurred_at, d.donor_id,
     o.name, o.email_normalized, d.campaign_id, c.name, d.original_id, d.method, d.note";

fn ledger_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        id: r.get(0)?,
        source: r.get(1)?,
        external_id: r.get(2)?,
        kind: r.get(3)?,
        gross_minor: r.get(4)?,
        fee_minor: r.get(5)?,
        net_minor: r.get(6)?,
        currency: r.get(7)?,
        converted_minor: r.get(8)?,
        converted_currency: r.get(9)?,
        occurred_at: r.get(10)?,
        donor_id: r.get(11)?,
        donor_name: r.get(12)?,
        donor_email: r.get(13)?,
        campaign_id: r.get(14)?,
        campaign_name: r.get(15)?,
        original_id: r.get(16)?,
        method: r.get(17)?,
        note: r.get(18)?,
    })
}

/// Which ledger rows to list.
#[derive(Debug, Clone, Default)]
pub struct LedgerFilter<'a> {
    pub donor_id: Option<&'a str>,
    pub source: Option<&'a str>,
    pub after: Option<&'a str>,
    pub before: Option<&'a str>,
    /// Only these keys (the rows behind a metric), in this order of time.
    pub ids: Option<&'a [String]>,
}

/// Newest first, `limit` rows older than `(occurred_at, id)` when given.
pub fn page(
    conn: &Connection,
    filter: &LedgerFilter,
    older_than: Option<(&str, &str)>,
    limit: i64,
) -> Result<Vec<LedgerRow>> {
    let ids_json = filter
        .ids
        .map(serde_json::to_string)
        .transpose()
        .map_err(|err| CoreError::invalid("ids", err.to_string()))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LEDGER_COLUMNS}
         FROM donations d
         LEFT JOIN donors o ON o.id = d.donor_id
         LEFT JOIN campaigns c ON c.id = d.campaign_id
         WHERE (?1 IS NULL OR d.donor_id = ?1)
           AND (?2 IS NULL OR d.source = ?2)
           AND (?3 IS NULL OR d.occurred_at >= ?3)
           AND (?4 IS NULL OR d.occurred_at < ?4)
           AND (?5 IS NULL OR d.id IN (SELECT value FROM json_each(?5)))
           AND (?6 IS NULL OR d.occurred_at < ?6 OR (d.occurred_at = ?6 AND d.id < ?7))
         ORDER BY d.occurred_at DESC, d.id DESC
         LIMIT ?8"
    ))?;
    let rows = stmt.query_map(
        params![
            filter.donor_id,
            filter.source,
            filter.after,
            filter.before,
            ids_json,
            older_than.map(|o| o.0),
            older_than.map(|o| o.1),
            limit
        ],
        ledger_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<LedgerRow> {
    conn.query_row(
        &format!(
            "SELECT {LEDGER_COLUMNS} FROM donations d
             LEFT JOIN donors o ON o.id = d.donor_id
             LEFT JOIN campaigns c ON c.id = d.campaign_id
             WHERE d.id = ?1"
        ),
        [id],
        ledger_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("donation {id}"),
    })
}

/// A hand-entered gift's new values (the ledger's checks still apply: net = gross - fee).
pub struct ManualUpdate<'a> {
    pub donor_id: Option<&'a str>,
    pub campaign_id: Option<&'a str>,
    pub kind: &'a str,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub currency: &'a str,
    pub occurred_at: &'a str,
    pub method: Option<&'a str>,
    pub note: &'a str,
}

pub fn update_manual(conn: &Connection, id: &str, row: &ManualUpdate) -> Result<()> {
    let changed = conn.execute(
        "UPDATE donations SET donor_id = ?2, campaign_id = ?3, kind = ?4, gross_minor = ?5,
             fee_minor = ?6, net_minor = ?5 - ?6, currency = ?7, occurred_at = ?8, method = ?9,
             note = ?10
         WHERE id = ?1 AND source = 'manual'",
        params![
            id,
            row.donor_id,
            row.campaign_id,
            row.kind,
            row.gross_minor,
            row.fee_minor,
            row.currency,
            row.occurred_at,
            row.method,
            row.note
        ],
    )?;
    if changed == 0 {
        return Err(CoreError::Forbidden(format!(
            "donation {id} is not a gift entered by hand: imported rows are corrected in the \
             system they came from and imported again"
        )));
    }
    Ok(())
}

/// Assigns gifts to a campaign by hand (None: back to assignment by the campaign's window).
pub fn set_campaign(conn: &Connection, id: &str, campaign_id: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE donations SET campaign_id = ?2 WHERE id = ?1",
        params![id, campaign_id],
    )?;
    Ok(())
}

pub struct NewChange<'a> {
    pub donation_id: &'a str,
    pub moderator_id: &'a str,
    pub at: &'a str,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: &'a str,
}

pub fn record_change(conn: &Connection, change: &NewChange) -> Result<()> {
    conn.execute(
        "INSERT INTO donation_changes (id, donation_id, moderator_id, at, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            ids::new_v7(),
            change.donation_id,
            change.moderator_id,
            change.at,
            change.action,
            change.before,
            change.after
        ],
    )?;
    Ok(())
}

/// (at, who, action, before, after), oldest first.
pub type ChangeRow = (String, String, String, Option<String>, String);

pub fn changes(conn: &Connection, donation_id: &str) -> Result<Vec<ChangeRow>> {
    let mut stmt = conn.prepare(
        "SELECT ch.at, m.name, ch.action, ch.before, ch.after
         FROM donation_changes ch JOIN moderators m ON m.id = ch.moderator_id
         WHERE ch.donation_id = ?1 ORDER BY ch.at, ch.id",
    )?;
    let rows = stmt.query_map([donation_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn mapping(conn: &Connection, signature: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE signature = ?1",
            [signature],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn save_mapping(conn: &Connection, signature: &str, mapping: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping,
                                               updated_at = excluded.updated_at",
        params![signature, mapping, at],
    )?;
    Ok(())
}

/// A campaign's id by its name (for the CLI's --campaign).
pub fn campaign_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM campaigns WHERE name = ?1 COLLATE NOCASE",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}

/// What changes when the ledger does: a donation added (the last rowid grows: rows are never
/// deleted, so a rowid is never reused), a row edited by hand or assigned to a campaign (each
/// such change is logged), a donor added. Each part is one index lookup, whatever the size.
pub type Fingerprint = (i64, i64, i64);

pub fn fingerprint(conn: &Connection) -> Result<Fingerprint> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM donations),
                    (SELECT coalesce(max(rowid), 0) FROM donation_changes),
                    (SELECT coalesce(max(rowid), 0) FROM donors)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

pub fn for_each_donor(
    conn: &Connection,
    mut each: impl FnMut(String, Option<String>, Option<String>) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare("SELECT id, name, first_gift_at FROM donors")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, r.get(2)?)?;
    }
    Ok(())
}

/// A donation as the in-memory ledger keeps it.
pub struct CompactRow {
    pub rowid: i64,
    pub occurred_at: String,
    pub donor_id: Option<String>,
    pub kind: String,
    pub currency: String,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub converted_minor: Option<i64>,
    pub converted_currency: Option<String>,
    pub campaign_id: Option<String>,
    pub payments_per_year: Option<i64>,
}

/// Every donation, oldest first.
pub fn for_each_row(
    conn: &Connection,
    mut each: impl FnMut(CompactRow) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT rowid, occurred_at, donor_id, kind, currency, gross_minor, fee_minor,
                converted_minor, converted_currency, campaign_id, payments_per_year
         FROM donations ORDER BY occurred_at, rowid",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(CompactRow {
            rowid: r.get(0)?,
            occurred_at: r.get(1)?,
            donor_id: r.get(2)?,
            kind: r.get(3)?,
            currency: r.get(4)?,
            gross_minor: r.get(5)?,
            fee_minor: r.get(6)?,
            converted_minor: r.get(7)?,
            converted_currency: r.get(8)?,
            campaign_id: r.get(9)?,
            payments_per_year: r.get(10)?,
        })?;
    }
    Ok(())
}

/// The keys of donations by rowid (the rows behind a number), newest first.
pub fn keys_of(conn: &Connection, rowids: &[i64]) -> Result<Vec<String>> {
    let json =
        serde_json::to_string(rowids).map_err(|err| CoreError::invalid("rows", err.to_string()))?;
    let mut stmt = conn.prepare(
        "SELECT id FROM donations WHERE rowid IN (SELECT value FROM json_each(?1))
         ORDER BY occurred_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([json], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many donation rows the ledger has had (rows are never deleted, so the last rowid is
/// the count, read in one index step whatever the size).
pub fn donation_high_water(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(rowid), 0) FROM donations")?
        .query_row([], |r| r.get(0))?)
}

/// The donations table's secondary indexes, dropped for a bulk load inside its transaction.
/// Building an index once from all the rows (SQLite sorts them) costs a fraction of inserting
/// the same entries one by one at random places in the tree. The indexes behind the table's
/// keys stay, and so does the one that finds a gift's refunds, since the load looks rows up
/// through them (that last one holds only refunds and disputes, so it is cheap to keep).
/// Call `rebuild` before the transaction commits; if it rolls back instead, the indexes were
/// never gone.
#[must_use = "the indexes must be rebuilt before the transaction commits"]
pub struct IndexesSetAside(Vec<String>);

pub fn set_aside_donation_indexes(conn: &Connection) -> Result<IndexesSetAside> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'index' AND tbl_name = 'donations' AND sql IS NOT NULL
           AND name NOT IN ('donations_original', 'donations_waiting')
         ORDER BY name",
    )?;
    let found = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut statements = Vec::with_capacity(found.len());
    for (name, sql) in found {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        statements.push(sql);
    }
    Ok(IndexesSetAside(statements))
}

impl IndexesSetAside {
    /// Creates the indexes again from the statements the schema held.
    pub fn rebuild(self, conn: &Connection) -> Result<()> {
        for sql in &self.0 {
            conn.execute_batch(sql)?;
        }
        Ok(())
    }
}
