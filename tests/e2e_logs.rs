//! The log a person can send: a session in the real window on the demo newsroom (decisions by
//! keyboard, cards with readers' e-mails and IPs, the fundraising tab with donors, Settings →
//! Copy diagnostics) writes a log that says what the app did, and not one reader's or donor's
//! name, e-mail or IP address.
mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::App;
use readerdesk_core::rusqlite::Connection;
use readerdesk_core::{demo, Store};

const FOCUSED: &str =
    "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.id ?? null";

/// Every name, e-mail and IP address the newsroom holds about people.
fn personal(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT name FROM authors UNION SELECT email FROM authors WHERE email IS NOT NULL",
        "SELECT author_ip FROM comments WHERE author_ip IS NOT NULL",
        "SELECT name FROM donors WHERE name IS NOT NULL UNION SELECT email_normalized FROM donors WHERE email_normalized IS NOT NULL",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        out.extend(
            stmt.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .filter(|s| s.chars().count() >= 5),
        );
    }
    out.sort();
    out.dedup();
    out
}

/// True once `#copy-diagnostics` has had the same place on ten looks in a row.
const STILL: &str = "(() => { const b = document.querySelector('#copy-diagnostics'); \
    if (!b) return null; const r = JSON.stringify(b.getBoundingClientRect()); \
    window.__still = window.__rect === r ? (window.__still || 0) + 1 : 0; window.__rect = r; \
    return window.__still >= 10 || null; })()";

#[tokio::test]
async fn a_session_logs_what_the_app_did_and_nothing_about_people() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    }
    let logs = dir.path().join("logs");
    let app = App::launch_with(&db, "logs", &[("READERDESK_LOG_DIR", logs.as_path())]).await;
    app.find_text("[data-testid=profile-option]", "Olena Kovalenko")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-list]").await;
    for key in ['a', 's', 'a'] {
        let id = app.until("a focused row", FOCUSED).await;
        app.press(&[key]).await;
        app.until("the next comment", &format!("({FOCUSED}) !== {id} || null"))
            .await;
    }
    app.click("[data-testid=nav-fundraising]").await;
    app.click("[data-testid=nav-settings]").await;
    // Settings fills its sections as their answers arrive, which moves the button down the
    // page: a click aimed at it a moment too early lands on whatever moved there. Wait until
    // it has stayed put for ten looks in a row.
    app.until("the diagnostics button to stay put", STILL).await;
    app.click("#copy-diagnostics").await;
    app.find_text("#diagnostics-text", "Schema version").await;
    app.quit().await;

    let mut log = String::new();
    for entry in std::fs::read_dir(&logs).unwrap() {
        log.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(log.contains("Readerdesk started"), "{log}");
    assert!(log.contains("database opened"), "{log}");
    let people = personal(&db);
    assert!(people.len() > 20, "the demo holds people: {}", people.len());
    let leaked: Vec<&String> = people.iter().filter(|p| log.contains(p.as_str())).collect();
    assert!(leaked.is_empty(), "personal data in the log: {leaked:?}");
}
