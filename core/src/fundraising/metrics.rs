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
//! - a recurring donor is active on a day when they gave a recurring gift in the 35 days up to
//!   it (a monthly charge plus a few days' grace); MRR is the sum of each active recurring
//!   donor's latest recurring gift (monthly plans);
//! - churn = recurring donors active 30 days ago and not active now ÷ those active 30 days ago;
//! - retention = donors who gave 24–12 months ago and again in the last 12 months ÷ donors who
//!   gave 24–12 months ago; lapsed = the rest of them;
//! - a donor is new in a period when their first gift ever is inside it;
//! - average and median are of gifts (refunds are not gifts), before fees.
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::campaigns::{percent_text, sentence, UnconvertedMoney};
use super::convert;
use super::money::{self, Style};
use crate::db::metrics::GiftRow;
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::model::Basis;
use crate::newsroom;
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
struct Money {
    gross: i64,
    fee: i64,
}

/// Converts rows into one currency: the row's own amount, the provider's conversion, or the
/// day's rate; rows with none of these are set aside (and listed as unconverted).
struct Converter<'c> {
    conn: &'c rusqlite::Connection,
    to: String,
    rates: HashMap<(String, String), Option<Decimal>>,
    unconverted: BTreeMap<String, i64>,
}

impl Converter<'_> {
    /// The row in the target currency; a row that cannot be converted is counted as
    /// unconverted (once: the campaign's own rows are the ones listed).
    fn money(&mut self, row: &GiftRow) -> Result<Option<Money>> {
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
        let day = row.occurred_at.get(..10).unwrap_or("").to_string();
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

fn is_gift(kind: &str) -> bool {
    kind == "one_time" || kind == "recurring"
}

/// Metrics and, by key, the ledger rows behind each number.
struct Computed {
    metrics: CampaignMetrics,
    behind: HashMap<String, Vec<String>>,
}

fn stored_day(day: NaiveDate, zone: chrono_tz::Tz) -> String {
    time::day_start(day, zone)
}

fn compute(conn: &rusqlite::Connection, query: &MetricsQuery) -> Result<Computed> {
    let zone = newsroom::zone(conn)?;
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
    let end_of = |d: NaiveDate| stored_day(d + Duration::days(1), zone);

    let window = (stored_day(window_from, zone), end_of(window_to));
    let span = (stored_day(period_from, zone), end_of(period_to));
    let rows = db::metrics::campaign_rows(
        conn,
        &campaign.id,
        (&window.0, &window.1),
        (&span.0, &span.1),
    )?;
    let donors = db::metrics::donors(conn)?;
    let mut conv = Converter {
        conn,
        to: cur.clone(),
        rates: HashMap::new(),
        unconverted: BTreeMap::new(),
    };
    let value = |m: &Money| match campaign.basis {
        Basis::Gross => m.gross,
        Basis::Net => m.gross - m.fee,
    };

    let mut behind: HashMap<String, Vec<String>> = HashMap::new();
    let (mut gross, mut fees, mut refunds_minor, mut raised) = (0i64, 0i64, 0i64, 0i64);
    let (mut gifts, mut refunds, mut anonymous) = (0i64, 0i64, 0i64);
    let (mut recurring_gross, mut gift_gross) = (0i64, 0i64);
    let mut amounts: Vec<i64> = Vec::new();
    let mut per_donor: HashMap<String, (i64, i64)> = HashMap::new();
    let mut new_donors: HashSet<String> = HashSet::new();
    let mut returning: HashSet<String> = HashSet::new();
    let (ot_30_from, ot_90_from) = (
        stored_day(as_of - Duration::days(29), zone),
        stored_day(as_of - Duration::days(89), zone),
    );
    let as_of_end = end_of(as_of);
    let (mut one_time_30, mut one_time_90) = (0i64, 0i64);
    for row in &rows {
        let Some(m) = conv.money(row)? else {
            behind
                .entry("unconverted".into())
                .or_default()
                .push(row.id.clone());
            continue;
        };
        gross += m.gross;
        fees += m.fee;
        raised += value(&m);
        if is_gift(&row.kind) {
            gifts += 1;
            gift_gross += m.gross;
            amounts.push(m.gross);
            behind
                .entry("gifts".into())
                .or_default()
                .push(row.id.clone());
            if row.kind == "recurring" {
                recurring_gross += m.gross;
                behind
                    .entry("recurring_share".into())
                    .or_default()
                    .push(row.id.clone());
            } else if row.occurred_at < as_of_end {
                if row.occurred_at >= ot_30_from {
                    one_time_30 += value(&m);
                }
                if row.occurred_at >= ot_90_from {
                    one_time_90 += value(&m);
                }
            }
            match &row.donor_id {
                Some(donor) => {
                    let first = donors.get(donor).and_then(|d| d.1.as_deref());
                    let key = if first.is_some_and(|f| f >= span.0.as_str()) {
                        new_donors.insert(donor.clone());
                        "new_donors"
                    } else {
                        returning.insert(donor.clone());
                        "returning_donors"
                    };
                    behind.entry(key.into()).or_default().push(row.id.clone());
                    behind
                        .entry("unique_donors".into())
                        .or_default()
                        .push(row.id.clone());
                }
                None => {
                    anonymous += 1;
                    behind
                        .entry("anonymous".into())
                        .or_default()
                        .push(row.id.clone());
                }
            }
        } else {
            refunds += 1;
            refunds_minor += m.gross;
            behind
                .entry("refunds".into())
                .or_default()
                .push(row.id.clone());
        }
        if let Some(donor) = &row.donor_id {
            let entry = per_donor.entry(donor.clone()).or_insert((0, 0));
            entry.0 += value(&m);
            entry.1 += i64::from(is_gift(&row.kind));
            behind
                .entry(format!("donor:{donor}"))
                .or_default()
                .push(row.id.clone());
        }
    }
    let unique_donors = new_donors.len() as i64 + returning.len() as i64;
    amounts.sort_unstable();
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
        n if n % 2 == 1 => Some(amounts[n / 2]),
        n => Some(half_even(
            (Decimal::from(amounts[n / 2 - 1]) + Decimal::from(amounts[n / 2])) / Decimal::from(2),
        )?),
    };

    // Donor-level numbers over the whole ledger, as of the chosen day.
    let history_from = stored_day(as_of - Duration::days(731), zone);
    let history = db::metrics::all_rows(conn, &history_from, &as_of_end)?;
    let days_before = |n: i64| stored_day(as_of - Duration::days(n - 1), zone);
    let active_from_now = days_before(35);
    let month_ago = as_of - Duration::days(30);
    let active_then = (
        stored_day(month_ago - Duration::days(34), zone),
        end_of(month_ago),
    );
    let year_ago = stored_day(as_of - Duration::days(365), zone);
    let mut latest_recurring: HashMap<&str, (&str, i64, &str)> = HashMap::new();
    let mut active_before: HashSet<&str> = HashSet::new();
    let mut gave_prior: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut gave_recent: HashSet<&str> = HashSet::new();
    for row in &history {
        let Some(donor) = row.donor_id.as_deref() else {
            continue;
        };
        if !is_gift(&row.kind) {
            continue;
        }
        if row.occurred_at.as_str() < year_ago.as_str() {
            gave_prior.entry(donor).or_default().push(&row.id);
        } else {
            gave_recent.insert(donor);
        }
        if row.kind == "recurring" {
            if row.occurred_at >= active_from_now {
                let Some(m) = conv.convert(row, false)? else {
                    continue;
                };
                let keep = latest_recurring
                    .get(donor)
                    .is_none_or(|(at, _, _)| *at < row.occurred_at.as_str());
                if keep {
                    latest_recurring.insert(donor, (&row.occurred_at, m.gross, &row.id));
                }
            }
            if row.occurred_at >= active_then.0 && row.occurred_at < active_then.1 {
                active_before.insert(donor);
            }
        }
    }
    let mrr: i64 = latest_recurring.values().map(|(_, g, _)| *g).sum();
    behind.insert(
        "mrr".into(),
        latest_recurring
            .values()
            .map(|(_, _, id)| id.to_string())
            .collect(),
    );
    let lost: Vec<&str> = active_before
        .iter()
        .copied()
        .filter(|d| !latest_recurring.contains_key(d))
        .collect();
    let churn = Ratio::new(lost.len() as i64, active_before.len() as i64);
    let kept = gave_prior
        .keys()
        .filter(|d| gave_recent.contains(*d))
        .count() as i64;
    let retention = Ratio::new(kept, gave_prior.len() as i64);
    let lapsed: Vec<&str> = gave_prior
        .iter()
        .filter(|(d, _)| !gave_recent.contains(*d))
        .flat_map(|(_, ids)| ids.iter().copied())
        .collect();
    let lapsed_donors = gave_prior.len() as i64 - kept;
    behind.insert(
        "lapsed".into(),
        lapsed.iter().map(|s| s.to_string()).collect(),
    );
    behind.insert(
        "retention".into(),
        gave_prior
            .iter()
            .filter(|(d, _)| gave_recent.contains(*d))
            .flat_map(|(_, ids)| ids.iter().map(|s| s.to_string()))
            .collect(),
    );
    behind.insert(
        "churn".into(),
        history
            .iter()
            .filter(|r| {
                r.kind == "recurring" && r.donor_id.as_deref().is_some_and(|d| lost.contains(&d))
            })
            .map(|r| r.id.clone())
            .collect(),
    );

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
    let mut top: Vec<TopDonor> = per_donor
        .into_iter()
        .map(|(donor_id, (total, gifts))| {
            let name = donors
                .get(&donor_id)
                .and_then(|d| d.0.clone())
                .unwrap_or_else(|| "(no name)".into());
            Ok(TopDonor {
                total_display: exact(total)?,
                name,
                total_minor: total,
                gifts,
                donor_id,
            })
        })
        .collect::<Result<_>>()?;
    top.sort_by(|a, b| b.total_minor.cmp(&a.total_minor).then(a.name.cmp(&b.name)));
    top.truncate(10);
    let unconverted = conv
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
            key: "gifts".into(),
            label: if monthly {
                "Monthly recurring".into()
            } else {
                "Raised".into()
            },
            value: fmt(raised_minor)?,
            detail: if monthly {
                "each active recurring donor's latest monthly gift".into()
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
            value: new_donors.len().to_string(),
            detail: "first gift ever in this period".into(),
        },
        Figure {
            key: "returning_donors".into(),
            label: "Returning donors".into(),
            value: returning.len().to_string(),
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
            detail: format!("{} active recurring donors", latest_recurring.len()),
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
        new_donors: new_donors.len() as i64,
        returning_donors: returning.len() as i64,
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
    Ok(Computed { metrics, behind })
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

pub fn metrics(store: &Store, query: &MetricsQuery) -> Result<CampaignMetrics> {
    store.read(|conn| Ok(compute(conn, query)?.metrics))
}

/// The keys of the ledger rows behind one number (`Figure::key`, or "donor:<id>" for a top
/// donor), newest first.
pub fn rows_behind(store: &Store, query: &MetricsQuery, key: &str) -> Result<Vec<String>> {
    store
        .read(|conn| {
            let mut computed = compute(conn, query)?;
            computed
                .behind
                .remove(key)
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("the rows behind {key:?}"),
                })
        })
        .or_else(|err| match err {
            CoreError::NotFound { what } if what.starts_with("the rows behind") => Ok(Vec::new()),
            other => Err(other),
        })
}

/// Every campaign's metrics, as of today.
pub fn all(store: &Store) -> Result<Vec<CampaignMetrics>> {
    store.read(|conn| {
        db::fundraising::list_campaigns(conn)?
            .into_iter()
            .map(|c| {
                compute(
                    conn,
                    &MetricsQuery {
                        campaign_id: c.id,
                        ..MetricsQuery::default()
                    },
                )
                .map(|c| c.metrics)
            })
            .collect()
    })
}
