//! What a campaign's numbers cover: the campaign, its window, the period asked for and the day
//! they are "as of" (days in the newsroom's time zone), and those days as the microsecond
//! bounds the ledger snapshot is scanned by.
use chrono::{Duration, NaiveDate, Utc};

use super::MetricsQuery;
use crate::db::{self, fundraising::CampaignRow};
use crate::error::{CoreError, Result};
use crate::fundraising::snapshot::{micros, Snapshot, NONE32};
use crate::model::Basis;
use crate::settings;
use crate::time;

pub(super) struct Scope {
    pub zone: chrono_tz::Tz,
    pub campaign: CampaignRow,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub as_of: NaiveDate,
    /// The campaign's window and the period, as [from, to) in microseconds.
    pub window: (i64, i64),
    pub span: (i64, i64),
    /// The end of the "as of" day.
    pub as_of_end: i64,
    /// Where the last 30 and 90 days (up to "as of") begin: the projection's paces.
    pub last_30_from: i64,
    pub last_90_from: i64,
    /// The campaign's index in the snapshot (NONE32 when no row is assigned to it).
    pub index: u32,
}

impl Scope {
    pub fn of(conn: &rusqlite::Connection, snap: &Snapshot, query: &MetricsQuery) -> Result<Self> {
        let zone = settings::zone(conn)?;
        let campaign = db::fundraising::list_campaigns(conn)?
            .into_iter()
            .find(|c| c.id == query.campaign_id)
            .ok_or_else(|| CoreError::NotFound {
                what: format!("campaign {}", query.campaign_id),
            })?;
        let window_from = time::parse_day("starts_on", &campaign.starts_on)?;
        let window_to = time::parse_day("ends_on", &campaign.ends_on)?;
        let period_from = day("from", &query.from_day, window_from)?;
        let period_to = day("to", &query.to_day, window_to)?;
        if period_to < period_from {
            return Err(CoreError::invalid("to", "the period ends before it starts"));
        }
        let today = Utc::now().with_timezone(&zone).date_naive();
        let as_of = day("as_of", &query.as_of, today.clamp(period_from, period_to))?;
        let at = |d: NaiveDate| micros(&time::day_start(d, zone));
        Ok(Scope {
            zone,
            index: snap.campaign_index(&campaign.id),
            campaign,
            window_from,
            window_to,
            period_from,
            period_to,
            as_of,
            window: (at(window_from)?, at(window_to + Duration::days(1))?),
            span: (at(period_from)?, at(period_to + Duration::days(1))?),
            as_of_end: at(as_of + Duration::days(1))?,
            last_30_from: at(as_of - Duration::days(29))?,
            last_90_from: at(as_of - Duration::days(89))?,
        })
    }

    /// The start of `day` in the newsroom's zone, in microseconds.
    pub fn at(&self, day: NaiveDate) -> Result<i64> {
        micros(&time::day_start(day, self.zone))
    }

    /// Whether snapshot row `i` is the campaign's: assigned to it by hand, or unassigned and
    /// inside its window.
    pub fn holds(&self, snap: &Snapshot, i: usize) -> bool {
        let c = snap.campaign[i];
        c == self.index && self.index != NONE32
            || c == NONE32 && snap.ts[i] >= self.window.0 && snap.ts[i] < self.window.1
    }

    /// An amount on the campaign's basis (before or after fees).
    pub fn value(&self, gross: i64, fee: i64) -> i64 {
        match self.campaign.basis {
            Basis::Gross => gross,
            Basis::Net => gross - fee,
        }
    }

    pub fn currency(&self) -> &str {
        &self.campaign.currency
    }

    /// A goal of recurring income a month, not a total.
    pub fn monthly_goal(&self) -> bool {
        self.campaign.goal_type == "monthly_recurring"
    }
}

/// A day the query names, or `default` when it names none.
fn day(field: &str, text: &Option<String>, default: NaiveDate) -> Result<NaiveDate> {
    match text.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => time::parse_day(field, t),
        None => Ok(default),
    }
}
