//! The schema's history: numbered SQL files from migrations/, embedded at compile time and
//! applied in one transaction, with `user_version` recording how far a database has come.
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::open::APPLICATION_ID;
use crate::error::{CoreError, Result};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Append-only: a landed migration is never edited, a change is a new file.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init.sql",
        sql: include_str!("../../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_ledger.sql",
        sql: include_str!("../../../migrations/0002_ledger.sql"),
    },
    Migration {
        version: 3,
        name: "0003_rules.sql",
        sql: include_str!("../../../migrations/0003_rules.sql"),
    },
    Migration {
        version: 4,
        name: "0004_donation_checks.sql",
        sql: include_str!("../../../migrations/0004_donation_checks.sql"),
    },
    Migration {
        version: 5,
        name: "0005_sites.sql",
        sql: include_str!("../../../migrations/0005_sites.sql"),
    },
    Migration {
        version: 6,
        name: "0006_passphrases.sql",
        sql: include_str!("../../../migrations/0006_passphrases.sql"),
    },
    Migration {
        version: 7,
        name: "0007_ip_retention.sql",
        sql: include_str!("../../../migrations/0007_ip_retention.sql"),
    },
    Migration {
        version: 8,
        name: "0008_erasure.sql",
        sql: include_str!("../../../migrations/0008_erasure.sql"),
    },
    Migration {
        version: 9,
        name: "0009_chunked_imports.sql",
        sql: include_str!("../../../migrations/0009_chunked_imports.sql"),
    },
    Migration {
        version: 10,
        name: "0010_flagged_reasons.sql",
        sql: include_str!("../../../migrations/0010_flagged_reasons.sql"),
    },
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Brings the database to `LATEST` in one immediate transaction: all of it or none.
/// Returns the version it started from.
///
/// Foreign keys are off while the migrations run, as SQLite's procedure for rebuilding a
/// table requires (a parent table is dropped and its copy renamed into place), and every
/// reference is checked before the transaction commits: a violation rolls it all back.
pub fn apply(conn: &mut Connection) -> Result<i64> {
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |row| row.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply_unchecked(conn);
    let restored = conn.pragma_update(None, "foreign_keys", enforced);
    let from = applied?;
    restored?;
    Ok(from)
}

fn apply_unchecked(conn: &mut Connection) -> Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = user_version(&tx)?;
    for migration in MIGRATIONS.iter().filter(|m| m.version > from) {
        tx.execute_batch(migration.sql)
            .map_err(|source| CoreError::Migration {
                version: migration.version,
                name: migration.name,
                source,
            })?;
    }
    if from < LATEST {
        let broken: Option<(String, i64, String)> = tx
            .query_row("PRAGMA foreign_key_check", [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        if let Some((table, rowid, parent)) = broken {
            return Err(CoreError::invalid(
                "migration",
                format!(
                    "after migrating to version {LATEST}, row {rowid} of {table} refers to a \
                     {parent} row that does not exist; nothing was changed"
                ),
            ));
        }
        tx.pragma_update(None, "user_version", LATEST)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.commit()?;
    Ok(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_and_match_their_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("migrations dir is readable")
            .map(|entry| {
                entry
                    .expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|m| m.name).collect();
        assert_eq!(
            files, embedded,
            "every file in migrations/ is embedded, in order"
        );
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1);
            assert!(migration
                .name
                .starts_with(&format!("{:04}_", migration.version)));
            let on_disk = std::fs::read_to_string(dir.join(migration.name)).expect("readable");
            assert_eq!(on_disk, migration.sql);
        }
    }

    #[test]
    fn applying_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        assert_eq!(apply(&mut conn).expect("first"), 0);
        assert_eq!(apply(&mut conn).expect("second"), LATEST);
        assert_eq!(user_version(&conn).expect("version"), LATEST);
    }
}
