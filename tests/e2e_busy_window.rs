//! A long import never freezes the window. While an import is paused between two of its
//! chunks (held there by the test through READERDESK_E2E_IMPORT_GATE, so nothing depends on how
//! fast this machine is), the queue, its counts, a search, the comment card and the Fundraising
//! tab all answer, and none of the comments written so far shows (an import is seen whole or
//! not at all). Released, the import goes on while the moderator keeps deciding: every
//! decision is recorded within 250 ms of its key press, while the import is still writing.
mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use common::App;
use fantoccini::key::Key;
use readerdesk_core::model::Status;
use readerdesk_core::moderation::queue;
use readerdesk_core::{demo, Store};

/// How long a read may take while the import holds the writer: generous for a loaded 2-core
/// machine, far below "frozen until the import ends" (which here is forever, until released).
const ANSWER: Duration = Duration::from_secs(5);

/// The import's size: large enough that it is still writing after five decisions.
const ARTICLES: usize = 200;
const PER_ARTICLE: usize = 100;

const FOCUSED: &str =
    "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.id ?? null";

/// A WordPress export of `articles` × `per_article` pending comments.
fn export(path: &Path, articles: usize, per_article: usize) {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\
         <title>Busy</title><link>https://busy.example.org</link>\
         <wp:base_site_url>https://busy.example.org</wp:base_site_url>\n",
    );
    let mut id = 0;
    for a in 0..articles {
        let _ = write!(
            xml,
            "<item><title>Imported article {a}</title><link>https://busy.example.org/{a}</link>\
             <wp:post_id>{}</wp:post_id><wp:post_type>post</wp:post_type>",
            a + 1
        );
        for _ in 0..per_article {
            id += 1;
            let _ = write!(
                xml,
                "<wp:comment><wp:comment_id>{id}</wp:comment_id>\
                 <wp:comment_author>Reader {id}</wp:comment_author>\
                 <wp:comment_date_gmt>2026-10-01 10:00:00</wp:comment_date_gmt>\
                 <wp:comment_content>Imported comment number {id}.</wp:comment_content>\
                 <wp:comment_approved>0</wp:comment_approved>\
                 <wp:comment_parent>0</wp:comment_parent></wp:comment>"
            );
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel></rss>\n");
    std::fs::write(path, xml).unwrap();
}

async fn within(app: &App, what: &str, css: &str, text: &str) {
    let started = Instant::now();
    app.find_text(css, text).await;
    let took = started.elapsed();
    eprintln!("busy window: {what} answered in {} ms", took.as_millis());
    assert!(took < ANSWER, "{what} took {took:?} while the import wrote");
}

#[tokio::test]
async fn the_window_answers_while_an_import_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    }
    let demo_pending = {
        let store = Store::open(&db).unwrap();
        queue::counts(&store).unwrap().pending
    };
    let file = dir.path().join("history.xml");
    export(&file, ARTICLES, PER_ARTICLE);
    let gate = dir.path().join("gate");
    let reached = dir.path().join("gate.reached");
    let app = App::launch_with(
        &db,
        "busy_window",
        &[
            ("READERDESK_E2E_IMPORT_FILE", &file),
            ("READERDESK_E2E_IMPORT_GATE", &gate),
        ],
    )
    .await;
    app.find_text("[data-testid=profile-option]", "Olena Kovalenko")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-list]").await;
    app.click("[data-testid=nav-settings]").await;
    app.click("[data-testid=import-comments]").await;
    let started = Instant::now();
    while !reached.exists() {
        assert!(
            started.elapsed() < common::WAIT,
            "the import never started writing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The import is paused between two chunks: some of its comments are written, hidden.
    app.click("[data-testid=nav-moderation]").await;
    within(&app, "the queue", "[data-testid=queue-row]", "").await;
    within(
        &app,
        "the queue counts",
        "[data-testid=queue-pending] [data-testid=queue-count]",
        "",
    )
    .await;
    let hidden = count(
        &db,
        "SELECT count(*) FROM comments WHERE status = 'importing'",
    );
    assert!(hidden > 0, "the paused import has written chunks");
    // The status bar says why the queues have not moved yet.
    app.find_text(
        "[data-testid=background-work]",
        "Importing comments in the background",
    )
    .await;
    let shown_pending = app
        .js("return document.querySelector('[data-testid=queue-pending] [data-testid=queue-count]').textContent")
        .await;
    assert_eq!(
        shown_pending.as_str().unwrap().trim(),
        demo_pending.to_string(),
        "none of the import's comments counts yet"
    );
    within(&app, "the comment card", "[data-testid=card-body]", "").await;
    app.press(&['/']).await;
    app.find("[data-testid=search-input]")
        .await
        .send_keys("NATO")
        .await
        .unwrap();
    app.press(&[char::from(Key::Enter)]).await;
    within(&app, "a search", "[data-testid=queue-row]", "NATO").await;
    app.click("[data-testid=nav-fundraising]").await;
    within(
        &app,
        "the Fundraising tab",
        "[data-testid=campaign-sentence]",
        "short",
    )
    .await;
    app.click("[data-testid=nav-moderation]").await;
    app.find("[data-testid=queue-row]").await;
    app.press(&[char::from(Key::Escape)]).await;
    app.click("[data-testid=queue-pending]").await;
    app.find("[data-testid=queue-row]").await;
    app.screenshot("busy_window-paused").await;

    // Released, the import writes on while the moderator approves five comments in turn.
    std::fs::write(&gate, b"").unwrap();
    let mut pressed = Vec::new();
    for _ in 0..5 {
        let target = app.until("a focused row", FOCUSED).await;
        let target = target.as_str().unwrap().to_owned();
        pressed.push((target.clone(), chrono::Utc::now()));
        app.press(&['a']).await;
        app.until(
            "the next row focused",
            &format!("(({FOCUSED}) !== {target:?}) || null"),
        )
        .await;
    }
    assert_eq!(
        count(&db, "SELECT count(*) FROM imports WHERE state = 'writing'"),
        1,
        "the import was still writing after the five decisions (make the file larger)"
    );
    let started = Instant::now();
    while count(
        &db,
        "SELECT count(*) FROM imports WHERE state = 'done' AND file_name = 'history.xml'",
    ) == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the import never finished"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    app.click("[data-testid=nav-settings]").await;
    app.find_text("[data-testid=import-row]", "history.xml")
        .await;
    app.until(
        "the background line gone once the import is done",
        "document.querySelector('[data-testid=background-work]') === null || null",
    )
    .await;
    app.quit().await;

    let store = Store::open(&db).unwrap();
    for (target, at_press) in &pressed {
        let recorded: String = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT at FROM decisions WHERE comment_id = ?1 AND action = 'approve'",
                    [target],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        let recorded = chrono::DateTime::parse_from_rfc3339(&recorded)
            .unwrap()
            .with_timezone(&chrono::Utc);
        let took = recorded - *at_press;
        eprintln!(
            "busy window: a decision was recorded {} ms after its key press",
            took.num_milliseconds()
        );
        assert!(
            took < chrono::Duration::milliseconds(250),
            "a decision took {took} to land while the import wrote"
        );
        assert_eq!(
            queue::card(
                &store,
                &readerdesk_core::moderation::moderators::Moderator::owner(),
                target
            )
            .unwrap()
            .item
            .status,
            Status::Approved
        );
    }
    let imported: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM comments WHERE body LIKE 'Imported comment number %'
                   AND status <> 'importing'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(imported, (ARTICLES * PER_ARTICLE) as i64);
}

fn count(db: &Path, sql: &str) -> i64 {
    readerdesk_core::rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}
