//! Profile passphrases in the real window: an admin requires one for a moderator in Settings →
//! Privacy; switching to that profile asks for it (a wrong one is refused); left alone, the
//! window locks back to the profile picker; a forgotten passphrase is lifted with
//! `readerdesk profile reset` by whoever owns the file.
mod common;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::App;
use readerdesk_core::moderation::moderators;
use readerdesk_core::{demo, Store};

const SAM: &str = "Sam Okafor";

#[tokio::test]
async fn a_passphrase_is_required_asked_for_locks_and_can_be_reset() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    }
    // The idle lock, shortened from minutes to seconds for the test (debug builds only).
    let app = App::launch_with(
        &db,
        "passphrase",
        &[("READERDESK_E2E_IDLE_SECONDS", Path::new("4"))],
    )
    .await;
    app.find_text("[data-testid=profile-option]", "Olena Kovalenko")
        .await
        .click()
        .await
        .unwrap();
    app.click("[data-testid=nav-settings]").await;
    let row = app.find_text("[data-testid=privacy-profile]", SAM).await;
    row.find(fantoccini::Locator::Css("[data-testid=passphrase-set]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for field in ["passphrase-new", "passphrase-again"] {
        app.find(&format!("[data-testid={field}]"))
            .await
            .send_keys("night bus 42")
            .await
            .unwrap();
    }
    app.click("[data-testid=passphrase-save]").await;
    app.find_text(
        "[data-testid=status-line]",
        "now signs in with a passphrase",
    )
    .await;
    app.screenshot("passphrase-settings").await;

    // Switching to Sam asks for his passphrase.
    app.click("[data-testid=switch-moderator]").await;
    app.find_text("[data-testid=profile-option]", SAM)
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=passphrase-input]")
        .await
        .send_keys("night bus 43")
        .await
        .unwrap();
    app.click("[data-testid=passphrase-submit]").await;
    app.find_text("[data-testid=profile-error]", "not Sam Okafor's passphrase")
        .await;
    app.find("[data-testid=passphrase-input]")
        .await
        .send_keys("night bus 42")
        .await
        .unwrap();
    app.click("[data-testid=passphrase-submit]").await;
    app.find_text("[data-testid=current-moderator]", SAM).await;

    // Nobody at the desk: the window locks back to the profile picker by itself.
    app.find_text(
        "[data-testid=locked-note]",
        "Locked after 4 seconds without use",
    )
    .await;
    app.find("[data-testid=profile-picker]").await;
    app.screenshot("passphrase-locked").await;
    app.quit().await;

    // The passphrase is forgotten: the file's owner lifts it from the command line.
    let out = Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .arg("--db")
        .arg(&db)
        .args(["profile", "reset", SAM])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("without a passphrase"));
    let store = Store::open(&db).unwrap();
    let sam = moderators::list(&store)
        .unwrap()
        .into_iter()
        .find(|p| p.name == SAM)
        .unwrap();
    assert!(!sam.has_passphrase);
    assert!(moderators::sign_in(&store, &sam.id, None).is_ok());
}
