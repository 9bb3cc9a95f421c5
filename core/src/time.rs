//! Time as the store keeps it (UTC, RFC 3339, microseconds, `Z`) and as people read it (the
//! newsroom's own time zone).
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;

use crate::error::{CoreError, Result};

/// The stored form: fixed width, so text order is time order.
pub fn to_stored(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn now_stored() -> String {
    to_stored(Utc::now())
}

pub fn parse_stored(field: &'static str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| {
            CoreError::invalid(field, format!("{text:?} is not an RFC 3339 time: {err}"))
        })
}

pub fn parse_zone(name: &str) -> Result<Tz> {
    name.parse::<Tz>()
        .map_err(|_| CoreError::invalid("time zone", format!("{name:?} is not an IANA time zone")))
}

/// "7 Nov 2017, 14:05 EET": how the window shows a moment.
pub fn display(at: DateTime<Utc>, zone: Tz) -> String {
    // Spelled out rather than through a format string, which chrono parses on every call
    // (a twentieth of a queue page): the same text as "%-d %b %Y, %H:%M %Z".
    use chrono::{Datelike, Timelike};
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let local = at.with_timezone(&zone);
    format!(
        "{} {} {:04}, {:02}:{:02} {}",
        local.day(),
        MONTHS[local.month0() as usize],
        local.year(),
        local.hour(),
        local.minute(),
        local.offset()
    )
}

/// The stored form of the first moment of `day` in `zone` ("after:2026-11-01" means from the
/// newsroom's midnight). A day that starts in a DST gap starts at its first valid moment.
pub fn day_start(day: chrono::NaiveDate, zone: Tz) -> String {
    use chrono::TimeZone;
    let mut local = day.and_time(chrono::NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(at) = zone.from_local_datetime(&local).earliest() {
            return to_stored(at.with_timezone(&Utc));
        }
        local += chrono::Duration::minutes(30);
    }
    to_stored(day.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// A span of days typed in a form (YYYY-MM-DD, both ends included, either may be blank) as
/// stored bounds: (the first moment of `from`, the first moment after `to`) in `zone`.
pub fn day_span(
    zone: Tz,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>)> {
    let bound = |field: &str, text: Option<&str>, plus: i64| -> Result<Option<String>> {
        text.filter(|t| !t.trim().is_empty())
            .map(|t| {
                Ok(day_start(
                    parse_day(field, t)? + chrono::Duration::days(plus),
                    zone,
                ))
            })
            .transpose()
    };
    Ok((bound("from", from, 0)?, bound("to", to, 1)?))
}

/// Parses "YYYY-MM-DD" for `field`.
pub fn parse_day(field: &str, text: &str) -> Result<chrono::NaiveDate> {
    use chrono::Datelike;
    let bad = || CoreError::invalid(field, format!("{text:?} is not a date like 2026-11-27"));
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    // Four-digit years only: the stored form compares as text, and the day after must exist.
    if !(1..=9998).contains(&day.year()) {
        return Err(bad());
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn display_writes_what_the_format_string_would() {
        let zones = [
            Tz::UTC,
            Tz::Europe__Kyiv,
            Tz::America__St_Johns,
            Tz::Asia__Kolkata,
        ];
        // Every 7 hours 13 minutes across DST changes, month ends and a leap day.
        let mut at = Utc
            .with_ymd_and_hms(2023, 12, 30, 0, 0, 0)
            .single()
            .expect("valid");
        for _ in 0..3_000 {
            for zone in zones {
                let expected = at
                    .with_timezone(&zone)
                    .format("%-d %b %Y, %H:%M %Z")
                    .to_string();
                assert_eq!(display(at, zone), expected);
            }
            at += chrono::Duration::minutes(7 * 60 + 13);
        }
        let early = Utc
            .with_ymd_and_hms(812, 3, 5, 9, 7, 0)
            .single()
            .expect("valid");
        assert_eq!(display(early, Tz::UTC), "5 Mar 0812, 09:07 UTC");
    }

    #[test]
    fn stored_form_round_trips_and_displays_in_the_newsroom_zone() {
        let at = Utc
            .with_ymd_and_hms(2017, 11, 7, 12, 5, 0)
            .single()
            .expect("valid");
        let stored = to_stored(at);
        assert_eq!(stored, "2017-11-07T12:05:00.000000Z");
        assert_eq!(parse_stored("at", &stored).expect("parses"), at);
        let kyiv = parse_zone("Europe/Kyiv").expect("zone");
        assert_eq!(display(at, kyiv), "7 Nov 2017, 14:05 EET");
        assert_eq!(parse_zone("Mars/Olympus").unwrap_err().code(), "invalid");
        let day = parse_day("after", "2026-11-01").expect("day");
        assert_eq!(day_start(day, kyiv), "2026-10-31T22:00:00.000000Z");
        assert_eq!(
            parse_day("after", "1/11/2026").unwrap_err().code(),
            "invalid"
        );
    }
}
