//! Site sync in the real window against a real WordPress on loopback: a moderator connects the
//! site from Settings (a wrong password first), syncs, triages 20 comments by keyboard, syncs,
//! and every decision is read back from WordPress's own database with the commenter's IP
//! untouched; then, with the site down, decides 20 more, quits, restarts, and after the site is
//! back one Sync now sends each exactly once; finally a conflict is listed and settled.
mod common;
mod wordpress;

use std::collections::HashMap;
use std::path::Path;

use common::App;
use fantoccini::key::Key;
use readerdesk_core::model::Role;
use readerdesk_core::moderation::moderators;
use readerdesk_core::rusqlite::Connection;
use readerdesk_core::{newsroom, Store};
use wordpress::WordPress;

const FOCUSED: &str =
    "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.id ?? null";

fn newsroom_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("newsroom.db");
    let store = Store::open(&path).unwrap();
    newsroom::start_empty(&store).unwrap();
    moderators::add(&store, None, "Mira Moderator", Role::Moderator).unwrap();
    path
}

async fn launch(db: &Path, name: &str) -> App {
    let app = App::launch_with(db, name, &[("READERDESK_SECRETS", Path::new("file"))]).await;
    app.find_text("[data-testid=profile-option]", "Mira Moderator")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-list]").await;
    app
}

async fn type_into(app: &App, css: &str, text: &str) {
    let field = app.find(css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn sync_now(app: &App) {
    app.click("#sync-now").await;
    app.until(
        "the sync to finish",
        "document.querySelector('#sync-result') && !document.querySelector('#sync-progress') || null",
    )
    .await;
}

/// The decisions made in the window (not the site's own), newest last: (WordPress id, status).
fn decided_here(db: &Path) -> Vec<(i64, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT CAST(c.external_id AS INTEGER), d.to_status FROM decisions d
             JOIN comments c ON c.id = d.comment_id
             WHERE substr(d.device_id, 1, 5) <> 'site:' ORDER BY d.rowid",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn on_site(status: &str) -> &'static str {
    match status {
        "approved" => "1",
        "pending" => "0",
        "spam" => "spam",
        _ => "trash",
    }
}

async fn triage(app: &App, keys: &[char]) {
    for key in keys {
        let id = app.until("a focused row", FOCUSED).await;
        let id = id.as_str().unwrap().to_owned();
        app.press(&[*key]).await;
        if *key == 'r' {
            app.find("[data-testid=reject-dialog]").await;
            app.press(&['1', char::from(Key::Enter)]).await;
        }
        app.until(
            "the next comment focused",
            &format!("({FOCUSED}) !== {id:?} && !document.querySelector('[data-testid=queue-row][data-id=\"{id}\"]')"),
        )
        .await;
    }
}

#[tokio::test]
async fn a_moderator_connects_the_site_triages_by_keyboard_and_the_site_shows_every_decision() {
    let wp = WordPress::start();
    wp.seed(1000);
    let dir = tempfile::tempdir().unwrap();
    let db = newsroom_db(&dir);
    let app = launch(&db, "site-sync-connect").await;

    // Settings → Sites: a wrong password first, then the right one.
    app.click("[data-testid=nav-settings]").await;
    type_into(&app, "#site-url", &wp.url).await;
    type_into(&app, "#site-user", &wp.admin_user).await;
    type_into(
        &app,
        "#site-password",
        "wrong wrong wrong wrong wrong wrong",
    )
    .await;
    app.click("#site-test").await;
    app.find_text("#site-error", "did not accept this user name")
        .await;
    type_into(&app, "#site-password", &wp.admin_password).await;
    app.click("#site-test").await;
    app.find_text("#site-check", "Readerdesk test site").await;
    app.click("#site-connect").await;
    app.find(&format!(".site-row[data-url=\"{}\"]", wp.url))
        .await;
    let password_left = app
        .js("return document.querySelector('#site-password').value")
        .await;
    assert_eq!(password_left, "", "the password is not kept on the page");
    app.screenshot("site-sync-connected").await;

    sync_now(&app).await;
    app.find_text("#sync-result", "1,000 new comments").await;
    app.click("[data-testid=nav-moderation]").await;
    app.click("[data-testid=queue-pending]").await;
    app.until("a focused row", FOCUSED).await;
    app.find_text("#sync-state", "On the site").await;

    let plan: Vec<char> = "aaaaaaaasssssrrrrttt".chars().collect();
    triage(&app, &plan).await;
    sync_now(&app).await;
    app.find_text("#sync-waiting", "All decisions are on the site")
        .await;
    app.screenshot("site-sync-triaged").await;

    let decided = decided_here(&db);
    assert_eq!(decided.len(), 20);
    for (id, status) in &decided {
        let (on, ip, _) = wp.comment_row(*id);
        assert_eq!(on, on_site(status), "comment {id} ({status})");
        assert!(
            ip.starts_with("203.0.113.") || ip.starts_with("2001:db8::"),
            "IP kept: {ip}"
        );
    }

    // Offline: twenty decisions wait, survive a restart, and arrive once.
    wp.stop_http();
    let offline: Vec<char> = "aaaaaaaassssstttrrrr".chars().collect();
    triage(&app, &offline).await;
    app.find_text("#sync-waiting", "20 decisions waiting").await;
    app.quit().await;
    wp.resume();
    let app = launch(&db, "site-sync-offline").await;
    app.find_text("#sync-waiting", "20 decisions waiting").await;
    sync_now(&app).await;
    app.find_text("#sync-waiting", "All decisions are on the site")
        .await;
    let decided = decided_here(&db);
    assert_eq!(decided.len(), 40);
    for (id, status) in &decided[20..] {
        assert_eq!(wp.comment_row(*id).0, on_site(status), "comment {id}");
    }
    let mut posts: HashMap<String, usize> = HashMap::new();
    for line in wp.writes_log() {
        *posts.entry(line).or_default() += 1;
    }
    assert_eq!(posts.len(), 40, "{posts:?}");
    assert!(
        posts.values().all(|n| *n == 1),
        "nothing sent twice: {posts:?}"
    );

    // A conflict: approved in wp-admin after our pull, marked spam here.
    let focused = app.until("a focused row", FOCUSED).await;
    let key = focused.as_str().unwrap().to_owned();
    let wp_id: i64 = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT CAST(external_id AS INTEGER) FROM comments WHERE id = ?1",
            [&key],
            |r| r.get(0),
        )
        .unwrap();
    wp.php(&format!("wp_set_comment_status({wp_id}, 'approve');"));
    app.press(&['s']).await;
    sync_now(&app).await;
    app.find(&format!("#conflicts .conflict[data-comment=\"{key}\"]"))
        .await;
    app.screenshot("site-sync-conflict").await;
    assert_eq!(wp.comment_row(wp_id).0, "1", "the site keeps its status");
    app.find(&format!(
        "#conflicts .conflict[data-comment=\"{key}\"] .keep-mine"
    ))
    .await
    .click()
    .await
    .unwrap();
    app.until(
        "the conflict to be settled",
        "!document.querySelector('#conflicts .conflict') || null",
    )
    .await;
    sync_now(&app).await;
    app.find_text("#sync-waiting", "All decisions are on the site")
        .await;
    assert_eq!(wp.comment_row(wp_id).0, "spam");
    app.quit().await;
}
