//! Profile passphrases: hashed with Argon2id (the `argon2` crate's defaults, a random salt per
//! hash, PHC strings), never stored, logged or returned in clear.
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{CoreError, Result};

/// Shorter passphrases are refused: a newsroom laptop can be lost on a train.
pub const MIN_CHARS: usize = 8;
/// Longer ones are refused too, so a pasted novel cannot stall the hash.
pub const MAX_CHARS: usize = 256;

/// The PHC string of a new passphrase, after checking its length.
pub fn hash(passphrase: &str) -> Result<String> {
    let chars = passphrase.chars().count();
    if chars < MIN_CHARS {
        return Err(CoreError::invalid(
            "passphrase",
            format!("a passphrase needs at least {MIN_CHARS} characters"),
        ));
    }
    if chars > MAX_CHARS {
        return Err(CoreError::invalid(
            "passphrase",
            format!("a passphrase is at most {MAX_CHARS} characters"),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(passphrase.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| CoreError::invalid("passphrase", format!("could not hash it: {err}")))
}

/// Whether `passphrase` is the one `stored` was made from. A stored value that is not a PHC
/// string is a corrupt row, never a match.
pub fn matches(profile_id: &str, stored: &str, passphrase: &str) -> Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|err| CoreError::CorruptRow {
        table: "moderators",
        id: profile_id.to_owned(),
        field: "passphrase_hash",
        message: err.to_string(),
    })?;
    Ok(Argon2::default()
        .verify_password(passphrase.as_bytes(), &parsed)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_matches_its_passphrase_only_and_never_holds_it() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(!stored.contains("correct horse"));
        assert!(matches("p", &stored, "correct horse battery").unwrap());
        assert!(!matches("p", &stored, "correct horse battery ").unwrap());
        assert_ne!(
            stored,
            hash("correct horse battery").unwrap(),
            "a salt per hash"
        );
    }

    #[test]
    fn short_long_and_corrupt_are_refused() {
        assert_eq!(hash("short").unwrap_err().code(), "invalid");
        assert_eq!(hash(&"x".repeat(257)).unwrap_err().code(), "invalid");
        assert_eq!(
            matches("p", "not a hash", "whatever").unwrap_err().code(),
            "corrupt_row"
        );
    }
}
