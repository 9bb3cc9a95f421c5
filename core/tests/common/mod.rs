//! What the core tests share: the demo newsroom in a temporary file, its profiles by role,
//! a gift typed in by hand, a raw byte search of the database file and its log, and every row
//! of some tables (to show that something wrote nothing).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use readerdesk_core::fundraising::ledger::ManualDonation;
use readerdesk_core::model::{DonationKind, Role};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::{demo, Store};

/// The demo newsroom (anchored on 2026-11-27) in `newsroom.db` of a new temporary folder.
pub fn demo_newsroom() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let store = Store::open(&db).unwrap();
    demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    (dir, db, store)
}

/// The demo's profile with `role` (it has one of each).
pub fn profile(store: &Store, role: Role) -> Moderator {
    moderators::list(store)
        .unwrap()
        .into_iter()
        .find(|m| m.role == role)
        .unwrap()
}

/// A cash gift of $250 on 2026-11-20 from `name` <`email`>.
pub fn cash_gift(name: &str, email: &str) -> ManualDonation {
    ManualDonation {
        donor_name: name.into(),
        donor_email: Some(email.into()),
        amount: "250".into(),
        fee: None,
        currency: "USD".into(),
        received_on: "2026-11-20".into(),
        method: "cash".into(),
        kind: DonationKind::OneTime,
        campaign_id: None,
        note: String::new(),
    }
}

/// Whether `needle` occurs anywhere in the bytes of the database file or its write-ahead log.
pub fn holds(path: &Path, needle: &str) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend(std::fs::read(format!("{}-wal", path.display())).unwrap_or_default());
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every row of `tables`, one line each ("table: value | value …"), in a stable order: two
/// snapshots are equal when nothing in those tables changed.
pub fn rows(store: &Store, tables: &[&str]) -> Vec<String> {
    store
        .read(|conn| {
            let mut out = Vec::new();
            for table in tables {
                let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
                let columns = stmt.column_count();
                let mut found = stmt.query([])?;
                while let Some(row) = found.next()? {
                    let values: Vec<String> = (0..columns)
                        .map(|i| {
                            format!(
                                "{:?}",
                                row.get::<_, readerdesk_core::rusqlite::types::Value>(i)
                            )
                        })
                        .collect();
                    out.push(format!("{table}: {}", values.join(" | ")));
                }
            }
            Ok(out)
        })
        .unwrap()
}
