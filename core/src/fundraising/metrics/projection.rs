//! When a campaign reaches its goal at the current pace: recurring income a day plus the
//! one-time gifts of the last 30 (or 90) days a day, with the formula and its inputs in a
//! sentence. A monthly goal is not projected.
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::Projection;
use crate::error::Result;
use crate::fundraising::money::{self, Style};

const FORMULA: &str = "days to goal = remaining ÷ (MRR × 12 ÷ 365 + one-time gifts in the last N days ÷ N), N = 30 and 90";

/// What the projection starts from, in minor units of the campaign's currency.
pub(super) struct Pace {
    pub remaining: i64,
    pub mrr: i64,
    pub one_time_30: i64,
    pub one_time_90: i64,
}

pub(super) fn project(
    monthly: bool,
    pace: &Pace,
    as_of: NaiveDate,
    window_to: NaiveDate,
    cur: &str,
) -> Result<Projection> {
    let committed = Decimal::from(pace.mrr) * Decimal::from(12) / Decimal::from(365);
    let daily_30 = committed + Decimal::from(pace.one_time_30) / Decimal::from(30);
    let daily_90 = committed + Decimal::from(pace.one_time_90) / Decimal::from(90);
    let date_30 = reached_on(daily_30, pace.remaining, as_of);
    let date_90 = reached_on(daily_90, pace.remaining, as_of);
    let (state, explanation) = explain(monthly, pace, (&date_30, &date_90), window_to, cur)?;
    Ok(Projection {
        state: state.into(),
        remaining_minor: pace.remaining,
        mrr_minor: pace.mrr,
        one_time_30_minor: pace.one_time_30,
        one_time_90_minor: pace.one_time_90,
        daily_30_minor: to_minor(daily_30),
        daily_90_minor: to_minor(daily_90),
        daily_30_display: money::format(to_minor(daily_30), cur, Style::Exact)?,
        daily_90_display: money::format(to_minor(daily_90), cur, Style::Exact)?,
        date_30,
        date_90,
        formula: FORMULA.to_string(),
        explanation,
    })
}

/// Minor units, rounded half to even.
fn to_minor(d: Decimal) -> i64 {
    i64::try_from(d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
        .unwrap_or(i64::MAX)
}

/// The day `remaining` is reached at `daily` a day (None when nothing is coming in or nothing
/// remains).
fn reached_on(daily: Decimal, remaining: i64, as_of: NaiveDate) -> Option<String> {
    if daily <= Decimal::ZERO || remaining <= 0 {
        return None;
    }
    let days = (Decimal::from(remaining) / daily).ceil();
    let days = i64::try_from(days).ok()?;
    as_of
        .checked_add_signed(Duration::days(days.min(365 * 1000)))
        .map(|d| d.to_string())
}

/// The projection's state and its sentence.
fn explain(
    monthly: bool,
    pace: &Pace,
    (date_30, date_90): (&Option<String>, &Option<String>),
    window_to: NaiveDate,
    cur: &str,
) -> Result<(&'static str, String)> {
    let fmt = |minor: i64| money::format(minor, cur, Style::Round);
    let inputs = format!(
        "remaining {}, MRR {}, one-time gifts {} in the last 30 days and {} in the last 90",
        fmt(pace.remaining.max(0))?,
        fmt(pace.mrr)?,
        fmt(pace.one_time_30)?,
        fmt(pace.one_time_90)?
    );
    Ok(if monthly {
        (
            "not_projected",
            "A monthly goal is met by the recurring income itself; it is not projected to a date."
                .to_string(),
        )
    } else if pace.remaining <= 0 {
        ("reached", "The goal is reached.".to_string())
    } else if date_30.is_none() && date_90.is_none() {
        (
            "no_pace",
            format!("Nothing has come in lately, so no date can be projected ({inputs})."),
        )
    } else {
        (
            "projected",
            format!(
                "At the last 30 days' pace the goal is reached on {}; at the last 90 days' pace on {} ({inputs}).",
                say(date_30, window_to),
                say(date_90, window_to)
            ),
        )
    })
}

/// A projected day as the sentence says it ("3 March 2027"), marked when it is after the
/// campaign ends.
fn say(day: &Option<String>, window_to: NaiveDate) -> String {
    day.as_deref()
        .map_or("never at that pace".to_string(), |d| {
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
