//! Opening a newsroom of an older version (issue "Large work never freezes the window",
//! item 4): the window shows at once and says the newsroom is opening while the file is
//! backed up and upgraded (half a minute for a million comments), then shows the newsroom.
//!
//! The test keeps the file locked, as a long upgrade keeps it busy, so the window is seen
//! waiting whatever the machine's speed: the app waits for the lock (SQLite's busy timeout,
//! 10 s) and the test lets go as soon as the window says it is opening.
mod common;

use common::App;
use readerdesk_core::db::{migrate, APPLICATION_ID};
use readerdesk_core::rusqlite::Connection;

#[tokio::test]
async fn an_older_newsroom_opens_behind_a_window_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("older.db");
    let older = migrate::LATEST - 1;
    let lock = Connection::open(&db).unwrap();
    for migration in &migrate::MIGRATIONS[..older as usize] {
        lock.execute_batch(migration.sql).unwrap();
    }
    lock.pragma_update(None, "user_version", older).unwrap();
    lock.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    // A rollback-journal file under an exclusive lock: the app can neither read nor upgrade
    // it until the test commits.
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();

    let app = App::launch(&db, "opening").await;
    let opening = app.find("[data-testid=opening]").await;
    let text = opening.text().await.unwrap();
    assert!(text.contains("Opening the newsroom"), "{text}");
    app.screenshot("opening").await;
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);

    // Upgraded, the newsroom asks for its first start choice (it holds nothing yet).
    app.find("[data-testid=setup]").await;
    assert!(
        app.js("return document.querySelector('[data-testid=opening]') === null;")
            .await
            .as_bool()
            .unwrap_or(false),
        "the opening notice stays after the newsroom opened"
    );
    app.quit().await;

    let conn = Connection::open(&db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, migrate::LATEST, "the file was upgraded");
}
