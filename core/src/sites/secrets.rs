//! Where a site's Application Password is kept: the OS keyring (Secret Service on Linux),
//! or, where there is none, a file beside the database that only its owner can read. Never in
//! the database, an export, a backup or a log.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

const SERVICE: &str = "org.readerdesk.app";

/// Which store holds a site's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Keyring,
    File,
}

impl Kept {
    pub fn as_str(self) -> &'static str {
        match self {
            Kept::Keyring => "keyring",
            Kept::File => "file",
        }
    }

    pub fn parse(text: &str) -> Kept {
        if text == "keyring" {
            Kept::Keyring
        } else {
            Kept::File
        }
    }
}

/// The password stores of one database.
pub struct Secrets {
    file: PathBuf,
    /// READERDESK_SECRETS=file skips the keyring (tests, and machines whose keyring hangs).
    keyring: bool,
}

impl Secrets {
    pub fn for_database(db_path: &Path) -> Secrets {
        let mut name = db_path.file_name().unwrap_or_default().to_os_string();
        name.push(".credentials");
        Secrets {
            file: db_path.with_file_name(name),
            keyring: std::env::var("READERDESK_SECRETS").map_or(true, |v| v != "file"),
        }
    }

    pub fn file_path(&self) -> &Path {
        &self.file
    }

    /// Keeps `password` for `site_id`: in the keyring when one answers, else in the file.
    pub fn store(&self, site_id: &str, password: &str) -> Result<Kept> {
        if self.keyring {
            let saved = keyring::Entry::new(SERVICE, site_id)
                .and_then(|entry| entry.set_password(password));
            if saved.is_ok() {
                return Ok(Kept::Keyring);
            }
        }
        let mut all = self.read_file()?;
        all.insert(site_id.to_owned(), password.to_owned());
        self.write_file(&all)?;
        Ok(Kept::File)
    }

    pub fn get(&self, site_id: &str, kept: Kept) -> Result<Option<String>> {
        match kept {
            Kept::Keyring => {
                match keyring::Entry::new(SERVICE, site_id).and_then(|entry| entry.get_password()) {
                    Ok(password) => Ok(Some(password)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(err) => Err(CoreError::Site {
                        code: "site_keyring",
                        message: format!(
                            "the system keyring did not give the site's password ({err}); unlock \
                         the keyring, or connect the site again"
                        ),
                    }),
                }
            }
            Kept::File => Ok(self.read_file()?.remove(site_id)),
        }
    }

    /// Forgets the password wherever it is kept.
    pub fn remove(&self, site_id: &str, kept: Kept) -> Result<()> {
        if kept == Kept::Keyring {
            match keyring::Entry::new(SERVICE, site_id).and_then(|e| e.delete_credential()) {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(err) => {
                    return Err(CoreError::Site {
                        code: "site_keyring",
                        message: format!("the system keyring did not remove the password ({err})"),
                    })
                }
            }
        }
        let mut all = self.read_file()?;
        if all.remove(site_id).is_some() {
            self.write_file(&all)?;
        }
        Ok(())
    }

    fn read_file(&self) -> Result<BTreeMap<String, String>> {
        match std::fs::read_to_string(&self.file) {
            Ok(text) => serde_json::from_str(&text).map_err(|err| {
                CoreError::invalid(
                    self.file.display().to_string(),
                    format!("the password file is damaged ({err}); remove it and connect the site again"),
                )
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(source) => Err(CoreError::Io {
                path: self.file.clone(),
                source,
            }),
        }
    }

    /// Written whole (a temporary file renamed into place), readable only by its owner.
    fn write_file(&self, all: &BTreeMap<String, String>) -> Result<()> {
        let text = serde_json::to_string_pretty(all)
            .map_err(|err| CoreError::invalid("credentials", err.to_string()))?;
        crate::files::write_bytes(&self.file, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_keeps_forgets_and_is_for_the_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets {
            file: dir.path().join("x.db.credentials"),
            keyring: false,
        };
        assert_eq!(secrets.store("a", "pw one").unwrap(), Kept::File);
        secrets.store("b", "pw two").unwrap();
        assert_eq!(
            secrets.get("a", Kept::File).unwrap().as_deref(),
            Some("pw one")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(secrets.file_path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        secrets.remove("a", Kept::File).unwrap();
        assert_eq!(secrets.get("a", Kept::File).unwrap(), None);
        assert_eq!(
            secrets.get("b", Kept::File).unwrap().as_deref(),
            Some("pw two")
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }
}
