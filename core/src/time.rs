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
    at.with_timezone(&zone)
        .format("%-d %b %Y, %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
    }
}
