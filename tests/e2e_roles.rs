//! Each role sees exactly its data in the real window: moderators and admins see readers'
//! e-mail and IP on the card, editors do not (and the page says why); editors and admins see
//! donors in the ledger and the top donors by name, moderators see "Donor 1…" and no names.
mod common;

use std::path::{Path, PathBuf};

use common::App;
use readerdesk_core::fundraising::ledger::{self, LedgerQuery};
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::moderation::queue::{self, CommentCard};
use readerdesk_core::{demo, Store};

const FOCUSED: &str =
    "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.id ?? null";

fn demo_db(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("newsroom.db");
    let store = Store::open(&path).unwrap();
    // Anchored on today: the window clears addresses older than the retention time at start.
    demo::build(&store, chrono::Utc::now().date_naive()).unwrap();
    path
}

/// What the window holds about readers and donors, read from the file itself.
struct Private {
    /// The newest pending comment's card (the one the queue focuses first), unmasked.
    first_card: CommentCard,
    donor_names: Vec<String>,
}

fn private(db: &Path) -> Private {
    let store = Store::open(db).unwrap();
    let owner = Moderator::owner();
    let page = queue::page(
        &store,
        readerdesk_core::model::Queue::Pending,
        &queue::QueueFilter::default(),
        readerdesk_core::model::Sort::Newest,
        None,
        1,
    )
    .unwrap();
    let first_card = queue::card(&store, &owner, &page.items[0].id).unwrap();
    let donor_names = ledger::page(&store, &owner, &LedgerQuery::default(), None, 100)
        .unwrap()
        .entries
        .into_iter()
        .filter_map(|e| e.donor_name)
        .collect();
    Private {
        first_card,
        donor_names,
    }
}

async fn signed_in(db: &Path, name: &str, who: &str) -> App {
    let app = App::launch(db, name).await;
    app.find_text("[data-testid=profile-option]", who)
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-list]").await;
    app.until("a focused row", FOCUSED).await;
    app.find("[data-testid=card-body]").await;
    app
}

async fn page_text(app: &App) -> String {
    app.js("return document.body.innerText")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The ledger tab's text once its rows are there.
async fn ledger_text(app: &App) -> String {
    app.click("[data-testid=nav-fundraising]").await;
    // The campaign's sentence: the page has loaded and will not shift under the next click.
    app.find("[data-testid=campaign-sentence]").await;
    app.click("[data-testid=fund-tab-ledger]").await;
    app.find("[data-testid=ledger-row]").await;
    page_text(app).await
}

#[tokio::test]
async fn a_moderator_sees_readers_contact_but_no_donors() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let data = private(&db);
    let email = data
        .first_card
        .author_email
        .clone()
        .expect("the demo card has an e-mail");
    let ip = data.first_card.author_ip.clone().expect("and an IP");
    let app = signed_in(&db, "roles-moderator", "Sam Okafor").await;
    let text = page_text(&app).await;
    assert!(text.contains(&email) && text.contains(&ip), "{text}");

    let ledger = ledger_text(&app).await;
    assert!(!data.donor_names.is_empty());
    for name in &data.donor_names {
        assert!(
            !ledger.contains(name.as_str()),
            "{name} shown to a moderator"
        );
    }
    app.find("[data-testid=donor-hidden]").await;
    app.click("[data-testid=fund-tab-overview]").await;
    app.find("[data-testid=donors-hidden]").await;
    app.find_text("[data-testid=top-donors]", "Donor 1").await;
    app.screenshot("roles-moderator").await;
    let overview = page_text(&app).await;
    for name in &data.donor_names {
        assert!(!overview.contains(name.as_str()), "{name} in the overview");
    }
    app.quit().await;
}

#[tokio::test]
async fn an_editor_sees_donors_but_no_readers_contact() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let data = private(&db);
    let email = data.first_card.author_email.clone().unwrap();
    let ip = data.first_card.author_ip.clone().unwrap();
    let app = signed_in(&db, "roles-editor", "Dana Reyes").await;
    app.find("[data-testid=card-contact-hidden]").await;
    let text = page_text(&app).await;
    assert!(!text.contains(&email) && !text.contains(&ip), "{text}");
    assert!(
        !text.contains("email:"),
        "the search hint offers no e-mail search"
    );

    // Searching by e-mail is refused, and the refusal says why.
    app.find("[data-testid=search-input]")
        .await
        .send_keys(&format!("email:{email}"))
        .await
        .unwrap();
    app.press(&[char::from(fantoccini::key::Key::Enter)]).await;
    app.find_text("[data-testid=status-line]", "moderators and admins")
        .await;

    let ledger = ledger_text(&app).await;
    assert!(
        data.donor_names.iter().any(|n| ledger.contains(n.as_str())),
        "an editor sees the donors"
    );
    app.screenshot("roles-editor").await;
    app.quit().await;
}

#[tokio::test]
async fn an_admin_sees_both() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let data = private(&db);
    let email = data.first_card.author_email.clone().unwrap();
    let app = signed_in(&db, "roles-admin", "Olena Kovalenko").await;
    assert!(page_text(&app).await.contains(&email));
    let ledger = ledger_text(&app).await;
    assert!(data.donor_names.iter().any(|n| ledger.contains(n.as_str())));
    app.quit().await;
}
