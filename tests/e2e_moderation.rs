//! The moderation workspace in the real window: keyboard triage checked row by row in the
//! database, undo, a bulk reject of a filter as one undo step, Cyrillic search into the
//! thread view, and the author dossier's reject-all.
mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::App;
use fantoccini::key::Key;
use readerdesk_core::model::{Queue, Role, Sort, Status};
use readerdesk_core::moderation::audit::{self, AuditQuery};
use readerdesk_core::moderation::moderators;
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::{demo, Store};

const FOCUSED: &str =
    "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.id ?? null";

fn demo_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("newsroom.db");
    let store = Store::open(&path).unwrap();
    demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    path
}

async fn signed_in_as(db: &Path, name: &str, who: &str) -> App {
    let app = App::launch(db, name).await;
    app.find_text("[data-testid=profile-option]", who)
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-list]").await;
    app.until("a focused row", FOCUSED).await;
    app
}

fn status_of(store: &Store, id: &str) -> Status {
    queue::card(
        store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        id,
    )
    .unwrap()
    .item
    .status
}

#[tokio::test]
async fn triage_twenty_comments_with_the_keyboard_then_undo_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let app = signed_in_as(&db, "moderation-triage", "Olena Kovalenko").await;
    let pending_before = app
        .js("return Number(document.querySelector('[data-testid=queue-pending] [data-testid=queue-count]').textContent)")
        .await
        .as_i64()
        .unwrap();

    let plan = [
        ('a', Status::Approved),
        ('s', Status::Spam),
        ('t', Status::Trash),
        ('r', Status::Rejected),
    ];
    let mut decided: Vec<(String, Status, char)> = Vec::new();
    for step in 0..20 {
        let id = app.until("a focused row", FOCUSED).await;
        let id = id.as_str().unwrap().to_owned();
        let (key, status) = plan[step % plan.len()];
        app.press(&[key]).await;
        if key == 'r' {
            app.find("[data-testid=reject-dialog]").await;
            app.press(&['2', char::from(Key::Enter)]).await;
        }
        // The next comment is focused at once, and the decided one has left Pending.
        app.until(
            "the next comment focused",
            &format!("({FOCUSED}) !== {id:?} && !document.querySelector('[data-testid=queue-row][data-id=\"{id}\"]')"),
        )
        .await;
        decided.push((id, status, key));
    }
    app.screenshot("moderation-triage").await;
    let count_after = app
        .until(
            "the Pending count to drop by 20",
            &format!("Number(document.querySelector('[data-testid=queue-pending] [data-testid=queue-count]').textContent) === {} || null", pending_before - 20),
        )
        .await;
    assert_eq!(count_after, true);

    // Undo twice: the last two decisions go back to Pending, and the status line says so.
    app.chord(Key::Control, 'z').await;
    app.find_text("[data-testid=status-line]", "Restored 1 comment to Pending")
        .await;
    app.chord(Key::Control, 'z').await;
    app.until(
        "the second undo",
        &format!("Number(document.querySelector('[data-testid=queue-pending] [data-testid=queue-count]').textContent) === {} || null", pending_before - 18),
    )
    .await;
    app.quit().await;

    let store = Store::open(&db).unwrap();
    for (index, (id, status, _)) in decided.iter().enumerate() {
        let expected = if index >= 18 {
            Status::Pending
        } else {
            *status
        };
        assert_eq!(status_of(&store, id), expected, "comment {index} ({id})");
    }
    let olena = moderators::list(&store)
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Olena Kovalenko")
        .unwrap();
    let log = audit::page(
        &store,
        &AuditQuery {
            moderator_id: Some(olena.id.clone()),
            ..Default::default()
        },
        None,
        500,
    )
    .unwrap();
    for (index, (id, status, key)) in decided.iter().enumerate() {
        let entry = log
            .entries
            .iter()
            .find(|e| &e.comment_id == id && e.action != "undo")
            .unwrap_or_else(|| panic!("no decision logged for comment {index}"));
        assert_eq!(entry.to_status, status.as_str());
        assert_eq!(entry.from_status, "pending");
        if *key == 'r' {
            let reasons = readerdesk_core::moderation::reasons::list(&store).unwrap();
            assert_eq!(entry.reason.as_deref(), Some(reasons.reject[1].as_str()));
        }
    }
    let undos = log.entries.iter().filter(|e| e.action == "undo").count();
    assert_eq!(undos, 2);
}

#[tokio::test]
async fn a_bulk_reject_of_a_filter_is_one_step_and_one_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let (article_id, expected) = {
        let store = Store::open(&db).unwrap();
        let pending = queue::page(
            &store,
            Queue::Pending,
            &QueueFilter::default(),
            Sort::Newest,
            None,
            200,
        )
        .unwrap();
        let article_id = pending.items[0].article_id.clone();
        let filter = QueueFilter {
            article_id: Some(article_id.clone()),
            ..Default::default()
        };
        let expected = queue::filtered_count(&store, Queue::Pending, &filter).unwrap();
        (article_id, expected)
    };
    assert!(
        expected >= 3,
        "the demo article has several pending comments"
    );
    let app = signed_in_as(&db, "moderation-bulk", "Sam Okafor").await;
    // The article list fills in after the queue: a value set before its option exists is
    // dropped (a clean-clone run chose "All articles" that way).
    app.until(
        "the article in the filter's list",
        &format!(
            "[...document.querySelectorAll('[data-testid=filter-article] option')]
                 .some(o => o.value === {article_id:?}) || null"
        ),
    )
    .await;
    app.js(&format!(
        "const select = document.querySelector('[data-testid=filter-article]');
         select.value = {article_id:?};
         select.dispatchEvent(new Event('change', {{ bubbles: true }}));
         return true;"
    ))
    .await;
    app.until(
        "the list narrowed to the article",
        &format!(
            "document.querySelectorAll('[data-testid=queue-row]').length === {expected} || null"
        ),
    )
    .await;
    app.chord(Key::Shift, 'X').await;
    app.find("[data-testid=select-all-banner]").await;
    app.press(&['r']).await;
    app.find("[data-testid=reject-dialog]").await;
    app.press(&['1', char::from(Key::Enter)]).await;
    let confirm = app.find("[data-testid=bulk-confirm]").await;
    let question = confirm.text().await.unwrap();
    assert!(
        question.contains(&format!("Reject {expected} comments?")),
        "{question}"
    );
    app.screenshot("moderation-bulk-confirm").await;
    app.press(&[char::from(Key::Enter)]).await;
    app.find_text(
        "[data-testid=status-line]",
        &format!("Rejected {expected} comments"),
    )
    .await;
    let store = Store::open(&db).unwrap();
    let filter = QueueFilter {
        article_id: Some(article_id.clone()),
        ..Default::default()
    };
    assert_eq!(
        queue::filtered_count(&store, Queue::Pending, &filter).unwrap(),
        0
    );
    let sam = moderators::list(&store)
        .unwrap()
        .into_iter()
        .find(|m| m.role == Role::Moderator)
        .unwrap();
    let log = audit::page(
        &store,
        &AuditQuery {
            moderator_id: Some(sam.id.clone()),
            action: Some(readerdesk_core::model::Action::Reject),
            ..Default::default()
        },
        None,
        500,
    )
    .unwrap();
    let newest_batch = &log.entries[0].batch_id;
    let in_batch = log
        .entries
        .iter()
        .filter(|e| &e.batch_id == newest_batch)
        .count();
    assert_eq!(in_batch as i64, expected, "one batch for the whole filter");
    drop(store);

    app.chord(Key::Control, 'z').await;
    app.find_text(
        "[data-testid=status-line]",
        &format!("Restored {expected} comments to Pending"),
    )
    .await;
    app.quit().await;
    let store = Store::open(&db).unwrap();
    assert_eq!(
        queue::filtered_count(&store, Queue::Pending, &filter).unwrap(),
        expected
    );
}

#[tokio::test]
async fn cyrillic_search_opens_the_thread_and_the_dossier_rejects_all_pending() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let app = signed_in_as(&db, "moderation-search", "Olena Kovalenko").await;

    app.press(&['/']).await;
    app.until(
        "the search box focused",
        "document.activeElement?.dataset.testid === 'search-input' || null",
    )
    .await;
    app.find("[data-testid=search-input]")
        .await
        .send_keys("Микола")
        .await
        .unwrap();
    app.press(&[char::from(Key::Enter)]).await;
    app.until(
        "one result",
        "document.querySelectorAll('[data-testid=queue-row]').length === 1 || null",
    )
    .await;
    let author = app
        .js("return document.querySelector('[data-testid=queue-row] [data-testid=row-author]').textContent")
        .await;
    assert_eq!(author, "Микола Данчук");
    app.js("document.querySelector('[data-testid=queue-row]').click(); return true;")
        .await;
    app.press(&[char::from(Key::Enter)]).await;
    app.find("[data-testid=thread-view]").await;
    let thread = app
        .until(
            "the thread",
            "(() => { const items = Array.from(document.querySelectorAll('[data-testid=thread-comment]'));
                     return items.length === 2 ? items.map(i => [i.dataset.depth, i.textContent]) : null; })()",
        )
        .await;
    assert_eq!(thread[0][0], "0");
    assert!(thread[0][1].as_str().unwrap().contains("laker48"));
    assert_eq!(thread[1][0], "1");
    assert!(thread[1][1].as_str().unwrap().contains("Микола Данчук"));
    app.screenshot("moderation-thread").await;
    // Esc closes the thread, a second Esc leaves the search for the queue.
    app.press(&[char::from(Key::Escape)]).await;
    app.until(
        "the thread closed",
        "document.querySelector('[data-testid=thread-view]') === null || null",
    )
    .await;
    app.press(&[char::from(Key::Escape)]).await;
    app.until(
        "the queue back",
        "document.querySelectorAll('[data-testid=queue-row]').length > 1 || null",
    )
    .await;

    // Dossier: the focused pending comment's author, reject all of their pending comments.
    let focused = app.until("a focused row", FOCUSED).await;
    let focused = focused.as_str().unwrap().to_owned();
    let (author_id, pending) = {
        let store = Store::open(&db).unwrap();
        let card = queue::card(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &focused,
        )
        .unwrap();
        let author_id = card.item.author_id.unwrap();
        let dossier = readerdesk_core::moderation::authors::dossier(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &author_id,
        )
        .unwrap();
        (author_id, dossier.counts.pending)
    };
    assert!(pending >= 1);
    app.find("[data-testid=open-dossier]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=dossier]").await;
    app.screenshot("moderation-dossier").await;
    app.find("[data-testid=dossier-reject-all]")
        .await
        .click()
        .await
        .unwrap();
    let confirm = app.find("[data-testid=bulk-confirm]").await;
    let text = confirm.text().await.unwrap();
    assert!(text.contains(&pending.to_string()), "{text}");
    app.find("[data-testid=bulk-confirm-ok]")
        .await
        .click()
        .await
        .unwrap();
    app.find_text("[data-testid=status-line]", "Rejected").await;
    app.quit().await;
    let store = Store::open(&db).unwrap();
    let dossier = readerdesk_core::moderation::authors::dossier(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &author_id,
    )
    .unwrap();
    assert_eq!(dossier.counts.pending, 0);
}
