//! A database the app must refuse gets an error screen naming the file and the cause, and the
//! file is byte-for-byte the same afterwards.
mod common;

use common::App;
use readerdesk_core::db::migrate;
use readerdesk_core::Store;

async fn refused(path: &std::path::Path, name: &str, code: &str, cause: &str) {
    let before = std::fs::read(path).unwrap();
    let app = App::launch(path, name).await;
    app.find("[data-testid=db-error]").await;
    let shown_path = app
        .find("[data-testid=db-error-path]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(shown_path, path.display().to_string());
    let message = app
        .find("[data-testid=db-error-message]")
        .await
        .text()
        .await
        .unwrap();
    assert!(message.contains(cause), "{message:?} should say {cause:?}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    let shown_code = app
        .find("[data-testid=db-error-code]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(shown_code, code);
    app.screenshot(name).await;
    app.quit().await;
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{} was changed",
        path.display()
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_database_gets_the_error_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.db");
    std::fs::write(&path, "Dear editor, this is a letter.\n").unwrap();
    refused(
        &path,
        "bad_db-not_sqlite",
        "db_not_sqlite",
        "is not a SQLite database",
    )
    .await;
}

#[tokio::test]
async fn a_database_from_a_newer_version_gets_the_error_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    let conn = readerdesk_core::rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", migrate::LATEST + 5)
        .unwrap();
    drop(conn);
    refused(&path, "bad_db-too_new", "db_too_new", "newer Readerdesk").await;
}
