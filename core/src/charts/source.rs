//! What each chart draws, read from the newsroom: a campaign's gifts in its currency (converted
//! as the metrics convert them), bucketed by day, week or month in the newsroom's time zone;
//! comments per day by status; both on one time axis for the reader support timeline. The
//! window, the CLI and the report all ask for charts through `ChartRequest`.
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::comments::{CommentBucket, CommentsData};
use super::donors::{DonorBucket, DonorsData};
use super::heatmap::HeatmapData;
use super::monthly::{MonthlyData, RevenueBucket};
use super::mrr::{MrrData, RecurringFlow};
use super::progress::{self, ProgressData};
use super::thermometer::ThermometerData;
use super::timeline::TimelineData;
use super::{
    ChartData, ChartKind, DatedAmount, DatedCount, Format, Granularity, Options, Output, Theme,
};
use crate::db::{self, metrics::GiftRow, Store};
use crate::error::{CoreError, Result};
use crate::fundraising::metrics::currency::Converter;
use crate::fundraising::metrics::recurring::{active_days, monthly_amount, per_year};
use crate::fundraising::metrics::{self, is_gift, MetricsQuery};
use crate::model::Basis;
use crate::settings;
use crate::time;

/// One chart, as the window, the CLI and the report ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChartRequest {
    /// progress, thermometer, monthly, mrr, donors, heatmap, comments, timeline.
    pub kind: String,
    /// The campaign (fundraising charts); default: the first listed.
    pub campaign_id: Option<String>,
    /// The span (YYYY-MM-DD, both included, newsroom time zone); default: the campaign's
    /// window, or the last 90 days for comments.
    pub from_day: Option<String>,
    pub to_day: Option<String>,
    /// day, week or month; default: chosen from the span.
    pub granularity: Option<String>,
    /// Comments and the timeline: only under these articles (empty: the whole site).
    pub article_ids: Vec<String>,
    pub width: u32,
    pub height: u32,
    /// light or dark.
    pub theme: String,
    /// svg or png.
    pub format: String,
}

fn zone_day(stored: &str, zone: Tz) -> Result<NaiveDate> {
    Ok(time::parse_stored("occurred_at", stored)?
        .with_timezone(&zone)
        .date_naive())
}

fn bucket(day: NaiveDate, granularity: Granularity) -> NaiveDate {
    match granularity {
        Granularity::Day => day,
        Granularity::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        Granularity::Month => day.with_day(1).unwrap_or(day),
        Granularity::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
    }
}

fn auto_granularity(from: NaiveDate, to: NaiveDate) -> Granularity {
    match (to - from).num_days() {
        d if d <= 120 => Granularity::Day,
        d if d <= 550 => Granularity::Week,
        _ => Granularity::Month,
    }
}

fn parse_granularity(text: Option<&str>, default: Granularity) -> Result<Granularity> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => t.parse().map_err(|_| {
            CoreError::invalid("granularity", format!("{t:?} is not day, week or month"))
        }),
    }
}

/// The campaign asked for, or the first one.
fn campaign(conn: &rusqlite::Connection, id: Option<&str>) -> Result<db::fundraising::CampaignRow> {
    let all = db::fundraising::list_campaigns(conn)?;
    match id.filter(|i| !i.is_empty()) {
        Some(id) => all
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| CoreError::NotFound {
                what: format!("campaign {id}"),
            }),
        None => all.into_iter().next().ok_or_else(|| CoreError::NotFound {
            what: "a campaign (create one first)".into(),
        }),
    }
}

struct Span {
    from: NaiveDate,
    to: NaiveDate,
    start: String,
    end: String,
}

fn span(request: &ChartRequest, default: (NaiveDate, NaiveDate), zone: Tz) -> Result<Span> {
    let day = |field: &str, text: &Option<String>, d: NaiveDate| -> Result<NaiveDate> {
        match text.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => time::parse_day(field, t),
            None => Ok(d),
        }
    };
    let from = day("from", &request.from_day, default.0)?;
    let to = day("to", &request.to_day, default.1)?;
    if to < from {
        return Err(CoreError::invalid("to", "the span ends before it starts"));
    }
    Ok(Span {
        from,
        to,
        start: time::day_start(from, zone),
        end: time::day_start(to + Duration::days(1), zone),
    })
}

/// A campaign's rows converted to its currency: (row, zone day, gross, fee).
fn converted(
    conn: &rusqlite::Connection,
    rows: Vec<GiftRow>,
    currency: &str,
    zone: Tz,
) -> Result<Vec<(GiftRow, NaiveDate, i64, i64)>> {
    let mut conv = Converter::new(conn, currency, zone);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(m) = conv.money(&row)? {
            let day = zone_day(&row.occurred_at, zone)?;
            out.push((row, day, m.gross, m.fee));
        }
    }
    Ok(out)
}

/// The data of the chart asked for, and how to draw it.
pub fn data(store: &Store, request: &ChartRequest) -> Result<(ChartData, Options)> {
    let kind: ChartKind = request.kind.parse()?;
    let theme: Theme = if request.theme.trim().is_empty() {
        Theme::Light
    } else {
        request.theme.parse()?
    };
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let options = Options::new(request.width, request.height, theme, zone.name());
        options.validate()?;
        let today = Utc::now().with_timezone(&zone).date_naive();
        let data = match kind {
            ChartKind::Comments | ChartKind::Timeline => {
                comments_chart(conn, request, kind, zone, today)?
            }
            _ => fundraising_chart(store, conn, request, kind, zone, today)?,
        };
        Ok((data, options))
    })
}

pub fn render(store: &Store, request: &ChartRequest) -> Result<Output> {
    let format: Format = request.format.parse()?;
    let (data, options) = data(store, request)?;
    data.render(format, &options)
}

fn fundraising_chart(
    store: &Store,
    conn: &rusqlite::Connection,
    request: &ChartRequest,
    kind: ChartKind,
    zone: Tz,
    today: NaiveDate,
) -> Result<ChartData> {
    let c = campaign(conn, request.campaign_id.as_deref())?;
    let window = (
        time::parse_day("starts_on", &c.starts_on)?,
        time::parse_day("ends_on", &c.ends_on)?,
    );
    let s = span(request, window, zone)?;
    let granularity = parse_granularity(
        request.granularity.as_deref(),
        match kind {
            ChartKind::Monthly | ChartKind::Mrr | ChartKind::Donors => Granularity::Month,
            _ => auto_granularity(s.from, s.to),
        },
    )?;
    let value = |gross: i64, fee: i64| match c.basis {
        Basis::Gross => gross,
        Basis::Net => gross - fee,
    };
    let window_stored = (
        time::day_start(window.0, zone),
        time::day_start(window.1 + Duration::days(1), zone),
    );
    let rows = db::metrics::campaign_rows(
        conn,
        &c.id,
        (&window_stored.0, &window_stored.1),
        (&s.start, &s.end),
    )?;
    let rows = converted(conn, rows, &c.currency, zone)?;
    let title = |what: &str| format!("{}: {what}", c.name);
    Ok(match kind {
        ChartKind::Progress | ChartKind::Thermometer => {
            let m = metrics::compute_metrics(
                store,
                conn,
                &MetricsQuery {
                    campaign_id: c.id.clone(),
                    from_day: Some(s.from.to_string()),
                    to_day: Some(s.to.to_string()),
                    as_of: None,
                },
            )?;
            let as_of = time::parse_day("as_of", &m.as_of)?;
            if kind == ChartKind::Thermometer {
                ChartData::Thermometer(ThermometerData {
                    title: c.name.clone(),
                    currency: c.currency.clone(),
                    raised_minor: m.raised_minor,
                    goal_minor: m.goal_minor,
                    sentence: Some(m.sentence.clone()),
                    as_of: Some(as_of),
                })
            } else {
                let mut per_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
                for (_, day, gross, fee) in &rows {
                    if *day <= as_of {
                        *per_day.entry(*day).or_insert(0) += value(*gross, *fee);
                    }
                }
                let mut total = 0i64;
                let cumulative = per_day
                    .into_iter()
                    .map(|(date, minor)| {
                        total += minor;
                        DatedAmount { date, minor: total }
                    })
                    .collect();
                let projection =
                    (m.projection.state == "projected").then_some(progress::Projection::Rates {
                        low_per_day_minor: m.projection.daily_90_minor,
                        high_per_day_minor: m.projection.daily_30_minor,
                    });
                ChartData::Progress(ProgressData {
                    title: title("progress"),
                    currency: c.currency.clone(),
                    goal_minor: c.goal_minor,
                    window_start: s.from,
                    window_end: s.to,
                    cumulative,
                    today: as_of,
                    projection,
                })
            }
        }
        ChartKind::Monthly => {
            let mut buckets: BTreeMap<NaiveDate, RevenueBucket> = BTreeMap::new();
            for (row, day, gross, fee) in &rows {
                let period = bucket(*day, granularity);
                let b = buckets.entry(period).or_insert(RevenueBucket {
                    period,
                    one_time_minor: 0,
                    recurring_minor: 0,
                    refunds_minor: 0,
                });
                match row.kind.as_str() {
                    "one_time" => b.one_time_minor += value(*gross, *fee),
                    "recurring" => b.recurring_minor += value(*gross, *fee),
                    _ => b.refunds_minor += value(*gross, *fee),
                }
            }
            ChartData::Monthly(MonthlyData {
                title: title("gifts by month"),
                currency: c.currency.clone(),
                granularity,
                buckets: buckets.into_values().collect(),
            })
        }
        ChartKind::Donors => {
            let donors = db::metrics::donors(conn)?;
            let mut seen: HashMap<NaiveDate, (HashSet<String>, HashSet<String>)> = HashMap::new();
            for (row, day, _, _) in &rows {
                let (Some(donor), true) = (&row.donor_id, is_gift(&row.kind)) else {
                    continue;
                };
                let period = bucket(*day, granularity);
                let first = donors
                    .get(donor)
                    .and_then(|d| d.1.as_deref())
                    .map(|f| zone_day(f, zone))
                    .transpose()?;
                let entry = seen.entry(period).or_default();
                if first.is_some_and(|f| bucket(f, granularity) == period) {
                    entry.0.insert(donor.clone());
                } else {
                    entry.1.insert(donor.clone());
                }
            }
            let mut buckets: Vec<DonorBucket> = seen
                .into_iter()
                .map(|(period, (new, returning))| DonorBucket {
                    period,
                    new_donors: new.len() as u64,
                    returning_donors: returning.difference(&new).count() as u64,
                })
                .collect();
            buckets.sort_by_key(|b| b.period);
            ChartData::Donors(DonorsData {
                title: title("donors"),
                granularity,
                buckets,
            })
        }
        ChartKind::Heatmap => {
            let mut days: BTreeMap<NaiveDate, u64> = BTreeMap::new();
            for (row, day, _, _) in &rows {
                if is_gift(&row.kind) {
                    *days.entry(*day).or_insert(0) += 1;
                }
            }
            ChartData::Heatmap(HeatmapData {
                title: title("gifts per day"),
                start: s.from,
                end: s.to,
                days: days
                    .into_iter()
                    .map(|(date, count)| DatedCount { date, count })
                    .collect(),
            })
        }
        ChartKind::Mrr => mrr_chart(conn, &c, s, granularity, zone, today)?,
        ChartKind::Comments | ChartKind::Timeline => {
            return Err(CoreError::invalid("kind", "not a fundraising chart"))
        }
    })
}

/// Recurring income over time: at the end of each bucket, each recurring donor's latest gift
/// that still keeps them active, as income a month (as the metrics count MRR: 35 days for a
/// monthly plan, 369 for a yearly one, which counts a twelfth); and per bucket, donors whose
/// first recurring gift fell in it (new) and whose last one lapsed in it (cancelled).
fn mrr_chart(
    conn: &rusqlite::Connection,
    c: &db::fundraising::CampaignRow,
    s: Span,
    granularity: Granularity,
    zone: Tz,
    today: NaiveDate,
) -> Result<ChartData> {
    let history_start = time::day_start(s.from - Duration::days(active_days(1)), zone);
    let rows: Vec<GiftRow> = db::metrics::all_rows(conn, &history_start, &s.end)?
        .into_iter()
        .filter(|r| r.kind == "recurring" && r.donor_id.is_some())
        .collect();
    let all_recurring: Vec<GiftRow> = db::metrics::all_rows(conn, "0000", &s.end)?
        .into_iter()
        .filter(|r| r.kind == "recurring" && r.donor_id.is_some())
        .collect();
    let rows = converted(conn, rows, &c.currency, zone)?;
    // Bucket ends: the last day of each bucket in the span (not after today).
    let mut periods: Vec<NaiveDate> = Vec::new();
    let mut day = bucket(s.from, granularity);
    while day <= s.to {
        periods.push(day);
        day = match granularity {
            Granularity::Day => day + Duration::days(1),
            Granularity::Week => day + Duration::days(7),
            Granularity::Month => day
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(s.to + Duration::days(1)),
            Granularity::Year => day
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(s.to + Duration::days(1)),
        };
    }
    let mut mrr = Vec::new();
    for (i, start) in periods.iter().enumerate() {
        let end = periods
            .get(i + 1)
            .map(|n| *n - Duration::days(1))
            .unwrap_or(s.to)
            .min(today.max(s.from));
        if end < *start {
            continue;
        }
        let mut latest: HashMap<&str, (NaiveDate, i64)> = HashMap::new();
        for (row, day, gross, fee) in &rows {
            let per_year = per_year(row.payments_per_year, &row.id)?;
            if *day > end || *day <= end - Duration::days(active_days(per_year)) {
                continue;
            }
            if let Some(donor) = row.donor_id.as_deref() {
                let keep = latest.get(donor).is_none_or(|(d, _)| d < day);
                if keep {
                    let amount = match c.basis {
                        Basis::Gross => *gross,
                        Basis::Net => gross - fee,
                    };
                    latest.insert(donor, (*day, monthly_amount(amount, per_year)?));
                }
            }
        }
        mrr.push(DatedAmount {
            date: *start,
            minor: latest.values().map(|(_, g)| *g).sum(),
        });
    }
    // First and last recurring gift of each donor, over the whole ledger.
    // (first day, last day, how long the last gift keeps them active)
    let mut first_last: HashMap<&str, (NaiveDate, NaiveDate, i64)> = HashMap::new();
    for row in &all_recurring {
        let Some(donor) = row.donor_id.as_deref() else {
            continue;
        };
        let day = zone_day(&row.occurred_at, zone)?;
        let days = active_days(per_year(row.payments_per_year, &row.id)?);
        let entry = first_last.entry(donor).or_insert((day, day, days));
        entry.0 = entry.0.min(day);
        if day >= entry.1 {
            entry.1 = day;
            entry.2 = days;
        }
    }
    let mut flows: BTreeMap<NaiveDate, RecurringFlow> = periods
        .iter()
        .map(|p| {
            (
                *p,
                RecurringFlow {
                    period: *p,
                    new_donors: 0,
                    cancelled_donors: 0,
                },
            )
        })
        .collect();
    for (first, last, days) in first_last.values() {
        if let Some(f) = flows.get_mut(&bucket(*first, granularity)) {
            f.new_donors += 1;
        }
        let lapsed = *last + Duration::days(*days);
        if lapsed <= today {
            if let Some(f) = flows.get_mut(&bucket(lapsed, granularity)) {
                f.cancelled_donors += 1;
            }
        }
    }
    Ok(ChartData::Mrr(MrrData {
        title: format!("{}: recurring revenue", c.name),
        currency: c.currency.clone(),
        granularity,
        mrr,
        flows: flows.into_values().collect(),
    }))
}

fn comments_chart(
    conn: &rusqlite::Connection,
    request: &ChartRequest,
    kind: ChartKind,
    zone: Tz,
    today: NaiveDate,
) -> Result<ChartData> {
    let s = span(request, (today - Duration::days(89), today), zone)?;
    let granularity = parse_granularity(
        request.granularity.as_deref(),
        auto_granularity(s.from, s.to),
    )?;
    let articles = (!request.article_ids.is_empty()).then_some(request.article_ids.as_slice());
    let hours = db::metrics::comment_hours(conn, &s.start, &s.end, articles)?;
    let mut buckets: BTreeMap<NaiveDate, CommentBucket> = BTreeMap::new();
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (hour, status, n) in hours {
        let at = DateTime::parse_from_rfc3339(&format!("{hour}:00:00Z"))
            .map_err(|err| CoreError::CorruptRow {
                table: "comments",
                id: hour.clone(),
                field: "created_at",
                message: err.to_string(),
            })?
            .with_timezone(&zone);
        let period = bucket(at.date_naive(), granularity);
        let n = u64::try_from(n).unwrap_or(0);
        let b = buckets.entry(period).or_insert(CommentBucket {
            period,
            approved: 0,
            pending: 0,
            rejected: 0,
            spam: 0,
        });
        match status.as_str() {
            "approved" => b.approved += n,
            "pending" => b.pending += n,
            "rejected" => b.rejected += n,
            "spam" => b.spam += n,
            _ => {}
        }
        if status != "trash" {
            *counts.entry(period).or_insert(0) += n;
        }
    }
    let scope = match articles {
        None => None,
        Some(ids) => {
            let titles = db::metrics::article_titles(conn, ids)?;
            Some(match titles.as_slice() {
                [one] => one.clone(),
                [first, rest @ ..] => format!("{first} and {} more", rest.len()),
                [] => "no articles".to_string(),
            })
        }
    };
    if kind == ChartKind::Comments {
        return Ok(ChartData::Comments(CommentsData {
            title: match &scope {
                Some(scope) => format!("Comments on {scope}"),
                None => "Comments per day by status".to_string(),
            },
            granularity,
            buckets: buckets.into_values().collect(),
        }));
    }
    // Donations on the same axis: the whole ledger, in the reporting currency.
    let currency = settings::reporting_currency(conn)?;
    let rows = converted(
        conn,
        db::metrics::all_rows(conn, &s.start, &s.end)?,
        &currency,
        zone,
    )?;
    let mut money: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (row, day, gross, _) in &rows {
        if is_gift(&row.kind) {
            *money.entry(bucket(*day, granularity)).or_insert(0) += gross;
        }
    }
    Ok(ChartData::Timeline(TimelineData {
        scope,
        currency,
        granularity,
        comments: counts
            .into_iter()
            .map(|(date, count)| DatedCount { date, count })
            .collect(),
        donations: money
            .into_iter()
            .map(|(date, minor)| DatedAmount { date, minor })
            .collect(),
    }))
}

/// The campaign's id from its name (for the command line), or an error listing the names.
pub fn campaign_id_by_name(store: &Store, name: &str) -> Result<String> {
    store.read(|conn| {
        if let Some(id) = db::ledger::campaign_by_name(conn, name)? {
            return Ok(id);
        }
        let names: Vec<String> = db::fundraising::list_campaigns(conn)?
            .into_iter()
            .map(|c| c.name)
            .collect();
        Err(CoreError::invalid(
            "campaign",
            format!(
                "no campaign is called {name:?}; the campaigns are: {}",
                if names.is_empty() {
                    "none yet".to_string()
                } else {
                    names.join(", ")
                }
            ),
        ))
    })
}

/// Writes every chart of a campaign (PNG and SVG) and a one-page summary image for a
/// newsletter into `dir`; returns the files written.
pub fn report(
    store: &Store,
    dir: &std::path::Path,
    campaign_id: Option<&str>,
) -> Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| CoreError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    let write = |path: std::path::PathBuf, bytes: &[u8], written: &mut Vec<std::path::PathBuf>| {
        crate::files::write_bytes(&path, bytes)?;
        written.push(path);
        Ok::<(), CoreError>(())
    };
    for kind in ChartKind::ALL {
        for format in ["png", "svg"] {
            let request = ChartRequest {
                kind: kind.as_str().to_string(),
                campaign_id: campaign_id.map(str::to_string),
                from_day: None,
                to_day: None,
                granularity: None,
                article_ids: Vec::new(),
                width: 1600,
                height: 900,
                theme: "light".into(),
                format: format.into(),
            };
            let output = render(store, &request)?;
            write(
                dir.join(format!("{}.{format}", kind.as_str())),
                output.as_bytes(),
                &mut written,
            )?;
        }
    }
    let summary = summary_data(store, campaign_id)?;
    let zone = store.read(|conn| settings::zone(conn))?;
    let options = Options::new(1200, 1500, Theme::Light, zone.name());
    let png = super::summary::render_png(&summary, &options)?;
    write(dir.join("summary.png"), &png, &mut written)?;
    Ok(written)
}

fn summary_data(store: &Store, campaign_id: Option<&str>) -> Result<super::summary::SummaryData> {
    let request = ChartRequest {
        kind: "monthly".into(),
        campaign_id: campaign_id.map(str::to_string),
        from_day: None,
        to_day: None,
        granularity: Some("month".into()),
        article_ids: Vec::new(),
        width: 1200,
        height: 1500,
        theme: "light".into(),
        format: "png".into(),
    };
    let (data, _) = data(store, &request)?;
    let ChartData::Monthly(monthly) = data else {
        return Err(CoreError::invalid(
            "chart",
            "the monthly chart gave other data",
        ));
    };
    // Charts show totals and counts only, never donors' names: the same for every profile.
    let m = store.read(|conn| {
        let id = campaign(conn, campaign_id)?.id;
        let query = MetricsQuery {
            campaign_id: id,
            ..MetricsQuery::default()
        };
        metrics::compute_metrics(store, conn, &query)
    })?;
    Ok(super::summary::SummaryData {
        campaign_name: m.name.clone(),
        currency: m.currency.clone(),
        raised_minor: m.raised_minor,
        goal_minor: m.goal_minor,
        sentence: Some(m.sentence.clone()),
        as_of: time::parse_day("as_of", &m.as_of).ok(),
        key_numbers: m
            .figures
            .iter()
            .filter(|f| {
                matches!(
                    f.label.as_str(),
                    "Gifts" | "Donors" | "New donors" | "Average gift" | "MRR" | "Retention"
                )
            })
            .map(|f| super::summary::KeyNumber {
                label: f.label.clone(),
                value: f.value.clone(),
            })
            .collect(),
        granularity: Granularity::Month,
        monthly: monthly.buckets,
    })
}
