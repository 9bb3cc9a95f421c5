//! The automatic holds from the window: an admin adds a banned word in Settings, imports a
//! file, and finds the comment in Rejected with its reason and the matched word marked inside
//! the text; a comment with a look-alike word ("classic" for "ass") stays in Pending.
mod common;

use std::path::Path;

use common::App;
use readerdesk_core::model::Role;
use readerdesk_core::moderation::moderators;
use readerdesk_core::{newsroom, Store};

#[tokio::test]
async fn a_banned_word_added_in_settings_rejects_an_imported_comment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        newsroom::start_empty(&store).unwrap();
        moderators::add(&store, None, "Iryna", Role::Admin).unwrap();
    }
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/rules.xml");
    let app = App::launch_with(&db, "rules", &[("READERDESK_E2E_IMPORT_FILE", &file)]).await;
    app.find_text("[data-testid=profile-option]", "Iryna")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=nav-settings]")
        .await
        .click()
        .await
        .unwrap();
    let banned = app.find("[data-testid=holds-banned]").await;
    // WebDriver types a new line as the Enter key.
    let enter = char::from(fantoccini::key::Key::Enter).to_string();
    banned
        .send_keys(&format!("idiot*{enter}ass"))
        .await
        .unwrap();
    app.find("[data-testid=holds-save]")
        .await
        .click()
        .await
        .unwrap();
    app.until(
        "the saved list",
        "document.querySelector('[data-testid=holds-banned]').value === 'idiot*\\nass\\n' || null",
    )
    .await;
    app.js("document.querySelector('[data-testid=auto-holds]').scrollIntoView(); return true;")
        .await;
    app.screenshot("rules-settings").await;
    app.find("[data-testid=import-comments]")
        .await
        .click()
        .await
        .unwrap();
    app.find_text("[data-testid=import-summary]", "2 new comments")
        .await;
    let summary = app
        .find("[data-testid=import-summary]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("1 pending") && summary.contains("1 rejected"),
        "{summary}"
    );

    app.find("[data-testid=nav-moderation]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-rejected]")
        .await
        .click()
        .await
        .unwrap();
    app.until(
        "the rejected comment in the list",
        "document.querySelectorAll('[data-testid=queue-row]').length === 1 || null",
    )
    .await;
    app.js("document.querySelector('[data-testid=queue-row]').click(); return true;")
        .await;
    let reasons = app
        .find_text("[data-testid=card-reasons]", "Banned word")
        .await
        .text()
        .await
        .unwrap();
    assert!(reasons.contains("idiot*"), "{reasons}");
    let marked = app
        .until(
            "the matched word marked in the text",
            "[...document.querySelectorAll('[data-testid=card-body] [data-testid=rule-match]')].map(m => m.textContent).join('|') || null",
        )
        .await;
    assert_eq!(marked, "IDIOTIC");
    app.screenshot("rules-rejected-card").await;

    app.find("[data-testid=queue-pending]")
        .await
        .click()
        .await
        .unwrap();
    let author = app
        .until(
            "the look-alike comment still waiting",
            "document.querySelector('[data-testid=queue-row] [data-testid=row-author]')?.textContent ?? null",
        )
        .await;
    assert_eq!(author, "Calm Reader");
    app.quit().await;
}
