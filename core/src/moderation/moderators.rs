//! Local moderator profiles, and the checks of what each may do (the rules are in `roles`). Every decision carries the profile
//! that made it; editors can read the queues but not moderate.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::Role;
use crate::moderation::passphrase;
use crate::roles;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Moderator {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Signing in as this profile asks for its passphrase (never sent: only this flag).
    pub has_passphrase: bool,
}

impl Moderator {
    pub fn can_moderate(&self) -> bool {
        roles::can_moderate(self.role)
    }

    /// Refuses editors, with a sentence that says why.
    pub fn must_moderate(&self) -> Result<()> {
        roles::require_moderate(&self.name, self.role)
    }

    /// Refuses moderators; `work` is what they were refused ("the ledger is kept").
    pub fn must_edit_fundraising(&self, work: &str) -> Result<()> {
        roles::require_edit_fundraising(&self.name, self.role, work)
    }

    pub fn must_admin(&self) -> Result<()> {
        roles::require_admin(&self.name, self.role)
    }

    /// Whether readers' e-mail and IP addresses are shown to this profile.
    pub fn sees_reader_contact(&self) -> bool {
        roles::can_see_reader_contact(self.role)
    }

    /// Whether donors' names and e-mail addresses are shown to this profile.
    pub fn sees_donors(&self) -> bool {
        roles::can_see_donors(self.role)
    }

    /// Refuses editors; `work` is what they were refused ("searching by e-mail or IP").
    pub fn must_see_reader_contact(&self, work: &str) -> Result<()> {
        roles::require_reader_contact(&self.name, self.role, work)
    }

    /// Whoever owns the database file, acting from the command line: they can read the file
    /// anyway, so they see everything. Never recorded as the maker of a decision (its id is
    /// empty); commands that decide name a profile with `--as`.
    pub fn owner() -> Moderator {
        Moderator {
            id: String::new(),
            name: "the command line".to_owned(),
            role: Role::Admin,
            has_passphrase: false,
        }
    }
}

impl From<db::moderation::ModeratorRow> for Moderator {
    fn from(row: db::moderation::ModeratorRow) -> Self {
        Moderator {
            id: row.id,
            name: row.name,
            role: row.role,
            has_passphrase: row.has_passphrase,
        }
    }
}

pub fn list(store: &Store) -> Result<Vec<Moderator>> {
    store.read(|conn| {
        Ok(db::moderation::moderators(conn)?
            .into_iter()
            .map(Moderator::from)
            .collect())
    })
}

pub fn get(store: &Store, id: &str) -> Result<Moderator> {
    store.read(|conn| Ok(db::moderation::moderator(conn, id)?.into()))
}

/// The profile, once its passphrase (if it has one) is given right. The refusal never says
/// more than "wrong".
pub fn sign_in(store: &Store, id: &str, passphrase: Option<&str>) -> Result<Moderator> {
    store.read(|conn| {
        let profile: Moderator = db::moderation::moderator(conn, id)?.into();
        let Some(stored) = db::moderation::passphrase_hash(conn, id)? else {
            return Ok(profile);
        };
        match passphrase {
            None | Some("") => Err(CoreError::Forbidden(format!(
                "{} has a passphrase: type it to sign in",
                profile.name
            ))),
            Some(given) if passphrase::matches(id, &stored, given)? => Ok(profile),
            Some(_) => Err(CoreError::Forbidden(format!(
                "that is not {}'s passphrase",
                profile.name
            ))),
        }
    })
}

/// Requires a passphrase for the profile `id` (Some) or lifts it (None). An admin may do so
/// for any profile, a profile for itself; the command line (the file's owner) resets one
/// with `readerdesk profile reset`.
pub fn set_passphrase(
    store: &Store,
    by: &Moderator,
    id: &str,
    passphrase: Option<&str>,
) -> Result<Moderator> {
    if by.id != id {
        by.must_admin()?;
    }
    // Hashed before the write: Argon2 takes a moment and the writer is shared.
    let hash = passphrase.map(passphrase::hash).transpose()?;
    store.write(|tx| {
        db::moderation::set_passphrase_hash(tx, id, hash.as_deref())?;
        Ok(db::moderation::moderator(tx, id)?.into())
    })
}

/// Adds a profile. The newsroom's first profile is always an admin; after that only an admin
/// (`by`) may add one.
pub fn add(store: &Store, by: Option<&Moderator>, name: &str, role: Role) -> Result<Moderator> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid("name", "a profile needs a name"));
    }
    if name.chars().count() > 80 {
        return Err(CoreError::invalid(
            "name",
            "a name is at most 80 characters",
        ));
    }
    store.write(|tx| {
        let first = db::moderation::moderators(tx)?.is_empty();
        let role = if first { Role::Admin } else { role };
        if !first {
            match by {
                Some(admin) => admin.must_admin()?,
                None => {
                    return Err(CoreError::Forbidden(
                        "sign in as an admin to add a profile".to_owned(),
                    ))
                }
            }
        }
        if db::moderation::moderator_name_taken(tx, name)? {
            return Err(CoreError::invalid(
                "name",
                format!("there is already a profile called {name:?}"),
            ));
        }
        let id = ids::new_v7();
        db::newsroom::insert_moderator(tx, &id, name, role, &time::now_stored())?;
        Ok(Moderator {
            id,
            name: name.to_owned(),
            role,
            has_passphrase: false,
        })
    })
}
