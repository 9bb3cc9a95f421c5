//! Backups in the real window: Settings → Backups makes a backup by hand and lists it with what
//! it holds; after more decisions, restoring it (confirmed) brings the newsroom back and keeps
//! the newsroom as it was as a backup. A database too damaged to open gets the error screen,
//! which offers the newest good backup and restores it.
mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::App;
use readerdesk_core::backups::{self, Reason};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators;
use readerdesk_core::{demo, Store};

fn decisions_in(db: &Path) -> i64 {
    let store = Store::open(db).unwrap();
    store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))?))
        .unwrap()
}

#[tokio::test]
async fn back_up_by_hand_then_restore_it_from_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let admin = {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
        moderators::list(&store)
            .unwrap()
            .into_iter()
            .find(|m| m.role == readerdesk_core::model::Role::Admin)
            .unwrap()
    };
    let before = decisions_in(&db);
    let app = App::launch(&db, "backups-settings").await;
    app.find_text("[data-testid=profile-option]", &admin.name)
        .await
        .click()
        .await
        .unwrap();
    app.click("[data-testid=nav-settings]").await;
    app.click("#backup-now").await;
    let row = app.find("#backup-list .backup-row").await;
    let file = row.attr("data-file").await.unwrap().unwrap();
    assert!(
        file.starts_with("readerdesk-") && file.ends_with("-manual.db"),
        "{file}"
    );
    app.find_text("#backup-list .backup-row", "decisions").await;

    // More decisions after the backup, made while the window is open.
    {
        let store = Store::open(&db).unwrap();
        let ids: Vec<String> = store
            .read(|c| {
                let mut stmt =
                    c.prepare("SELECT id FROM comments WHERE status = 'pending' LIMIT 3")?;
                let ids = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?;
                Ok(ids)
            })
            .unwrap();
        decisions::decide(&store, &admin, &ids, &Decision::Approve).unwrap();
    }
    assert_eq!(decisions_in(&db), before + 3);

    app.click(&format!(
        "#backup-list .backup-row[data-file=\"{file}\"] .backup-restore"
    ))
    .await;
    app.click("[data-testid=bulk-confirm-ok]").await;
    app.find_text("#backup-result", "Restored").await;
    app.screenshot("backups-restored").await;
    assert_eq!(
        decisions_in(&db),
        before,
        "the newsroom is the backup again"
    );
    let store = Store::open(&db).unwrap();
    let listed = backups::list(&store).unwrap();
    assert!(listed
        .iter()
        .any(|b| b.reason == "before-restore" && b.decisions == before + 3));
    app.quit().await;
}

#[tokio::test]
async fn a_damaged_database_is_offered_its_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let comments = {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
        backups::create(&store, Reason::Daily).unwrap().comments
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 8192].fill(0);
    std::fs::write(&db, &bytes).unwrap();
    let _ = std::fs::remove_file(dir.path().join("newsroom.db-wal"));

    let app = App::launch(&db, "backups-damaged").await;
    app.find_text("#newest-backup", &format!("{comments}"))
        .await;
    app.screenshot("backups-error-screen").await;
    app.click("#restore-newest").await;
    app.find_text("#restore-result", "starting again").await;
    app.quit().await;
    let store = Store::open(&db).unwrap();
    let restored: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM comments", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(restored, comments);
}
