//! Banned readers' IP addresses, kept as keyed fingerprints (HMAC-SHA256 with a random key of
//! the newsroom's) so that a ban still catches the next comment from the same address after
//! the address itself has been cleared by the retention rule. Only banned authors' addresses
//! are fingerprinted, and only while they stay banned.
use hmac::{Hmac, Mac};
// The OS generator, as the passphrase salts use it.
use argon2::password_hash::rand_core::{OsRng, RngCore};
use rusqlite::Connection;
use sha2::Sha256;

use crate::db;
use crate::error::{CoreError, Result};

fn fingerprint(key: &str, address: &str) -> Result<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
        .map_err(|err| CoreError::invalid("address key", err.to_string()))?;
    mac.update(address.trim().to_ascii_lowercase().as_bytes());
    Ok(mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn key(conn: &Connection) -> Result<String> {
    db::addresses::key(conn, || {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// Whether `address` was used by an author who is banned now.
pub(crate) fn is_banned(conn: &Connection, address: Option<&str>) -> Result<bool> {
    let Some(address) = address.filter(|a| !a.trim().is_empty()) else {
        return Ok(false);
    };
    let Some(key) = db::addresses::key_if_any_bans(conn)? else {
        return Ok(false);
    };
    db::addresses::is_banned(conn, &fingerprint(&key, address)?)
}

/// Fingerprints one more address of a banned author.
pub(crate) fn remember(conn: &Connection, author_id: &str, address: &str) -> Result<()> {
    if address.trim().is_empty() {
        return Ok(());
    }
    let key = key(conn)?;
    db::addresses::remember(conn, &fingerprint(&key, address)?, author_id)
}

/// After a ban: every address the author's comments carry is fingerprinted. After lifting
/// one: the author's fingerprints go.
pub(crate) fn ban_changed(conn: &Connection, author_id: &str, banned: bool) -> Result<()> {
    if !banned {
        return db::addresses::forget(conn, author_id);
    }
    for address in db::moderation::author_recorded(conn, author_id, "ip")? {
        remember(conn, author_id, &address)?;
    }
    Ok(())
}

/// Before addresses are cleared: the banned authors' ones are fingerprinted (a comment that
/// arrived after the ban may carry one not seen yet).
pub(crate) fn remember_all_banned(conn: &Connection) -> Result<()> {
    for (author, address) in db::addresses::banned_authors_addresses(conn)? {
        remember(conn, &author, &address)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_keyed_and_ignores_case_and_spaces() {
        let a = fingerprint("k1", "2001:DB8::1 ").unwrap();
        assert_eq!(a, fingerprint("k1", "2001:db8::1").unwrap());
        assert_ne!(a, fingerprint("k2", "2001:db8::1").unwrap());
        assert_eq!(a.len(), 64);
        assert!(!a.contains("2001"));
    }
}
