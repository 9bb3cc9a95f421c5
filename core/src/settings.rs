//! The newsroom's settings that every module reads: its time zone, its reporting currency,
//! this device's id, and the keys they are stored under (`db::settings` stores them). It sits
//! below moderation and fundraising; the newsroom facade (`newsroom`) sits above them.
use chrono_tz::Tz;
use rusqlite::Connection;

use crate::db;
use crate::error::Result;
use crate::time;

pub const NAME: &str = "newsroom.name";
pub const TIME_ZONE: &str = "newsroom.time_zone";
pub const REPORTING_CURRENCY: &str = "newsroom.reporting_currency";
/// Set once the first-start choice was made: "demo" or "empty".
pub const SETUP: &str = "newsroom.setup";
pub const SETUP_DEMO: &str = "demo";
pub const SETUP_EMPTY: &str = "empty";

/// This laptop's key: decisions record which device made them.
pub const DEVICE_ID: &str = "device.id";

pub const DEFAULT_ZONE: &str = "UTC";
pub const DEFAULT_CURRENCY: &str = "USD";

/// The newsroom's time zone; a stored name that is not a zone is an error, not UTC.
pub fn zone(conn: &Connection) -> Result<Tz> {
    let name = db::settings::get(conn, TIME_ZONE)?;
    time::parse_zone(name.as_deref().unwrap_or(DEFAULT_ZONE))
}

/// The currency the newsroom reports in (charts that span every campaign).
pub fn reporting_currency(conn: &Connection) -> Result<String> {
    Ok(
        db::settings::get(conn, REPORTING_CURRENCY)?
            .unwrap_or_else(|| DEFAULT_CURRENCY.to_string()),
    )
}

/// This device's key, made on first use (inside the caller's write transaction).
pub fn device_id(conn: &Connection) -> Result<String> {
    if let Some(id) = db::settings::get(conn, DEVICE_ID)? {
        return Ok(id);
    }
    let id = crate::ids::new_v7();
    db::settings::set(conn, DEVICE_ID, &id)?;
    Ok(id)
}
