//! The newsroom's privacy settings: how long an unattended window stays signed in (the idle
//! lock, for profiles with a passphrase) and how long readers' IP addresses are kept.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
