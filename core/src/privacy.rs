//! The newsroom's privacy settings: how long an unattended window stays signed in (the idle
//! lock, for profiles with a passphrase) and how long readers' IP addresses are kept.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::{DateTime, Utc};

use crate::chunks::{Chunk, YIELD_AT_MOST};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::moderation::moderators::Moderator;

const IDLE_LOCK_MINUTES: &str = "privacy.idle_lock_minutes";
const IP_RETENTION_DAYS: &str = "privacy.ip_retention_days";

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
pub const DEFAULT_IP_RETENTION_DAYS: u32 = 90;
/// "Keep forever", as stored.
const FOREVER: &str = "forever";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrivacySettings {
    /// Minutes without use before the window locks back to the profile picker (profiles with
    /// a passphrase only); 0 never locks.
    pub idle_lock_minutes: u32,
    /// Days after which a comment's IP address is cleared; None keeps them forever.
    pub ip_retention_days: Option<u32>,
}

pub fn settings(store: &Store) -> Result<PrivacySettings> {
    store.read(|conn| read(conn))
}

pub(crate) fn read(conn: &rusqlite::Connection) -> Result<PrivacySettings> {
    let number = |key: &'static str, text: &str| {
        text.parse::<u32>().map_err(|_| CoreError::CorruptRow {
            table: "settings",
            id: key.to_owned(),
            field: "value",
            message: format!("{text:?} is not a number"),
        })
    };
    let idle_lock_minutes = match db::settings::get(conn, IDLE_LOCK_MINUTES)? {
        Some(text) => number(IDLE_LOCK_MINUTES, &text)?,
        None => DEFAULT_IDLE_LOCK_MINUTES,
    };
    let ip_retention_days = match db::settings::get(conn, IP_RETENTION_DAYS)?.as_deref() {
        None => Some(DEFAULT_IP_RETENTION_DAYS),
        Some(FOREVER) => None,
        Some(text) => Some(number(IP_RETENTION_DAYS, text)?),
    };
    Ok(PrivacySettings {
        idle_lock_minutes,
        ip_retention_days,
    })
}

/// Changes the privacy settings (admins).
pub fn set_settings(store: &Store, by: &Moderator, new: &PrivacySettings) -> Result<()> {
    by.must_admin()?;
    if new.idle_lock_minutes > 24 * 60 {
        return Err(CoreError::invalid(
            "idle_lock_minutes",
            "the idle lock is at most a day (1440 minutes); 0 turns it off",
        ));
    }
    if new.ip_retention_days == Some(0) {
        return Err(CoreError::invalid(
            "ip_retention_days",
            "keep IP addresses at least a day (moderation needs them), or choose \"forever\"",
        ));
    }
    store.write(|tx| {
        db::settings::set(tx, IDLE_LOCK_MINUTES, &new.idle_lock_minutes.to_string())?;
        let days = new
            .ip_retention_days
            .map_or_else(|| FOREVER.to_owned(), |d| d.to_string());
        db::settings::set(tx, IP_RETENTION_DAYS, &days)
    })
}

const CLEARED_ON: &str = "privacy.addresses_cleared_on";

/// Clears the IP addresses of comments written more than the retention time before `now`
/// (nothing when they are kept forever); banned authors' addresses are fingerprinted first, so
/// their bans still catch them. Returns how many comments lost their address.
pub fn clear_old_addresses(store: &Store, now: DateTime<Utc>) -> Result<u64> {
    let _span = tracing::info_span!("ip retention").entered();
    let Some(days) = settings(store)?.ip_retention_days else {
        return Ok(0);
    };
    let cutoff = crate::time::to_stored(now - chrono::Duration::days(i64::from(days)));
    store.write(|tx| crate::moderation::addresses::remember_all_banned(tx))?;
    // In chunks that yield to decisions: the first clearing after a site's history came in
    // touches every comment (a million took 31 s; in batches of 5,000 that never yielded, a
    // decision beside it waited up to 5.9 s and the log grew to 3.7 GB).
    let _job = store.chunked_job();
    let mut chunk = Chunk::new();
    let mut cleared = 0u64;
    loop {
        let size = chunk.size;
        let started = std::time::Instant::now();
        let batch =
            store.write_chunk(|tx| db::addresses::clear_before(tx, &cutoff, size as i64))?;
        chunk.took(started.elapsed());
        cleared += batch as u64;
        store.let_waiting_writes_in(YIELD_AT_MOST);
        if batch < size {
            break;
        }
    }
    tracing::info!(cleared, days, "old IP addresses cleared");
    Ok(cleared)
}

/// `clear_old_addresses` once per UTC day: at the first start of a day and, for a window left
/// open, at the first call after midnight. None when it already ran today.
pub fn daily(store: &Store, now: DateTime<Utc>) -> Result<Option<u64>> {
    let today = now.date_naive().to_string();
    let last = store.read(|conn| db::settings::get(conn, CLEARED_ON))?;
    if last.as_deref() == Some(today.as_str()) {
        return Ok(None);
    }
    let cleared = clear_old_addresses(store, now)?;
    store.write(|tx| db::settings::set(tx, CLEARED_ON, &today))?;
    Ok(Some(cleared))
}

/// How many comments written before the retention time still carry an address (for tests
/// and diagnostics).
pub fn addresses_past_retention(store: &Store, now: DateTime<Utc>) -> Result<i64> {
    let Some(days) = settings(store)?.ip_retention_days else {
        return Ok(0);
    };
    let cutoff = crate::time::to_stored(now - chrono::Duration::days(i64::from(days)));
    store.read(|conn| db::addresses::count_before(conn, &cutoff))
}
