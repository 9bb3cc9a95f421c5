//! The ledger in memory, for metrics that must answer in milliseconds over a million
//! donations: every donation as a compact row (time, donor, kind, currency, amounts, campaign),
//! sorted by time, with the donors' names and first gifts. It is derived data: rebuilt from the
//! database whenever the ledger's fingerprint (rows, last row, last change, donors) moves, and
//! never written back.
use std::collections::HashMap;
use std::sync::Arc;

use crate::db::{self, Store};
use crate::error::{CoreError, Result};

pub(crate) const NONE32: u32 = u32::MAX;
pub(crate) const NONE16: u16 = u16::MAX;

pub(crate) const ONE_TIME: u8 = 0;
pub(crate) const RECURRING: u8 = 1;
pub(crate) const REFUND: u8 = 2;
pub(crate) const DISPUTE: u8 = 3;

#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    fingerprint: db::ledger::Fingerprint,
    /// Microseconds since the epoch (UTC), ascending.
    pub ts: Vec<i64>,
    pub rowid: Vec<i64>,
    pub donor: Vec<u32>,
    pub kind: Vec<u8>,
    pub currency: Vec<u16>,
    pub gross: Vec<i64>,
    pub fee: Vec<i64>,
    pub conv: Vec<i64>,
    pub conv_currency: Vec<u16>,
    pub campaign: Vec<u32>,
    /// How often a recurring gift comes (12 when the export did not say).
    pub per_year: Vec<u16>,
    pub currencies: Vec<String>,
    pub campaigns: Vec<String>,
    pub donor_ids: Vec<String>,
    pub donor_names: Vec<Option<String>>,
    /// First gift (microseconds), i64::MAX for none.
    pub donor_first: Vec<i64>,
}

impl Snapshot {
    pub fn is_gift(&self, i: usize) -> bool {
        self.kind[i] <= RECURRING
    }

    /// Rows with `from <= ts < to`.
    pub fn range(&self, from: i64, to: i64) -> std::ops::Range<usize> {
        let a = self.ts.partition_point(|t| *t < from);
        let b = self.ts.partition_point(|t| *t < to);
        a..b.max(a)
    }

    pub fn campaign_index(&self, id: &str) -> u32 {
        self.campaigns
            .iter()
            .position(|c| c == id)
            .map_or(NONE32, |i| i as u32)
    }

    pub fn currency_index(&self, code: &str) -> u16 {
        self.currencies
            .iter()
            .position(|c| c == code)
            .map_or(NONE16, |i| i as u16)
    }
}

/// `2026-11-01T09:00:00.000000Z` → microseconds since the epoch.
pub(crate) fn micros(stored: &str) -> Result<i64> {
    crate::time::parse_stored("occurred_at", stored).map(|at| at.timestamp_micros())
}

const KEY: &str = "fundraising.snapshot";

/// The snapshot for the ledger as it is now: the one kept, or a new one if the ledger moved.
pub(crate) fn current(store: &Store, conn: &rusqlite::Connection) -> Result<Arc<Snapshot>> {
    let fingerprint = db::ledger::fingerprint(conn)?;
    if let Some(kept) = store.derived::<Snapshot>(KEY) {
        if kept.fingerprint == fingerprint {
            return Ok(kept);
        }
    }
    let built = Arc::new(build(conn, fingerprint)?);
    store.set_derived(KEY, built.clone());
    Ok(built)
}

fn build(conn: &rusqlite::Connection, fingerprint: db::ledger::Fingerprint) -> Result<Snapshot> {
    let mut s = Snapshot {
        fingerprint,
        ..Snapshot::default()
    };
    let mut donor_index: HashMap<String, u32> = HashMap::new();
    db::ledger::for_each_donor(conn, |id, name, first| {
        donor_index.insert(id.clone(), s.donor_ids.len() as u32);
        s.donor_first.push(
            first
                .as_deref()
                .map(micros)
                .transpose()?
                .unwrap_or(i64::MAX),
        );
        s.donor_ids.push(id);
        s.donor_names.push(name);
        Ok(())
    })?;
    let mut currencies: HashMap<String, u16> = HashMap::new();
    let mut campaigns: HashMap<String, u32> = HashMap::new();
    db::ledger::for_each_row(conn, |row| {
        let mut currency = |code: &str, s: &mut Snapshot| -> u16 {
            if let Some(i) = currencies.get(code) {
                return *i;
            }
            let i = s.currencies.len() as u16;
            s.currencies.push(code.to_string());
            currencies.insert(code.to_string(), i);
            i
        };
        s.ts.push(micros(&row.occurred_at)?);
        s.rowid.push(row.rowid);
        s.donor.push(match &row.donor_id {
            Some(id) => *donor_index.get(id).ok_or_else(|| CoreError::CorruptRow {
                table: "donations",
                id: row.rowid.to_string(),
                field: "donor_id",
                message: format!("donor {id} is not in the donors table"),
            })?,
            None => NONE32,
        });
        s.kind.push(match row.kind.as_str() {
            "one_time" => ONE_TIME,
            "recurring" => RECURRING,
            "refund" => REFUND,
            "dispute" => DISPUTE,
            other => {
                return Err(CoreError::CorruptRow {
                    table: "donations",
                    id: row.rowid.to_string(),
                    field: "kind",
                    message: format!("{other:?} is not a donation kind"),
                })
            }
        });
        let c = currency(&row.currency, &mut s);
        s.currency.push(c);
        s.gross.push(row.gross_minor);
        s.fee.push(row.fee_minor);
        s.conv.push(row.converted_minor.unwrap_or(0));
        let cc = match &row.converted_currency {
            Some(code) => currency(code, &mut s),
            None => NONE16,
        };
        s.conv_currency.push(cc);
        s.campaign.push(match &row.campaign_id {
            Some(id) => match campaigns.get(id) {
                Some(i) => *i,
                None => {
                    let i = s.campaigns.len() as u32;
                    s.campaigns.push(id.clone());
                    campaigns.insert(id.clone(), i);
                    i
                }
            },
            None => NONE32,
        });
        s.per_year.push(super::metrics::recurring::per_year(
            row.payments_per_year,
            &row.rowid.to_string(),
        )?);
        Ok(())
    })?;
    Ok(s)
}
