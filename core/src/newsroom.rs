//! The newsroom as a whole, the facade above moderation and fundraising: whether it has been
//! set up, its counts, and changing its basics (the settings themselves are in `settings`).
use serde::Serialize;
use ts_rs::TS;

use crate::db::{self, Store};
use crate::error::Result;
use crate::fundraising::campaigns::{self, CampaignSummary};
use crate::model::{Status, StatusCounts};
use crate::settings::{
    self, DEFAULT_CURRENCY, DEFAULT_ZONE, NAME, REPORTING_CURRENCY, SETUP, SETUP_EMPTY, TIME_ZONE,
};
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Setup {
    /// A new, empty newsroom: the window offers the demo or an empty start.
    NeedsChoice,
    Ready,
}

pub fn setup(store: &Store) -> Result<Setup> {
    store.read(|conn| {
        let chosen = db::settings::get(conn, SETUP)?.is_some();
        Ok(if chosen || !db::stats::is_empty(conn)? {
            Setup::Ready
        } else {
            Setup::NeedsChoice
        })
    })
}

/// Records the choice to start with an empty newsroom.
pub fn start_empty(store: &Store) -> Result<()> {
    store.write(|tx| {
        if db::settings::get(tx, TIME_ZONE)?.is_none() {
            db::settings::set(tx, TIME_ZONE, DEFAULT_ZONE)?;
        }
        if db::settings::get(tx, REPORTING_CURRENCY)?.is_none() {
            db::settings::set(tx, REPORTING_CURRENCY, DEFAULT_CURRENCY)?;
        }
        db::settings::set(tx, SETUP, SETUP_EMPTY)
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Stats {
    pub database: String,
    pub schema_version: i64,
    pub newsroom: String,
    pub time_zone: String,
    pub reporting_currency: String,
    pub comments: StatusCounts,
    pub articles: i64,
    pub authors: i64,
    pub moderators: i64,
    pub decisions: i64,
    pub donors: i64,
    pub donations: i64,
    pub imports: i64,
    pub campaigns: Vec<CampaignSummary>,
}

pub fn stats(store: &Store) -> Result<Stats> {
    let campaigns = campaigns::summaries(store)?;
    store.read(|conn| {
        let counts = db::stats::counts(conn)?;
        let mut comments = StatusCounts {
            pending: 0,
            approved: 0,
            rejected: 0,
            spam: 0,
            trash: 0,
            total: 0,
        };
        for (status, count) in &counts.comments_by_status {
            let slot = match status.parse::<Status>()? {
                Status::Pending => &mut comments.pending,
                Status::Approved => &mut comments.approved,
                Status::Rejected => &mut comments.rejected,
                Status::Spam => &mut comments.spam,
                Status::Trash => &mut comments.trash,
            };
            *slot = *count;
            comments.total += count;
        }
        Ok(Stats {
            database: store.path().display().to_string(),
            schema_version: db::migrate::user_version(conn)?,
            newsroom: db::settings::get(conn, NAME)?.unwrap_or_default(),
            time_zone: settings::zone(conn)?.name().to_owned(),
            reporting_currency: settings::reporting_currency(conn)?,
            comments,
            articles: counts.articles,
            authors: counts.authors,
            moderators: counts.moderators,
            decisions: counts.decisions,
            donors: counts.donors,
            donations: counts.donations,
            imports: counts.imports,
            campaigns,
        })
    })
}

/// Sets the newsroom's name, time zone (IANA, e.g. "Europe/Kyiv") and reporting currency
/// (ISO 4217). Admins only. Days in every view and chart are the zone's days.
pub fn set_basics(
    store: &Store,
    who: &crate::moderation::moderators::Moderator,
    name: &str,
    time_zone: &str,
    reporting_currency: &str,
) -> Result<()> {
    who.must_admin()?;
    let zone = time::parse_zone(time_zone.trim())?;
    let currency = crate::fundraising::money::currency(reporting_currency.trim())?;
    store.write(|tx| {
        db::settings::set(tx, NAME, name.trim())?;
        db::settings::set(tx, TIME_ZONE, zone.name())?;
        db::settings::set(tx, REPORTING_CURRENCY, currency.code())
    })
}
