//! Dates and times as donation exports write them, into the stored UTC form.
//!
//! Day and month order is a property of the whole file, never of one row: a file is day-first
//! when any date's first number is above 12, month-first when any date's second number is, and
//! broken when both happen (an error). When no date settles it (every day ≤ 12) the file is
//! *ambiguous*: rows are read day-first and the result says so (`DateOrderStatus::Ambiguous`),
//! so the preview asks the person and reads again with an explicit `DateOrder`.
//!
//! Time zones: Stripe's "(UTC)" columns are UTC; PayPal writes a zone beside each time, either
//! an abbreviation that already tells summer from winter (PST/PDT, CET/CEST) or an IANA name
//! ("America/Los_Angeles"); times written with an offset keep it; times with no zone at all are
//! read in the zone the caller gives (`ReadOptions::zone`, UTC by default).
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::time;

/// Which number of a slashed date is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// 29/12/2015
    DayFirst,
    /// 12/29/2015
    MonthFirst,
}

/// How the reader settled the day/month order of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DateOrderStatus {
    /// The file's dates do not depend on it (ISO dates, or no dates).
    NotNeeded,
    /// The file itself settles it (a day above 12).
    Inferred { order: DateOrder },
    /// The caller chose it.
    Given { order: DateOrder },
    /// Nothing settles it: rows were read with `assumed`; ask the person before importing.
    Ambiguous { assumed: DateOrder },
}

impl DateOrderStatus {
    /// True when the person must confirm the order before the rows can be trusted.
    pub fn needs_confirmation(self) -> bool {
        matches!(self, DateOrderStatus::Ambiguous { .. })
    }
}

/// The order assumed for an ambiguous file until the person says otherwise.
pub const ASSUMED_ORDER: DateOrder = DateOrder::DayFirst;

/// The two leading numbers and the year of a numeric date written day/month or month/day
/// ("29/12/2015", "9.4.2018", "07-11-18"); None for year-first dates and anything else.
fn numeric_parts(text: &str) -> Option<(u32, u32, i32)> {
    let date = text.split_whitespace().next()?;
    let sep = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        || parts[0].len() > 2
        || parts[1].len() > 2
        || !(parts[2].len() == 2 || parts[2].len() == 4)
    {
        return None;
    }
    let a = parts[0].parse().ok()?;
    let b = parts[1].parse().ok()?;
    let mut year: i32 = parts[2].parse().ok()?;
    if parts[2].len() == 2 {
        year += 2000;
    }
    Some((a, b, year))
}

/// Settles the order from every (line, date text) of the file's date column.
pub fn resolve<'a>(
    column: &str,
    dates: impl IntoIterator<Item = (u64, &'a str)>,
    given: Option<DateOrder>,
) -> Result<(DateOrderStatus, DateOrder)> {
    if let Some(order) = given {
        return Ok((DateOrderStatus::Given { order }, order));
    }
    let mut seen = false;
    let mut day_first: Option<(u64, &str)> = None;
    let mut month_first: Option<(u64, &str)> = None;
    for (line, text) in dates {
        let Some((a, b, _)) = numeric_parts(text) else {
            continue;
        };
        seen = true;
        if a > 12 && b <= 12 && day_first.is_none() {
            day_first = Some((line, text));
        }
        if b > 12 && a <= 12 && month_first.is_none() {
            month_first = Some((line, text));
        }
    }
    match (day_first, month_first) {
        (Some((dl, dt)), Some((ml, mt))) => Err(CoreError::invalid(
            column,
            format!(
                "the dates are written both day-first (line {dl}: {dt:?}) and month-first (line {ml}: {mt:?}); fix the file or choose the order explicitly"
            ),
        )),
        (Some(_), None) => Ok((
            DateOrderStatus::Inferred {
                order: DateOrder::DayFirst,
            },
            DateOrder::DayFirst,
        )),
        (None, Some(_)) => Ok((
            DateOrderStatus::Inferred {
                order: DateOrder::MonthFirst,
            },
            DateOrder::MonthFirst,
        )),
        (None, None) if seen => Ok((
            DateOrderStatus::Ambiguous {
                assumed: ASSUMED_ORDER,
            },
            ASSUMED_ORDER,
        )),
        (None, None) => Ok((DateOrderStatus::NotNeeded, ASSUMED_ORDER)),
    }
}

/// A calendar date: ISO ("2016-02-12", "2016/02/12"), numeric in `order`, or with a month name
/// ("Feb 12, 2016", "12 Feb 2016").
pub fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some((a, b, year)) = numeric_parts(text) {
        let (day, month) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    for format in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d %Y",
        "%d-%b-%Y",
    ] {
        if let Ok(day) = NaiveDate::parse_from_str(text, format) {
            return Some(day);
        }
    }
    None
}

/// A wall-clock time: "14:55:44", "7:46", "14:55:44.123", "2:55:44 PM".
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    for format in [
        "%H:%M:%S",
        "%H:%M:%S%.f",
        "%H:%M",
        "%I:%M:%S %p",
        "%I:%M %p",
    ] {
        if let Ok(at) = NaiveTime::parse_from_str(text, format) {
            return Some(at);
        }
    }
    None
}

/// A moment written in one cell: RFC 3339, "2023-05-07 21:46:01 +0200", "… UTC", or a local
/// date and time ("2023-05-31 07:46:37.731953", "07/11/2018 14:55", a date alone: midnight) read
/// in `zone`. The result is the stored form.
pub fn parse_moment(text: &str, order: DateOrder, zone: Tz) -> Option<String> {
    let text = text.trim();
    // Most exports write "2024-01-05 09:30:00": read that by hand, since trying chrono's
    // formats one after the other costs more than the rest of a Stripe row together.
    if let Some((naive, rest)) = iso_prefix(text) {
        match rest {
            "" if zone == Tz::UTC => return Some(time::to_stored(naive.and_utc())),
            "" => return local(naive, zone).map(time::to_stored),
            "Z" | " UTC" | " GMT" | "+00:00" | " +0000" => {
                return Some(time::to_stored(naive.and_utc()))
            }
            _ => {}
        }
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(time::to_stored(at.with_timezone(&Utc)));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(time::to_stored(at.with_timezone(&Utc)));
        }
    }
    let (rest, utc) = match text
        .strip_suffix(" UTC")
        .or_else(|| text.strip_suffix(" GMT"))
        .or_else(|| text.strip_suffix('Z'))
    {
        Some(rest) => (rest.trim(), true),
        None => (text, false),
    };
    let naive = parse_naive(rest, order)?;
    if utc {
        return Some(time::to_stored(naive.and_utc()));
    }
    local(naive, zone).map(time::to_stored)
}

/// "YYYY-MM-DD[ T]HH:MM[:SS[.f…]]" at the start of `text`, and what follows it.
fn iso_prefix(text: &str) -> Option<(NaiveDateTime, &str)> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() < 16
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T')
        || b[13] != b':'
    {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(
        i32::try_from(digits(0..4)?).ok()?,
        digits(5..7)?,
        digits(8..10)?,
    )?;
    let (hour, minute) = (digits(11..13)?, digits(14..16)?);
    let mut end = 16;
    let mut second = 0;
    let mut nanos = 0;
    if b.get(16) == Some(&b':') {
        second = digits(17..19)?;
        end = 19;
        if b.get(19) == Some(&b'.') {
            let start = 20;
            let mut stop = start;
            while stop < b.len() && b[stop].is_ascii_digit() {
                stop += 1;
            }
            if stop == start || stop - start > 9 {
                return None;
            }
            nanos = digits(start..stop)? * 10u32.pow(9 - (stop - start) as u32);
            end = stop;
        }
    }
    let at = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some((day.and_time(at), &text[end..]))
}

/// A date and optional time in one cell, with no zone.
fn parse_naive(text: &str, order: DateOrder) -> Option<NaiveDateTime> {
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at);
        }
    }
    let (date, time_text) = match text.split_once([' ', 'T']) {
        Some((date, rest)) if parse_date(date, order).is_some() => (date, Some(rest)),
        _ => (text, None),
    };
    let day = parse_date(date, order)?;
    let at = match time_text {
        Some(t) => parse_time(t)?,
        None => NaiveTime::MIN,
    };
    Some(day.and_time(at))
}

/// A local wall-clock time in an IANA zone; at a fall-back hour the earlier moment.
pub fn local(naive: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// Fixed offsets of the zone abbreviations payment exports write. Each names its own side of
/// daylight saving time (PST is always -8, PDT always -7), so no rule is needed. "IST" is left
/// out: it means India, Ireland and Israel.
fn abbreviation(name: &str) -> Option<FixedOffset> {
    let minutes = match name.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" | "UT" | "WET" => 0,
        "BST" | "WEST" | "CET" | "MET" => 60,
        "CEST" | "MEST" | "EET" | "SAST" => 120,
        "EEST" | "MSK" => 180,
        "PST" => -8 * 60,
        "PDT" | "MST" => -7 * 60,
        "MDT" | "CST" => -6 * 60,
        "CDT" | "EST" => -5 * 60,
        "EDT" | "AST" => -4 * 60,
        "ADT" | "BRT" | "ART" => -3 * 60,
        "NST" => -(3 * 60 + 30),
        "NDT" => -(2 * 60 + 30),
        "AKST" => -9 * 60,
        "AKDT" => -8 * 60,
        "HST" => -10 * 60,
        "AWST" | "HKT" | "SGT" => 8 * 60,
        "JST" | "KST" => 9 * 60,
        "ACST" => 9 * 60 + 30,
        "ACDT" => 10 * 60 + 30,
        "AEST" => 10 * 60,
        "AEDT" => 11 * 60,
        "NZST" => 12 * 60,
        "NZDT" => 13 * 60,
        _ => return offset_text(name),
    };
    FixedOffset::east_opt(minutes * 60)
}

/// "GMT+01:00", "UTC-8", "+0100", "-07:00".
fn offset_text(name: &str) -> Option<FixedOffset> {
    let upper = name.trim().to_ascii_uppercase();
    let rest = upper
        .strip_prefix("GMT")
        .or_else(|| upper.strip_prefix("UTC"))
        .unwrap_or(&upper);
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    // Only ASCII digits and one colon: anything else (a PayPal cell read as "+1é2") is not an
    // offset, and the byte slicing below stays on character boundaries.
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => (digits.parse().ok()?, 0),
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// A local time with the zone text an export put beside it. `prefer_iana` reads names that
/// are both an abbreviation and an IANA zone ("CET", "EET") by the IANA rules (which switch to
/// summer time), as in PayPal's statement report whose zone column holds IANA names; otherwise
/// (activity downloads, which write PST or PDT as the season has it) as the fixed abbreviation.
pub fn zoned(naive: NaiveDateTime, zone: &str, prefer_iana: bool) -> Option<DateTime<Utc>> {
    let zone = zone.trim();
    let iana = || zone.parse::<Tz>().ok().and_then(|tz| local(naive, tz));
    let fixed = || {
        abbreviation(zone).and_then(|offset| {
            offset
                .from_local_datetime(&naive)
                .single()
                .map(|at| at.with_timezone(&Utc))
        })
    };
    if prefer_iana {
        iana().or_else(fixed)
    } else {
        fixed().or_else(iana)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, order: DateOrder) -> String {
        parse_moment(text, order, Tz::UTC).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn the_whole_file_settles_day_and_month() {
        let day_first = [(2, "29/12/2015"), (3, "12/02/2016")];
        assert_eq!(
            resolve("Date", day_first, None).unwrap().0,
            DateOrderStatus::Inferred {
                order: DateOrder::DayFirst
            }
        );
        let month_first = [(2, "9/4/2018"), (3, "9/27/2018")];
        assert_eq!(
            resolve("Date", month_first, None).unwrap().1,
            DateOrder::MonthFirst
        );
        let ambiguous = [(2, "07/11/2018"), (3, "")];
        assert_eq!(
            resolve("Date", ambiguous, None).unwrap().0,
            DateOrderStatus::Ambiguous {
                assumed: DateOrder::DayFirst
            }
        );
        assert_eq!(
            resolve("Date", ambiguous, Some(DateOrder::MonthFirst))
                .unwrap()
                .0,
            DateOrderStatus::Given {
                order: DateOrder::MonthFirst
            }
        );
        let iso = [(2, "2018-09-04")];
        assert_eq!(
            resolve("Date", iso, None).unwrap().0,
            DateOrderStatus::NotNeeded
        );
        let both = [(2, "13/01/2020"), (5, "01/13/2020")];
        let err = resolve("Date", both, None).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("line 5"), "{err}");
    }

    #[test]
    fn dates_times_and_zones() {
        assert_eq!(
            parse_date("9/27/2018", DateOrder::MonthFirst),
            NaiveDate::from_ymd_opt(2018, 9, 27)
        );
        assert_eq!(parse_date("13/13/2018", DateOrder::DayFirst), None);
        assert_eq!(
            parse_date("07.11.18", DateOrder::DayFirst),
            NaiveDate::from_ymd_opt(2018, 11, 7)
        );
        assert_eq!(
            at("2023-05-07 21:46:01 +0200", DateOrder::DayFirst),
            "2023-05-07T19:46:01.000000Z"
        );
        assert_eq!(
            at("2023-04-08 17:45:28.731953", DateOrder::DayFirst),
            "2023-04-08T17:45:28.731953Z"
        );
        assert_eq!(
            at("2023-06-06T05:47:17", DateOrder::DayFirst),
            "2023-06-06T05:47:17.000000Z"
        );
        assert_eq!(
            at("07/11/2018 2:55 PM", DateOrder::MonthFirst),
            "2018-07-11T14:55:00.000000Z"
        );
        assert_eq!(
            parse_moment(
                "2018-07-11 14:55",
                DateOrder::DayFirst,
                chrono_tz::Europe::Kyiv
            )
            .as_deref(),
            Some("2018-07-11T11:55:00.000000Z")
        );
        let naive = NaiveDate::from_ymd_opt(2016, 6, 9)
            .unwrap()
            .and_hms_opt(7, 19, 50)
            .unwrap();
        let utc = |zone, iana| zoned(naive, zone, iana).map(time::to_stored);
        assert_eq!(utc("PDT", false).unwrap(), "2016-06-09T14:19:50.000000Z");
        assert_eq!(utc("PST", false).unwrap(), "2016-06-09T15:19:50.000000Z");
        assert_eq!(
            utc("America/Los_Angeles", true).unwrap(),
            "2016-06-09T14:19:50.000000Z"
        );
        // CET as the IANA zone is on summer time in June; as an abbreviation it is +1.
        assert_eq!(utc("CET", true).unwrap(), "2016-06-09T05:19:50.000000Z");
        assert_eq!(utc("CET", false).unwrap(), "2016-06-09T06:19:50.000000Z");
        assert_eq!(
            utc("GMT+02:00", false).unwrap(),
            "2016-06-09T05:19:50.000000Z"
        );
        assert_eq!(utc("Mars/Base", false), None);
        assert_eq!(utc("IST", false), None);
    }
}
