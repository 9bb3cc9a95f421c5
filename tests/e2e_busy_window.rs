//! A long import never freezes the window: while an import is stopped in the middle of its
//! write (held there by the test through READERDESK_E2E_IMPORT_GATE, so nothing depends on how
//! fast this machine is), the queue, its counts, a search, the comment card and the Fundraising
//! tab all answer; a decision made meanwhile says in the status bar what it is waiting for, and
//! lands once the import has written.
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
    let file = dir.path().join("history.xml");
    export(&file, 20, 100);
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

    // The import now holds the writer, in the middle of its transaction.
    app.click("[data-testid=nav-moderation]").await;
    within(&app, "the queue", "[data-testid=queue-row]", "").await;
    within(
        &app,
        "the queue counts",
        "[data-testid=queue-pending] [data-testid=queue-count]",
        "",
    )
    .await;
    let target = app.until("a focused row", FOCUSED).await;
    let target = target.as_str().unwrap().to_owned();
    within(&app, "the comment card", "[data-testid=card-body]", "").await;

    // A decision waits for the writer, and the window says so instead of looking frozen.
    app.press(&['a']).await;
    within(
        &app,
        "the waiting notice",
        "[data-testid=waiting-notice]",
        "waiting for the import to finish writing",
    )
    .await;
    app.screenshot("busy_window-waiting").await;

    // Reads still answer while both the import and the decision wait for the writer.
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

    // Released, the import writes its comments and the decision lands after it.
    std::fs::write(&gate, b"").unwrap();
    app.until(
        "the waiting notice gone",
        "document.querySelector('[data-testid=waiting-notice]') === null || null",
    )
    .await;
    app.click("[data-testid=nav-settings]").await;
    app.find_text("[data-testid=import-row]", "history.xml")
        .await;
    app.quit().await;

    let store = Store::open(&db).unwrap();
    assert_eq!(
        queue::card(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &target
        )
        .unwrap()
        .item
        .status,
        Status::Approved
    );
    let imported: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM comments WHERE body LIKE 'Imported comment number %'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(imported, 2000);
}
