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
//!
//! One scan of the ledger snapshot over the period counts what was raised (`raised`) and who
//! gave it (`donors`); one over the two years up to the chosen day counts the recurring donors
//! (`recurring`); the projection (`projection`) and the figures (`figures`) are made from those.
pub(crate) mod currency;
mod donors;
mod figures;
mod period;
mod projection;
mod raised;
pub(crate) mod recurring;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use self::currency::SnapMoney;
use self::donors::Donors;
use self::period::Scope;
use self::projection::Pace;
use self::raised::Raised;
use super::campaigns::{percent_text, sentence, UnconvertedMoney};
use super::money::{self, Style};
use super::snapshot::{self, Snapshot};
use crate::db::{self, Store};
use crate::error::Result;
use crate::model::Basis;
use crate::moderation::moderators::Moderator;

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
    pub(super) fn new(part: i64, whole: i64) -> Ratio {
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
    /// The top donors' names are withheld from this profile (a moderator): they read
    /// "Donor 1", "Donor 2"….
    pub donors_hidden: bool,
    pub projection: Projection,
    pub unconverted: Vec<UnconvertedMoney>,
    pub figures: Vec<Figure>,
}

pub(crate) fn is_gift(kind: &str) -> bool {
    kind == "one_time" || kind == "recurring"
}

/// One snapshot row of the campaign, converted to its currency.
struct Row {
    /// Its index in the snapshot, and its rowid in the ledger.
    i: usize,
    rowid: i64,
    gross: i64,
    fee: i64,
    /// On the campaign's basis.
    value: i64,
}

/// The rowids behind the one number asked for (`Figure::key`, or "donor:<id>"), gathered
/// while the numbers are counted.
struct Behind<'w> {
    want: Option<&'w str>,
    donor: Option<&'w str>,
    rows: Vec<i64>,
}

impl<'w> Behind<'w> {
    fn new(want: Option<&'w str>) -> Self {
        Behind {
            want,
            donor: want.and_then(|w| w.strip_prefix("donor:")),
            rows: Vec::new(),
        }
    }

    fn want(&self) -> Option<&'w str> {
        self.want
    }

    fn wants(&self, key: &str) -> bool {
        self.want == Some(key)
    }

    /// Keeps `rowid` when the number asked for is `key`.
    fn keep(&mut self, key: &str, rowid: i64) {
        if self.wants(key) {
            self.rows.push(rowid);
        }
    }

    /// Keeps `rowid` when the rows asked for are those of the donor `donor_id`.
    fn keep_donor(&mut self, donor_id: &str, rowid: i64) {
        if self.donor == Some(donor_id) {
            self.rows.push(rowid);
        }
    }

    fn push(&mut self, rowid: i64) {
        self.rows.push(rowid);
    }

    fn extend(&mut self, rowids: impl Iterator<Item = i64>) {
        self.rows.extend(rowids);
    }

    fn finish(mut self) -> Vec<i64> {
        self.rows.sort_unstable();
        self.rows.dedup();
        self.rows
    }
}

/// The metrics, and the rowids behind the number `want` (when asked).
fn compute(
    conn: &rusqlite::Connection,
    snap: &Snapshot,
    query: &MetricsQuery,
    want: Option<&str>,
) -> Result<(CampaignMetrics, Vec<i64>)> {
    let scope = Scope::of(conn, snap, query)?;
    let mut money = SnapMoney::new(conn, snap, scope.currency(), scope.zone);
    let mut behind = Behind::new(want);
    let (mut raised, mut donors) = scan_period(snap, &scope, &mut money, &mut behind)?;
    let average = raised.average()?;
    let median = raised.median()?;
    let recurring = recurring::count(snap, &mut money, &scope, &mut behind)?;
    let monthly = scope.monthly_goal();
    let raised_minor = if monthly {
        recurring.mrr
    } else {
        raised.raised
    };
    let pace = Pace {
        remaining: scope.campaign.goal_minor - raised_minor,
        mrr: recurring.mrr,
        one_time_30: raised.one_time_30,
        one_time_90: raised.one_time_90,
    };
    let projection = projection::project(
        monthly,
        &pace,
        scope.as_of,
        scope.window_to,
        scope.currency(),
    )?;
    let top_donors = donors.top(snap, scope.currency())?;
    let unconverted = unconverted(&money)?;
    let permille = Ratio::new(raised_minor, scope.campaign.goal_minor).permille;
    let cur = scope.currency();
    let fmt = |minor: i64| money::format(minor, cur, Style::Round);
    let campaign = &scope.campaign;
    let mut metrics = CampaignMetrics {
        campaign_id: campaign.id.clone(),
        name: campaign.name.clone(),
        currency: cur.to_owned(),
        basis: campaign.basis,
        goal_type: campaign.goal_type.clone(),
        time_zone: scope.zone.name().to_string(),
        window_from: scope.window_from.to_string(),
        window_to: scope.window_to.to_string(),
        period_from: scope.period_from.to_string(),
        period_to: scope.period_to.to_string(),
        as_of: scope.as_of.to_string(),
        goal_minor: campaign.goal_minor,
        raised_minor,
        remaining_minor: pace.remaining,
        permille,
        percent_display: percent_text(permille),
        goal_display: fmt(campaign.goal_minor)?,
        raised_display: fmt(raised_minor)?,
        sentence: sentence(campaign.goal_minor, raised_minor, cur)?,
        gross_minor: raised.gross_of_gifts(),
        fees_minor: raised.fees,
        refunds_minor: raised.refunds_minor,
        net_minor: raised.net(),
        gifts: raised.gifts,
        refunds: raised.refunds,
        unique_donors: donors.unique(),
        anonymous_gifts: donors.anonymous,
        new_donors: donors.new_donors,
        returning_donors: donors.returning,
        average_gift_minor: average,
        median_gift_minor: median,
        recurring_share: raised.recurring_share(),
        mrr_minor: recurring.mrr,
        churn: recurring.churn.clone(),
        retention: recurring.retention.clone(),
        lapsed_donors: recurring.lapsed,
        top_donors,
        donors_hidden: false,
        projection,
        unconverted,
        figures: Vec::new(),
    };
    metrics.figures = figures::of(&metrics, &recurring)?;
    Ok((metrics, behind.finish()))
}

/// One pass over the period's rows: what was raised, and who gave it.
fn scan_period(
    snap: &Snapshot,
    scope: &Scope,
    money: &mut SnapMoney,
    behind: &mut Behind,
) -> Result<(Raised, Donors)> {
    let mut raised = Raised::default();
    let mut donors = Donors::new(snap);
    for i in snap.range(scope.span.0, scope.span.1) {
        if !scope.holds(snap, i) {
            continue;
        }
        let Some((gross, fee)) = money.money(i, true)? else {
            behind.keep("unconverted", snap.rowid[i]);
            continue;
        };
        let row = Row {
            i,
            rowid: snap.rowid[i],
            gross,
            fee,
            value: scope.value(gross, fee),
        };
        raised.add(snap, scope, &row, behind);
        donors.add(snap, scope, &row, behind);
    }
    Ok((raised, donors))
}

/// The money of the campaign's rows that could not be converted, by currency.
fn unconverted(money: &SnapMoney) -> Result<Vec<UnconvertedMoney>> {
    money
        .unconverted()
        .iter()
        .map(|(currency, amount)| {
            Ok(UnconvertedMoney {
                currency: currency.clone(),
                amount_minor: *amount,
                display: money::format(*amount, currency, Style::Exact)?,
            })
        })
        .collect()
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

/// A campaign's metrics as `who` may see them: top donors by name only for editors and admins.
pub fn metrics(store: &Store, who: &Moderator, query: &MetricsQuery) -> Result<CampaignMetrics> {
    let mut metrics = store.read(|conn| compute_metrics(store, conn, query))?;
    if !who.sees_donors() {
        for (rank, donor) in metrics.top_donors.iter_mut().enumerate() {
            donor.name = format!("Donor {}", rank + 1);
        }
        metrics.donors_hidden = true;
    }
    Ok(metrics)
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
