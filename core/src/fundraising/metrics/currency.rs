//! Converting ledger rows into one currency: the row's own amount, the provider's
//! conversion, or the rate of the row's day in the newsroom's time zone. Rows with none of
//! these are set aside and listed as unconverted. `Converter` reads rows from the store (the
//! charts use it); `SnapMoney` reads them from the ledger snapshot the metrics scan.
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::db::{self, metrics::GiftRow};
use crate::error::{CoreError, Result};
use crate::fundraising::convert;
use crate::fundraising::snapshot::{Snapshot, NONE16};
use crate::time;

/// A row in the campaign's currency.
pub(crate) struct Money {
    pub gross: i64,
    pub fee: i64,
}

/// Converts rows into one currency: the row's own amount, the provider's conversion, or the
/// day's rate; rows with none of these are set aside (and listed as unconverted).
pub(crate) struct Converter<'c> {
    conn: &'c rusqlite::Connection,
    to: String,
    /// A gift's rate is the one of its day in the newsroom's time zone.
    zone: chrono_tz::Tz,
    rates: HashMap<(String, String), Option<Decimal>>,
    unconverted: BTreeMap<String, i64>,
}

impl<'c> Converter<'c> {
    pub(crate) fn new(conn: &'c rusqlite::Connection, to: &str, zone: chrono_tz::Tz) -> Self {
        Converter {
            conn,
            to: to.to_string(),
            zone,
            rates: HashMap::new(),
            unconverted: BTreeMap::new(),
        }
    }

    /// The row in the target currency; a row that cannot be converted is counted as
    /// unconverted (once: the campaign's own rows are the ones listed).
    pub(crate) fn money(&mut self, row: &GiftRow) -> Result<Option<Money>> {
        self.convert(row, true)
    }

    fn convert(&mut self, row: &GiftRow, count: bool) -> Result<Option<Money>> {
        if row.currency == self.to {
            return Ok(Some(Money {
                gross: row.gross_minor,
                fee: row.fee_minor,
            }));
        }
        if let (Some(converted), Some(code)) = (row.converted_minor, &row.converted_currency) {
            if *code == self.to {
                return Ok(Some(Money {
                    gross: converted,
                    fee: proportional_fee(row.fee_minor, converted, row.gross_minor)?,
                }));
            }
        }
        let day = time::parse_stored("occurred_at", &row.occurred_at)?
            .with_timezone(&self.zone)
            .date_naive()
            .to_string();
        let rate = self.rate(&row.currency, day)?;
        match rate {
            Some(rate) => Ok(Some(Money {
                gross: convert::convert(row.gross_minor, &row.currency, &self.to, rate)?,
                fee: convert::convert(row.fee_minor, &row.currency, &self.to, rate)?,
            })),
            None => {
                if count {
                    *self.unconverted.entry(row.currency.clone()).or_insert(0) +=
                        row.gross_minor - row.fee_minor;
                }
                Ok(None)
            }
        }
    }

    /// The rate from `currency` to the target on `day`, looked up once.
    fn rate(&mut self, currency: &str, day: String) -> Result<Option<Decimal>> {
        let key = (currency.to_owned(), day);
        if let Some(rate) = self.rates.get(&key) {
            return Ok(*rate);
        }
        let rate = rate_on(self.conn, currency, &self.to, &key.1)?;
        self.rates.insert(key, rate);
        Ok(rate)
    }
}

/// Converts snapshot rows into one currency (see `Converter` for the rule).
pub(super) struct SnapMoney<'a> {
    conn: &'a rusqlite::Connection,
    snap: &'a Snapshot,
    to: &'a str,
    /// NONE16 when no row of the ledger is in the target currency.
    to_index: u16,
    zone: chrono_tz::Tz,
    /// By (currency, day in the newsroom's zone).
    rates: HashMap<(u16, NaiveDate), Option<Decimal>>,
    unconverted: BTreeMap<String, i64>,
}

impl<'a> SnapMoney<'a> {
    pub(super) fn new(
        conn: &'a rusqlite::Connection,
        snap: &'a Snapshot,
        to: &'a str,
        zone: chrono_tz::Tz,
    ) -> Self {
        SnapMoney {
            conn,
            snap,
            to,
            to_index: snap.currency_index(to),
            zone,
            rates: HashMap::new(),
            unconverted: BTreeMap::new(),
        }
    }

    /// What could not be converted, by currency (net of fees, in that currency).
    pub(super) fn unconverted(&self) -> &BTreeMap<String, i64> {
        &self.unconverted
    }

    /// (gross, fee) of row `i` in the target currency; None when no rate is known.
    pub(super) fn money(&mut self, i: usize, count: bool) -> Result<Option<(i64, i64)>> {
        let s = self.snap;
        if s.currency[i] == self.to_index {
            return Ok(Some((s.gross[i], s.fee[i])));
        }
        // (A row with no provider conversion has NONE16 here, as has a target currency no row
        // is in: that must not read as converted.)
        if s.conv_currency[i] != NONE16 && s.conv_currency[i] == self.to_index {
            let converted = s.conv[i];
            return Ok(Some((
                converted,
                proportional_fee(s.fee[i], converted, s.gross[i])?,
            )));
        }
        let currency = &s.currencies[s.currency[i] as usize];
        match self.rate(i)? {
            Some(rate) => Ok(Some((
                convert::convert(s.gross[i], currency, self.to, rate)?,
                convert::convert(s.fee[i], currency, self.to, rate)?,
            ))),
            None => {
                if count {
                    *self.unconverted.entry(currency.clone()).or_insert(0) += s.gross[i] - s.fee[i];
                }
                Ok(None)
            }
        }
    }

    /// The rate of row `i`'s currency on its day, looked up once per currency and day.
    fn rate(&mut self, i: usize) -> Result<Option<Decimal>> {
        let s = self.snap;
        let local_day = chrono::DateTime::from_timestamp_micros(s.ts[i])
            .map(|at| at.with_timezone(&self.zone).date_naive())
            .ok_or_else(|| CoreError::CorruptRow {
                table: "donations",
                id: s.rowid[i].to_string(),
                field: "occurred_at",
                message: "the time is out of range".into(),
            })?;
        let key = (s.currency[i], local_day);
        if let Some(rate) = self.rates.get(&key) {
            return Ok(*rate);
        }
        let currency = &s.currencies[s.currency[i] as usize];
        let rate = rate_on(self.conn, currency, self.to, &local_day.to_string())?;
        self.rates.insert(key, rate);
        Ok(rate)
    }
}

/// The rate from `from` to `to` on `day`: as entered, else the inverse of the opposite one.
fn rate_on(
    conn: &rusqlite::Connection,
    from: &str,
    to: &str,
    day: &str,
) -> Result<Option<Decimal>> {
    Ok(match db::metrics::rate_on(conn, from, to, day)? {
        Some(text) => Some(convert::parse_rate(&text)?),
        None => match db::metrics::rate_on(conn, to, from, day)? {
            Some(text) => Some(convert::inverse(convert::parse_rate(&text)?)?),
            None => None,
        },
    })
}

/// The fee in the same proportion as the provider's conversion of the gross.
fn proportional_fee(fee: i64, converted: i64, gross: i64) -> Result<i64> {
    if gross == 0 {
        return Ok(0);
    }
    let f = Decimal::from(fee) * Decimal::from(converted) / Decimal::from(gross);
    i64::try_from(f.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
        .map_err(|_| CoreError::invalid("fee", "the fee is too large"))
}
