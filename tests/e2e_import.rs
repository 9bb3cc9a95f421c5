//! Importing comments from the window: the Import button takes a WordPress export in, shows
//! what came in and what was skipped, lists the import, and the queues show the comments.
mod common;

use std::path::Path;

use common::App;
use readerdesk_core::model::Role;
use readerdesk_core::moderation::moderators;
use readerdesk_core::{newsroom, Store};

#[tokio::test]
async fn the_import_button_brings_a_wordpress_export_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        newsroom::start_empty(&store).unwrap();
        moderators::add(&store, None, "Iryna", Role::Admin).unwrap();
    }
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/site-v1.xml");
    // The desktop's file dialog cannot be driven by WebDriver: the app takes the file named
    // here instead of asking (see commands/imports.rs).
    let saves = dir.path().join("saved");
    std::fs::create_dir(&saves).unwrap();
    // Nor can it drive the save dialog: READERDESK_E2E_SAVE_DIR names the folder instead.
    let app = App::launch_with(
        &db,
        "import",
        &[
            ("READERDESK_E2E_IMPORT_FILE", &file),
            ("READERDESK_E2E_SAVE_DIR", &saves),
        ],
    )
    .await;
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
    app.find("[data-testid=import-comments]")
        .await
        .click()
        .await
        .unwrap();
    let summary = app
        .find_text("[data-testid=import-summary]", "4 new comments")
        .await
        .text()
        .await
        .unwrap();
    assert!(summary.contains("site-v1.xml"), "{summary}");
    assert!(summary.contains("2 new articles"), "{summary}");
    let skipped = app
        .find("[data-testid=import-skipped]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        skipped.contains("its parent comment 999 is not in the export"),
        "{skipped}"
    );
    assert!(skipped.contains("wp:comment_date_gmt"), "{skipped}");
    app.find("[data-testid=import-row]").await;
    app.screenshot("import-summary").await;

    // Importing the same file again adds nothing.
    app.find("[data-testid=import-comments]")
        .await
        .click()
        .await
        .unwrap();
    app.find_text("[data-testid=import-summary]", "0 new comments")
        .await;
    let rows = app
        .js("return document.querySelectorAll('[data-testid=import-row]').length")
        .await;
    assert_eq!(rows, 2);

    // Export back for the site: the imported comments with their statuses, as WXR.
    app.find("[data-testid=nav-moderation]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=nav-settings]")
        .await
        .click()
        .await
        .unwrap();
    app.until(
        "the export's site list to name the imported site",
        "[...document.querySelectorAll('[data-testid=export-site] option')].some(o => o.textContent.includes('wxr:https://news.example.org')) || null",
    )
    .await;
    app.find("[data-testid=export-comments]")
        .await
        .click()
        .await
        .unwrap();
    let exported = app
        .find_text("[data-testid=export-summary]", "Exported 4 comments")
        .await
        .text()
        .await
        .unwrap();
    assert!(exported.contains("under 2 articles"), "{exported}");
    let xml = std::fs::read_to_string(saves.join("readerdesk-comments.xml")).unwrap();
    assert_eq!(xml.matches("<wp:comment>").count(), 4);
    assert!(xml.contains("<wp:comment_approved>spam</wp:comment_approved>"));

    app.find("[data-testid=nav-moderation]")
        .await
        .click()
        .await
        .unwrap();
    // One pending comment (Mark's reply) came in with the file.
    app.until(
        "the Pending count to show the imported comment",
        "document.querySelector('[data-testid=queue-pending] [data-testid=queue-count]')?.textContent === '1' || null",
    )
    .await;
    let author = app
        .until(
            "the imported comment in the list",
            "document.querySelector('[data-testid=queue-row] [data-testid=row-author]')?.textContent ?? null",
        )
        .await;
    assert_eq!(author, "Mark");
    app.quit().await;
}
