//! The newsroom's donors as of the chosen day, across the whole ledger (a donor is not one
//! campaign's): MRR from the active recurring donors, churn over the last 30 days, retention
//! from one year to the next, and the donors who lapsed. Also the rules the charts share: how
//! long a recurring gift keeps its donor active, and what it is worth a month.
use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::currency::SnapMoney;
use super::period::Scope;
use super::{Behind, Ratio};
use crate::error::{CoreError, Result};
use crate::fundraising::snapshot::{Snapshot, NONE32, RECURRING};

pub(super) struct Recurring {
    pub mrr: i64,
    /// Active recurring donors, and how many of them wait for an exchange rate to count.
    pub active: usize,
    pub waiting: usize,
    pub churn: Ratio,
    pub retention: Ratio,
    pub lapsed: i64,
}

/// A donor's latest recurring gift that keeps them active: when, its amount a month on the
/// campaign's basis (None when it cannot be converted yet), and its row.
type Latest = (i64, Option<i64>, usize);

/// Per donor, over the two years up to the chosen day.
struct History {
    latest: HashMap<u32, Latest>,
    /// Active as a recurring donor a month ago.
    active_before: Vec<bool>,
    /// Gave 24–12 months ago, and in the last 12 months.
    gave_prior: Vec<bool>,
    gave_recent: Vec<bool>,
}

/// The recurring numbers as of `scope.as_of`, keeping the rows behind the one asked for.
pub(super) fn count(
    snap: &Snapshot,
    money: &mut SnapMoney,
    scope: &Scope,
    behind: &mut Behind,
) -> Result<Recurring> {
    let rows = snap.range(
        scope.at(scope.as_of - Duration::days(730))?,
        scope.as_of_end,
    );
    let year_ago = scope.at(scope.as_of - Duration::days(365))?;
    let history = History::read(snap, money, scope, rows.clone(), year_ago)?;
    let latest = &history.latest;
    let mrr: i64 = latest.values().filter_map(|(_, g, _)| *g).sum();
    if behind.wants("mrr") {
        behind.extend(latest.values().map(|(_, _, i)| snap.rowid[*i]));
    }
    let n_donors = snap.donor_ids.len();
    let before_count = history.active_before.iter().filter(|a| **a).count() as i64;
    let lost = (0..n_donors)
        .filter(|d| history.active_before[*d] && !latest.contains_key(&(*d as u32)))
        .count() as i64;
    let prior = history.gave_prior.iter().filter(|g| **g).count() as i64;
    let kept = (0..n_donors)
        .filter(|d| history.gave_prior[*d] && history.gave_recent[*d])
        .count() as i64;
    history.keep_rows_behind(snap, rows, year_ago, behind);
    Ok(Recurring {
        mrr,
        active: latest.len(),
        waiting: latest.values().filter(|(_, g, _)| g.is_none()).count(),
        churn: Ratio::new(lost, before_count),
        retention: Ratio::new(kept, prior),
        lapsed: prior - kept,
    })
}

impl History {
    fn read(
        snap: &Snapshot,
        money: &mut SnapMoney,
        scope: &Scope,
        rows: std::ops::Range<usize>,
        year_ago: i64,
    ) -> Result<History> {
        let n_donors = snap.donor_ids.len();
        let mut history = History {
            latest: HashMap::new(),
            active_before: vec![false; n_donors],
            gave_prior: vec![false; n_donors],
            gave_recent: vec![false; n_donors],
        };
        let mut spans = ActiveSpans::new(scope);
        for i in rows {
            let d = snap.donor[i];
            if d == NONE32 || !snap.is_gift(i) {
                continue;
            }
            let slot = d as usize;
            if snap.ts[i] < year_ago {
                history.gave_prior[slot] = true;
            } else {
                history.gave_recent[slot] = true;
            }
            if snap.kind[i] == RECURRING {
                history.add_recurring(snap, money, scope, &mut spans, i)?;
            }
        }
        Ok(history)
    }

    /// A recurring gift: the donor's latest one while it keeps them active, and whether it
    /// made them active a month ago.
    fn add_recurring(
        &mut self,
        snap: &Snapshot,
        money: &mut SnapMoney,
        scope: &Scope,
        spans: &mut ActiveSpans,
        i: usize,
    ) -> Result<()> {
        let d = snap.donor[i];
        let per_year = snap.per_year[i];
        let (active_now_from, active_then) = spans.of(per_year)?;
        if snap.ts[i] >= active_now_from {
            let newer = self.latest.get(&d).is_none_or(|(t, _, _)| *t < snap.ts[i]);
            if newer {
                let monthly = match money.money(i, false)? {
                    Some((g, f)) => Some(monthly_amount(scope.value(g, f), per_year)?),
                    None => None,
                };
                self.latest.insert(d, (snap.ts[i], monthly, i));
            }
        }
        if snap.ts[i] >= active_then.0 && snap.ts[i] < active_then.1 {
            self.active_before[d as usize] = true;
        }
        Ok(())
    }

    /// The gifts behind lapsed, retention or churn, when one of them is asked for.
    fn keep_rows_behind(
        &self,
        snap: &Snapshot,
        rows: std::ops::Range<usize>,
        year_ago: i64,
        behind: &mut Behind,
    ) {
        let want = behind.want();
        if !matches!(want, Some("lapsed" | "retention" | "churn")) {
            return;
        }
        for i in rows {
            let d = snap.donor[i];
            if d == NONE32 || !snap.is_gift(i) {
                continue;
            }
            let slot = d as usize;
            let pick = match want {
                Some("lapsed") => {
                    self.gave_prior[slot] && !self.gave_recent[slot] && snap.ts[i] < year_ago
                }
                Some("retention") => {
                    self.gave_prior[slot] && self.gave_recent[slot] && snap.ts[i] < year_ago
                }
                _ => {
                    snap.kind[i] == RECURRING
                        && self.active_before[slot]
                        && !self.latest.contains_key(&d)
                }
            };
            if pick {
                behind.push(snap.rowid[i]);
            }
        }
    }
}

/// For one plan interval: from when a recurring gift keeps its donor active now, and the span
/// (from, to) in which one made them active a month ago, in microseconds.
type ActiveSpan = (i64, (i64, i64));

/// The active spans of each plan interval, worked out once each.
struct ActiveSpans<'s> {
    scope: &'s Scope,
    month_ago: NaiveDate,
    known: HashMap<u16, ActiveSpan>,
    last: Option<(u16, ActiveSpan)>,
}

impl<'s> ActiveSpans<'s> {
    fn new(scope: &'s Scope) -> Self {
        ActiveSpans {
            scope,
            month_ago: scope.as_of - Duration::days(30),
            known: HashMap::new(),
            last: None,
        }
    }

    /// A recurring gift keeps its donor active for one interval and four days' grace: 35
    /// days for a monthly plan, 96 for a quarterly one, 369 for a yearly one.
    fn of(&mut self, per_year: u16) -> Result<ActiveSpan> {
        // Nearly every plan is monthly: the last answer usually serves.
        if let Some((p, found)) = self.last {
            if p == per_year {
                return Ok(found);
            }
        }
        if let Some(found) = self.known.get(&per_year) {
            self.last = Some((per_year, *found));
            return Ok(*found);
        }
        let days = active_days(per_year);
        let scope = self.scope;
        let found = (
            scope.at(scope.as_of - Duration::days(days - 1))?,
            (
                scope.at(self.month_ago - Duration::days(days - 1))?,
                scope.at(self.month_ago + Duration::days(1))?,
            ),
        );
        self.known.insert(per_year, found);
        self.last = Some((per_year, found));
        Ok(found)
    }
}

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
