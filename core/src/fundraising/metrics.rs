//! The numbers editors read each morning, per campaign and period, in the newsroom's time zone
//! and the campaign's currency: raised against the goal (on the campaign's basis, refunds always
//! subtracted), gifts, donors new and returning, average and median gift, recurring share, MRR,
//! churn, retention, lapsed and top donors, and when the goal will be reached at the current
//! pace, with the formula and its inputs. Every number can open the rows behind it.
//!
//! Scope: a campaign's gifts are those assigned to it by hand, plus unassigned gifts inside
//! its window. MRR, churn, retention and lapsed donors describe the newsroom's donors as of the
//! chosen day, across the whole ledger (a donor is not one campaign's).
//!
//! Definitions (stated in the window too):
//! - a recurring gift keeps its donor active for one interval and four days' grace: 35 days for
//!   a monthly plan (or one whose export does not say), 96 for a quarterly and 369 for a
//!   yearly one; MRR is the sum of each active recurring donor's latest recurring gift as
//!   income a month (a yearly $120 is $10), on the campaign's basis (before or after fees);
//! - churn = recurring donors active 30 days ago and not active now ÷ those active 30 days ago;
//! - retention = donors who gave 24–12 months ago and again in the last 12 months ÷ donors who
//!   gave 24–12 months ago; lapsed = the rest of them;
//! - a donor is new in a period when their first gift ever is inside it;
//! - average and median are of gifts (refunds are not gifts), before fees.
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::campaigns::{percent_text, sentence, UnconvertedMoney};
use super::convert;
use super::money::{self, Style};
use super::snapshot::{self, micros, Snapshot, NONE16, NONE32, RECURRING};
use crate::db::metrics::GiftRow;
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::model::Basis;
use crate::settings;
use crate::time;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MetricsQuery {
    pub campaign_id: String,
    /// The period (YYYY-MM-DD, both included, newsroom time zone); default: the campaign window.
    pub from_day: Option<String>,
    pub to_day: Option<String>,
    /// "Today" for MRR, churn, retention and the projection; default: today, within the period.
    pub as_of: Option<String>,
}

/// A share: part of whole, in tenths of a percent (None when whole is zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Ratio {
    pub part: i64,
    pub whole: i64,
    pub permille: Option<i64>,
}

impl Ratio {
    fn new(part: i64, whole: i64) -> Ratio {
        let permille = (whole != 0).then(|| {
            let p = i128::from(part) * 1000 / i128::from(whole);
            i64::try_from(p).unwrap_or(i64::MAX)
        });
        Ratio {
            part,
            whole,
            permille,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TopDonor {
    pub donor_id: String,
    pub name: String,
    pub total_minor: i64,
    pub total_display: String,
    pub gifts: i64,
}

/// When the goal is reached at the current pace; both paces (30 and 90 days) give a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Projection {
    /// "reached", "projected", "no_pace" (nothing coming in) or "not_projected" (monthly goals).
    pub state: String,
    pub remaining_minor: i64,
    pub mrr_minor: i64,
    pub one_time_30_minor: i64,
    pub one_time_90_minor: i64,
    /// Minor units a day at each pace (rounded half to even).
    pub daily_30_minor: i64,
    pub daily_90_minor: i64,
    /// The same paces ready to show ("$105.20").
    pub daily_30_display: String,
    pub daily_90_display: String,
    /// The day the goal is reached at each pace (None when that pace is zero).
    pub date_30: Option<String>,
    pub date_90: Option<String>,
    pub formula: String,
    /// The projection in a sentence, with its inputs.
    pub explanation: String,
}

/// One number as the window shows it; `key` asks for the rows behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Figure {
    pub key: String,
    pub label: String,
    pub value: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CampaignMetrics {
    pub campaign_id: String,
    pub name: String,
    pub currency: String,
    pub basis: Basis,
    pub goal_type: String,
    pub time_zone: String,
    pub window_from: String,
    pub window_to: String,
    pub period_from: String,
    pub period_to: String,
    pub as_of: String,
    pub goal_minor: i64,
    pub raised_minor: i64,
    /// Goal minus raised; negative past the goal.
    pub remaining_minor: i64,
    pub permille: Option<i64>,
    pub percent_display: String,
    pub goal_display: String,
    pub raised_display: String,
    pub sentence: String,
    pub gross_minor: i64,
    pub fees_minor: i64,
    /// Refunds and disputes, negative.
    pub refunds_minor: i64,
    pub net_minor: i64,
    pub gifts: i64,
    pub refunds: i64,
    pub unique_donors: i64,
    pub anonymous_gifts: i64,
    pub new_donors: i64,
    pub returning_donors: i64,
    pub average_gift_minor: Option<i64>,
    pub median_gift_minor: Option<i64>,
    pub recurring_share: Ratio,
    pub mrr_minor: i64,
    pub churn: Ratio,
    pub retention: Ratio,
    pub lapsed_donors: i64,
    pub top_donors: Vec<TopDonor>,
    pub projection: Projection,
    pub unconverted: Vec<UnconvertedMoney>,
    pub figures: Vec<Figure>,
}

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
                // The fee in the same proportion as the provider's conversion.
                let fee = if row.gross_minor == 0 {
                    0
                } else {
                    let f = Decimal::from(row.fee_minor) * Decimal::from(converted)
                        / Decimal::from(row.gross_minor);
                    i64::try_from(
                        f.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven),
                    )
                    .map_err(|_| CoreError::invalid("fee", "the fee is too large"))?
                };
                return Ok(Some(Money {
                    gross: converted,
                    fee,
                }));
            }
        }
        let day = time::parse_stored("occurred_at", &row.occurred_at)?
            .with_timezone(&self.zone)
            .date_naive()
            .to_string();
        let key = (row.currency.clone(), day.clone());
        let rate = match self.rates.get(&key) {
            Some(rate) => *rate,
            None => {
                let rate = match db::metrics::rate_on(self.conn, &row.currency, &self.to, &day)? {
                    Some(text) => Some(convert::parse_rate(&text)?),
                    None => match db::metrics::rate_on(self.conn, &self.to, &row.currency, &day)? {
                        Some(text) => Some(convert::inverse(convert::parse_rate(&text)?)?),
                        None => None,
                    },
                };
                self.rates.insert(key, rate);
                rate
            }
        };
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
}

pub(crate) fn is_gift(kind: &str) -> bool {
    kind == "one_time" || kind == "recurring"
}

fn stored_day(day: NaiveDate, zone: chrono_tz::Tz) -> String {
    time::day_start(day, zone)
}

/// Converts snapshot rows into one currency (see `Converter` for the rule).
struct SnapMoney<'a> {
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

impl SnapMoney<'_> {
    /// (gross, fee) of row `i` in the target currency; None when no rate is known.
    fn money(&mut self, i: usize, count: bool) -> Result<Option<(i64, i64)>> {
        let s = self.snap;
        if s.currency[i] == self.to_index {
            return Ok(Some((s.gross[i], s.fee[i])));
        }
        // (A row with no provider conversion has NONE16 here, as has a target currency no row
        // is in: that must not read as converted.)
        if s.conv_currency[i] != NONE16 && s.conv_currency[i] == self.to_index {
            let converted = s.conv[i];
            let fee = if s.gross[i] == 0 {
                0
            } else {
                let f =
                    Decimal::from(s.fee[i]) * Decimal::from(converted) / Decimal::from(s.gross[i]);
                i64::try_from(f.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
                    .map_err(|_| CoreError::invalid("fee", "the fee is too large"))?
            };
            return Ok(Some((converted, fee)));
        }
        let currency = &s.currencies[s.currency[i] as usize];
        let local_day = chrono::DateTime::from_timestamp_micros(s.ts[i])
            .map(|at| at.with_timezone(&self.zone).date_naive())
            .ok_or_else(|| CoreError::CorruptRow {
                table: "donations",
                id: s.rowid[i].to_string(),
                field: "occurred_at",
                message: "the time is out of range".into(),
            })?;
        let key = (s.currency[i], local_day);
        let rate = match self.rates.get(&key) {
            Some(rate) => *rate,
            None => {
                let day = local_day.to_string();
                let rate = match db::metrics::rate_on(self.conn, currency, self.to, &day)? {
                    Some(text) => Some(convert::parse_rate(&text)?),
                    None => match db::metrics::rate_on(self.conn, self.to, currency, &day)? {
                        Some(text) => Some(convert::inverse(convert::parse_rate(&text)?)?),
                        None => None,
                    },
                };
                self.rates.insert(key, rate);
                rate
            }
        };
        match rate {
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
}

/// The metrics, and the rowids behind the number `want` (when asked).
fn compute(
    conn: &rusqlite::Connection,
    snap: &Snapshot,
    query: &MetricsQuery,
    want: Option<&str>,
) -> Result<(CampaignMetrics, Vec<i64>)> {
    let zone = settings::zone(conn)?;
    let campaign = db::fundraising::list_campaigns(conn)?
        .into_iter()
        .find(|c| c.id == query.campaign_id)
        .ok_or_else(|| CoreError::NotFound {
            what: format!("campaign {}", query.campaign_id),
        })?;
    let cur = campaign.currency.clone();
    let window_from = time::parse_day("starts_on", &campaign.starts_on)?;
    let window_to = time::parse_day("ends_on", &campaign.ends_on)?;
    let day = |field: &str, text: &Option<String>, default: NaiveDate| -> Result<NaiveDate> {
        match text.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => time::parse_day(field, t),
            None => Ok(default),
        }
    };
    let period_from = day("from", &query.from_day, window_from)?;
    let period_to = day("to", &query.to_day, window_to)?;
    if period_to < period_from {
        return Err(CoreError::invalid("to", "the period ends before it starts"));
    }
    let today = Utc::now().with_timezone(&zone).date_naive();
    let as_of = day("as_of", &query.as_of, today.clamp(period_from, period_to))?;
    let at = |d: NaiveDate| micros(&stored_day(d, zone));
    let window = (at(window_from)?, at(window_to + Duration::days(1))?);
    let span = (at(period_from)?, at(period_to + Duration::days(1))?);
    let as_of_end = at(as_of + Duration::days(1))?;
    let (ot_30_from, ot_90_from) = (
        at(as_of - Duration::days(29))?,
        at(as_of - Duration::days(89))?,
    );

    let me = snap.campaign_index(&campaign.id);
    let mut money = SnapMoney {
        conn,
        snap,
        to: &cur,
        to_index: snap.currency_index(&cur),
        zone,
        rates: HashMap::new(),
        unconverted: BTreeMap::new(),
    };
    let value = |gross: i64, fee: i64| match campaign.basis {
        Basis::Gross => gross,
        Basis::Net => gross - fee,
    };
    let mut behind: Vec<i64> = Vec::new();
    let keep = |key: &str, i: usize, behind: &mut Vec<i64>| {
        if want == Some(key) {
            behind.push(snap.rowid[i]);
        }
    };
    let donor_key = want.and_then(|w| w.strip_prefix("donor:"));
    let (mut gross, mut fees, mut refunds_minor, mut raised) = (0i64, 0i64, 0i64, 0i64);
    let (mut gifts, mut refunds, mut anonymous) = (0i64, 0i64, 0i64);
    let (mut recurring_gross, mut gift_gross) = (0i64, 0i64);
    let (mut one_time_30, mut one_time_90) = (0i64, 0i64);
    let mut amounts: Vec<i64> = Vec::new();
    let n_donors = snap.donor_ids.len();
    let mut donor_total = vec![0i64; n_donors];
    let mut donor_gifts = vec![0u32; n_donors];
    let mut donor_seen = vec![false; n_donors];
    let mut touched: Vec<u32> = Vec::new();
    let (mut new_donors, mut returning) = (0i64, 0i64);
    for i in snap.range(span.0, span.1) {
        let c = snap.campaign[i];
        let in_scope = c == me && me != NONE32
            || c == NONE32 && snap.ts[i] >= window.0 && snap.ts[i] < window.1;
        if !in_scope {
            continue;
        }
        let Some((g, f)) = money.money(i, true)? else {
            keep("unconverted", i, &mut behind);
            continue;
        };
        gross += g;
        fees += f;
        raised += value(g, f);
        // Every row that adds to (or takes from) the amount raised: they sum to it.
        keep("raised", i, &mut behind);
        let d = snap.donor[i];
        if snap.is_gift(i) {
            gifts += 1;
            gift_gross += g;
            amounts.push(g);
            keep("gifts", i, &mut behind);
            if snap.kind[i] == RECURRING {
                recurring_gross += g;
                keep("recurring_share", i, &mut behind);
            } else if snap.ts[i] < as_of_end {
                if snap.ts[i] >= ot_30_from {
                    one_time_30 += value(g, f);
                }
                if snap.ts[i] >= ot_90_from {
                    one_time_90 += value(g, f);
                }
            }
            if d == NONE32 {
                anonymous += 1;
                keep("anonymous", i, &mut behind);
            } else {
                let is_new = snap.donor_first[d as usize] >= span.0;
                if !donor_seen[d as usize] {
                    donor_seen[d as usize] = true;
                    if is_new {
                        new_donors += 1;
                    } else {
                        returning += 1;
                    }
                }
                keep(
                    if is_new {
                        "new_donors"
                    } else {
                        "returning_donors"
                    },
                    i,
                    &mut behind,
                );
                keep("unique_donors", i, &mut behind);
            }
        } else {
            refunds += 1;
            refunds_minor += g;
            keep("refunds", i, &mut behind);
        }
        if d != NONE32 {
            let slot = d as usize;
            if donor_total[slot] == 0 && donor_gifts[slot] == 0 {
                touched.push(d);
            }
            donor_total[slot] += value(g, f);
            donor_gifts[slot] += u32::from(snap.is_gift(i));
            if donor_key.is_some_and(|k| k == snap.donor_ids[slot]) {
                behind.push(snap.rowid[i]);
            }
        }
    }
    let unique_donors = new_donors + returning;
    let half_even = |d: Decimal| {
        i64::try_from(d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
            .map_err(|_| CoreError::invalid("amount", "the amount is too large"))
    };
    let average = if gifts > 0 {
        Some(half_even(Decimal::from(gift_gross) / Decimal::from(gifts))?)
    } else {
        None
    };
    let median = match amounts.len() {
        0 => None,
        n if n % 2 == 1 => Some(*amounts.select_nth_unstable(n / 2).1),
        n => {
            let high = *amounts.select_nth_unstable(n / 2).1;
            let low = amounts[..n / 2].iter().copied().max().unwrap_or(high);
            Some(half_even(
                (Decimal::from(low) + Decimal::from(high)) / Decimal::from(2),
            )?)
        }
    };

    // Donor-level numbers over the whole ledger, as of the chosen day.
    let history = snap.range(at(as_of - Duration::days(730))?, as_of_end);
    let year_ago = at(as_of - Duration::days(365))?;
    let month_ago = as_of - Duration::days(30);
    // A recurring gift keeps its donor active for one interval and four days' grace: 35 days
    // for a monthly plan, 96 for a quarterly one, 369 for a yearly one. Per interval: from
    // when a gift keeps them active now, and the span that made them active a month ago.
    let mut spans: HashMap<u16, ActiveSpan> = HashMap::new();
    let mut last_span: Option<(u16, ActiveSpan)> = None;
    let mut span_of = |per_year: u16| -> Result<ActiveSpan> {
        // Nearly every plan is monthly: the last answer usually serves.
        if let Some((p, found)) = last_span {
            if p == per_year {
                return Ok(found);
            }
        }
        if let Some(found) = spans.get(&per_year) {
            last_span = Some((per_year, *found));
            return Ok(*found);
        }
        let days = active_days(per_year);
        let found = (
            at(as_of - Duration::days(days - 1))?,
            (
                at(month_ago - Duration::days(days - 1))?,
                at(month_ago + Duration::days(1))?,
            ),
        );
        spans.insert(per_year, found);
        last_span = Some((per_year, found));
        Ok(found)
    };
    let on_basis = |gross: i64, fee: i64| match campaign.basis {
        Basis::Gross => gross,
        Basis::Net => gross - fee,
    };
    // Per donor: latest recurring gift that keeps them active (time, its monthly amount on the
    // campaign's basis — None when it cannot be converted yet —, row), active a month ago,
    // gave in the prior year, gave in the last year.
    let mut latest: HashMap<u32, (i64, Option<i64>, usize)> = HashMap::new();
    let mut active_before = vec![false; n_donors];
    let mut gave_prior = vec![false; n_donors];
    let mut gave_recent = vec![false; n_donors];
    for i in history.clone() {
        let d = snap.donor[i];
        if d == NONE32 || !snap.is_gift(i) {
            continue;
        }
        let slot = d as usize;
        if snap.ts[i] < year_ago {
            gave_prior[slot] = true;
        } else {
            gave_recent[slot] = true;
        }
        if snap.kind[i] == RECURRING {
            let per_year = snap.per_year[i];
            let (active_now_from, active_then) = span_of(per_year)?;
            if snap.ts[i] >= active_now_from {
                let newer = latest.get(&d).is_none_or(|(t, _, _)| *t < snap.ts[i]);
                if newer {
                    let monthly = match money.money(i, false)? {
                        Some((g, f)) => Some(monthly_amount(on_basis(g, f), per_year)?),
                        None => None,
                    };
                    latest.insert(d, (snap.ts[i], monthly, i));
                }
            }
            if snap.ts[i] >= active_then.0 && snap.ts[i] < active_then.1 {
                active_before[slot] = true;
            }
        }
    }
    let mrr: i64 = latest.values().filter_map(|(_, g, _)| *g).sum();
    if want == Some("mrr") {
        behind.extend(latest.values().map(|(_, _, i)| snap.rowid[*i]));
    }
    let before_count = active_before.iter().filter(|a| **a).count() as i64;
    let lost = (0..n_donors)
        .filter(|d| active_before[*d] && !latest.contains_key(&(*d as u32)))
        .count() as i64;
    let churn = Ratio::new(lost, before_count);
    let prior = gave_prior.iter().filter(|g| **g).count() as i64;
    let kept = (0..n_donors)
        .filter(|d| gave_prior[*d] && gave_recent[*d])
        .count() as i64;
    let retention = Ratio::new(kept, prior);
    let lapsed_donors = prior - kept;
    if matches!(want, Some("lapsed" | "retention" | "churn")) {
        for i in history {
            let d = snap.donor[i];
            if d == NONE32 || !snap.is_gift(i) {
                continue;
            }
            let slot = d as usize;
            let pick = match want {
                Some("lapsed") => gave_prior[slot] && !gave_recent[slot] && snap.ts[i] < year_ago,
                Some("retention") => gave_prior[slot] && gave_recent[slot] && snap.ts[i] < year_ago,
                _ => snap.kind[i] == RECURRING && active_before[slot] && !latest.contains_key(&d),
            };
            if pick {
                behind.push(snap.rowid[i]);
            }
        }
    }

    let monthly = campaign.goal_type == "monthly_recurring";
    let raised_minor = if monthly { mrr } else { raised };
    let remaining = campaign.goal_minor - raised_minor;
    let permille = Ratio::new(raised_minor, campaign.goal_minor).permille;
    let fmt = |minor: i64| money::format(minor, &cur, Style::Round);
    let exact = |minor: i64| money::format(minor, &cur, Style::Exact);
    let projection = project(
        monthly,
        remaining,
        mrr,
        one_time_30,
        one_time_90,
        as_of,
        window_to,
        &cur,
    )?;
    let order = |a: &u32, b: &u32| {
        donor_total[*b as usize]
            .cmp(&donor_total[*a as usize])
            .then_with(|| snap.donor_names[*a as usize].cmp(&snap.donor_names[*b as usize]))
    };
    // The ten largest without sorting every donor.
    if touched.len() > 10 {
        touched.select_nth_unstable_by(9, order);
        touched.truncate(10);
    }
    touched.sort_by(order);
    let top = touched
        .iter()
        .take(10)
        .map(|d| {
            let slot = *d as usize;
            Ok(TopDonor {
                donor_id: snap.donor_ids[slot].clone(),
                name: snap.donor_names[slot]
                    .clone()
                    .unwrap_or_else(|| "(no name)".into()),
                total_minor: donor_total[slot],
                total_display: exact(donor_total[slot])?,
                gifts: i64::from(donor_gifts[slot]),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let unconverted = money
        .unconverted
        .iter()
        .map(|(currency, amount)| {
            Ok(UnconvertedMoney {
                currency: currency.clone(),
                amount_minor: *amount,
                display: money::format(*amount, currency, Style::Exact)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let pct = |r: &Ratio| {
        r.permille
            .map(|p| percent_text(Some(p)))
            .unwrap_or_else(|| "—".to_string())
    };
    let basis_word = match campaign.basis {
        Basis::Gross => "before fees",
        Basis::Net => "after fees",
    };
    let figures = vec![
        Figure {
            key: if monthly { "mrr" } else { "raised" }.into(),
            label: if monthly {
                "Monthly recurring".into()
            } else {
                "Raised".into()
            },
            value: fmt(raised_minor)?,
            detail: if monthly {
                format!(
                    "each active recurring donor's latest gift as income a month (a yearly \
                     plan counts a twelfth), {basis_word}"
                )
            } else {
                format!(
                    "{basis_word}, refunds subtracted, of a {} goal",
                    fmt(campaign.goal_minor)?
                )
            },
        },
        Figure {
            key: "gifts".into(),
            label: "Gifts".into(),
            value: gifts.to_string(),
            detail: format!(
                "{} before fees, {} in fees",
                fmt(gross - refunds_minor)?,
                exact(fees)?
            ),
        },
        Figure {
            key: "refunds".into(),
            label: "Refunds and disputes".into(),
            value: exact(refunds_minor)?,
            detail: format!("{refunds} entries"),
        },
        Figure {
            key: "unique_donors".into(),
            label: "Donors".into(),
            value: unique_donors.to_string(),
            detail: format!("plus {anonymous} anonymous gifts"),
        },
        Figure {
            key: "new_donors".into(),
            label: "New donors".into(),
            value: new_donors.to_string(),
            detail: "first gift ever in this period".into(),
        },
        Figure {
            key: "returning_donors".into(),
            label: "Returning donors".into(),
            value: returning.to_string(),
            detail: "gave before this period".into(),
        },
        Figure {
            key: "gifts".into(),
            label: "Average gift".into(),
            value: average
                .map(exact)
                .transpose()?
                .unwrap_or_else(|| "—".into()),
            detail: format!(
                "median {}",
                median.map(exact).transpose()?.unwrap_or_else(|| "—".into())
            ),
        },
        Figure {
            key: "recurring_share".into(),
            label: "Recurring share".into(),
            value: pct(&Ratio::new(recurring_gross, gift_gross)),
            detail: "of gifts before fees".into(),
        },
        Figure {
            key: "mrr".into(),
            label: "MRR".into(),
            value: fmt(mrr)?,
            detail: {
                let waiting = latest.values().filter(|(_, g, _)| g.is_none()).count();
                let active = match latest.len() {
                    1 => "1 active recurring donor".to_string(),
                    n => format!("{n} active recurring donors"),
                };
                if waiting == 0 {
                    active
                } else {
                    format!("{active}, {waiting} not counted until an exchange rate is entered")
                }
            },
        },
        Figure {
            key: "churn".into(),
            label: "Churn (30 days)".into(),
            value: pct(&churn),
            detail: format!("{} of {} recurring donors lost", churn.part, churn.whole),
        },
        Figure {
            key: "retention".into(),
            label: "Retention".into(),
            value: pct(&retention),
            detail: format!(
                "{} of {} donors from 24–12 months ago gave again",
                retention.part, retention.whole
            ),
        },
        Figure {
            key: "lapsed".into(),
            label: "Lapsed donors".into(),
            value: lapsed_donors.to_string(),
            detail: "gave 24–12 months ago, not since".into(),
        },
    ];
    let metrics = CampaignMetrics {
        campaign_id: campaign.id.clone(),
        name: campaign.name.clone(),
        currency: cur.clone(),
        basis: campaign.basis,
        goal_type: campaign.goal_type.clone(),
        time_zone: zone.name().to_string(),
        window_from: window_from.to_string(),
        window_to: window_to.to_string(),
        period_from: period_from.to_string(),
        period_to: period_to.to_string(),
        as_of: as_of.to_string(),
        goal_minor: campaign.goal_minor,
        raised_minor,
        remaining_minor: remaining,
        permille,
        percent_display: percent_text(permille),
        goal_display: fmt(campaign.goal_minor)?,
        raised_display: fmt(raised_minor)?,
        sentence: sentence(campaign.goal_minor, raised_minor, &cur)?,
        gross_minor: gross - refunds_minor,
        fees_minor: fees,
        refunds_minor,
        net_minor: gross - fees,
        gifts,
        refunds,
        unique_donors,
        anonymous_gifts: anonymous,
        new_donors,
        returning_donors: returning,
        average_gift_minor: average,
        median_gift_minor: median,
        recurring_share: Ratio::new(recurring_gross, gift_gross),
        mrr_minor: mrr,
        churn,
        retention,
        lapsed_donors,
        top_donors: top,
        projection,
        unconverted,
        figures,
    };
    behind.sort_unstable();
    behind.dedup();
    Ok((metrics, behind))
}

/// For one plan interval: from when a recurring gift keeps its donor active now, and the span
/// (from, to) in which one made them active a month ago, in microseconds.
type ActiveSpan = (i64, (i64, i64));

/// How many days a recurring gift keeps its donor active: one interval (365 ÷ payments a
/// year, rounded up) and four days' grace: 35 for a monthly plan, 369 for a yearly one.
pub(crate) fn active_days(payments_per_year: u16) -> i64 {
    let n = i64::from(payments_per_year.max(1));
    (365 + n - 1) / n + 4
}

/// A recurring gift as income a month: a yearly $120 is $10, a weekly $5 is $21.67 (rounded
/// half to even).
pub(crate) fn monthly_amount(amount: i64, payments_per_year: u16) -> Result<i64> {
    let monthly = (Decimal::from(amount) * Decimal::from(payments_per_year) / Decimal::from(12))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
    i64::try_from(monthly).map_err(|_| CoreError::invalid("mrr", "the amount is too large"))
}

/// `payments_per_year` as stored (None: the export did not say, taken as monthly); a value
/// the schema's check would refuse is a corrupt row, not a default.
pub(crate) fn per_year(stored: Option<i64>, row: &str) -> Result<u16> {
    match stored {
        None => Ok(12),
        Some(n) => u16::try_from(n)
            .ok()
            .filter(|n| (1..=366).contains(n))
            .ok_or_else(|| CoreError::CorruptRow {
                table: "donations",
                id: row.to_owned(),
                field: "payments_per_year",
                message: format!("{n} is not a number of payments a year"),
            }),
    }
}

#[allow(clippy::too_many_arguments)]
fn project(
    monthly: bool,
    remaining: i64,
    mrr: i64,
    one_time_30: i64,
    one_time_90: i64,
    as_of: NaiveDate,
    window_to: NaiveDate,
    cur: &str,
) -> Result<Projection> {
    let fmt = |minor: i64| money::format(minor, cur, Style::Round);
    let formula = "days to goal = remaining ÷ (MRR × 12 ÷ 365 + one-time gifts in the last N days ÷ N), N = 30 and 90".to_string();
    let committed = Decimal::from(mrr) * Decimal::from(12) / Decimal::from(365);
    let daily_30 = committed + Decimal::from(one_time_30) / Decimal::from(30);
    let daily_90 = committed + Decimal::from(one_time_90) / Decimal::from(90);
    let to_minor = |d: Decimal| {
        i64::try_from(d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
            .unwrap_or(i64::MAX)
    };
    let date = |daily: Decimal| -> Option<String> {
        if daily <= Decimal::ZERO || remaining <= 0 {
            return None;
        }
        let days = (Decimal::from(remaining) / daily).ceil();
        let days = i64::try_from(days).ok()?;
        as_of
            .checked_add_signed(Duration::days(days.min(365 * 1000)))
            .map(|d| d.to_string())
    };
    let (date_30, date_90) = (date(daily_30), date(daily_90));
    let inputs = format!(
        "remaining {}, MRR {}, one-time gifts {} in the last 30 days and {} in the last 90",
        fmt(remaining.max(0))?,
        fmt(mrr)?,
        fmt(one_time_30)?,
        fmt(one_time_90)?
    );
    let (state, explanation) = if monthly {
        (
            "not_projected",
            "A monthly goal is met by the recurring income itself; it is not projected to a date."
                .to_string(),
        )
    } else if remaining <= 0 {
        ("reached", "The goal is reached.".to_string())
    } else if date_30.is_none() && date_90.is_none() {
        (
            "no_pace",
            format!("Nothing has come in lately, so no date can be projected ({inputs})."),
        )
    } else {
        let say = |d: &Option<String>| {
            d.as_deref().map_or("never at that pace".to_string(), |d| {
                let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
                let late = date.is_some_and(|d| d > window_to);
                let text = date
                    .map(|d| format!("{} {} {}", d.day(), month_name(d.month()), d.year()))
                    .unwrap_or_else(|| d.to_string());
                if late {
                    format!("{text} (after the campaign ends)")
                } else {
                    text
                }
            })
        };
        (
            "projected",
            format!(
                "At the last 30 days' pace the goal is reached on {}; at the last 90 days' pace on {} ({inputs}).",
                say(&date_30),
                say(&date_90)
            ),
        )
    };
    Ok(Projection {
        state: state.into(),
        remaining_minor: remaining,
        mrr_minor: mrr,
        one_time_30_minor: one_time_30,
        one_time_90_minor: one_time_90,
        daily_30_minor: to_minor(daily_30),
        daily_90_minor: to_minor(daily_90),
        daily_30_display: money::format(to_minor(daily_30), cur, Style::Exact)?,
        daily_90_display: money::format(to_minor(daily_90), cur, Style::Exact)?,
        date_30,
        date_90,
        formula,
        explanation,
    })
}

fn month_name(month: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(month.saturating_sub(1) as usize)
    .copied()
    .unwrap_or("")
}

/// The metrics on a connection already open (for callers inside a read of `store`).
pub(crate) fn compute_metrics(
    store: &Store,
    conn: &rusqlite::Connection,
    query: &MetricsQuery,
) -> Result<CampaignMetrics> {
    let snap = snapshot::current(store, conn)?;
    Ok(compute(conn, &snap, query, None)?.0)
}

pub fn metrics(store: &Store, query: &MetricsQuery) -> Result<CampaignMetrics> {
    store.read(|conn| compute_metrics(store, conn, query))
}

/// The keys of the ledger rows behind one number (`Figure::key`, or "donor:<id>" for a top
/// donor), newest first.
pub fn rows_behind(store: &Store, query: &MetricsQuery, key: &str) -> Result<Vec<String>> {
    store.read(|conn| {
        let snap = snapshot::current(store, conn)?;
        let (_, rowids) = compute(conn, &snap, query, Some(key))?;
        db::ledger::keys_of(conn, &rowids)
    })
}

/// Every campaign's metrics, as of today.
pub fn all(store: &Store) -> Result<Vec<CampaignMetrics>> {
    store.read(|conn| {
        let snap = snapshot::current(store, conn)?;
        db::fundraising::list_campaigns(conn)?
            .into_iter()
            .map(|c| {
                compute(
                    conn,
                    &snap,
                    &MetricsQuery {
                        campaign_id: c.id,
                        ..MetricsQuery::default()
                    },
                    None,
                )
                .map(|(m, _)| m)
            })
            .collect()
    })
}
