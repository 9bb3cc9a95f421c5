//! Erasing a reader from the real window: an admin opens the author's dossier, erases them
//! (texts kept), the dossier and the card read "Erased reader 1", the backups that still hold
//! them are named and deleted, and the e-mail address is nowhere in the database file.
mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::App;
use readerdesk_core::backups::{self, Reason};
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::moderation::queue;
use readerdesk_core::{demo, Store};

const FOCUSED: &str =
    "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.id ?? null";

fn holds(path: &Path, needle: &str) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend(std::fs::read(format!("{}-wal", path.display())).unwrap_or_default());
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn an_admin_erases_a_reader_from_the_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
        backups::create(&store, Reason::Manual).unwrap();
    }
    let saves = dir.path().join("saved");
    std::fs::create_dir(&saves).unwrap();
    // The save dialog cannot be driven by WebDriver: the app saves into this folder instead.
    let app = App::launch_with(&db, "erase", &[("READERDESK_E2E_SAVE_DIR", &saves)]).await;
    app.find_text("[data-testid=profile-option]", "Olena Kovalenko")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-list]").await;
    let id = app.until("a focused row", FOCUSED).await;
    let id = id.as_str().unwrap().to_owned();
    let email = {
        let store = Store::open(&db).unwrap();
        queue::card(&store, &Moderator::owner(), &id)
            .unwrap()
            .author_email
            .expect("the focused demo comment has an e-mail")
    };
    app.find("[data-testid=card-body]").await;
    app.press(&['d']).await;
    // First the access request: everything held about them, in one file.
    app.click("[data-testid=dossier-export]").await;
    app.find_text("[data-testid=status-line]", "readerdesk-person.json")
        .await;
    let exported = std::fs::read_to_string(saves.join("readerdesk-person.json")).unwrap();
    assert!(exported.contains(&email), "the export holds their e-mail");
    app.click("[data-testid=dossier-erase]").await;
    app.find("[data-testid=erase-confirm]").await;
    app.click("[data-testid=erase-ok]").await;
    app.find_text("[data-testid=erase-result]", "now read as Erased reader 1")
        .await;
    app.find_text("[data-testid=dossier-name]", "Erased reader 1")
        .await;
    app.screenshot("erase-result").await;
    app.click("[data-testid=erase-prune]").await;
    app.find_text("[data-testid=status-line]", "that still held them")
        .await;
    app.quit().await;

    assert!(!holds(&db, &email), "{email} is still in the file");
    let store = Store::open(&db).unwrap();
    assert!(backups::holding(&store, std::slice::from_ref(&email))
        .unwrap()
        .is_empty());
    let card = queue::card(&store, &Moderator::owner(), &id).unwrap();
    assert_eq!(card.item.author_name, "Erased reader 1");
    assert_eq!(card.author_email, None);
}

#[tokio::test]
async fn an_admin_erases_a_top_donor_and_the_totals_stay() {
    use readerdesk_core::fundraising::campaigns;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let raised_before = {
        let store = Store::open(&db).unwrap();
        demo::build(&store, chrono::Utc::now().date_naive()).unwrap();
        campaigns::summaries(&store).unwrap()[0].raised_minor
    };
    let app = App::launch(&db, "erase-donor").await;
    app.find_text("[data-testid=profile-option]", "Olena Kovalenko")
        .await
        .click()
        .await
        .unwrap();
    app.click("[data-testid=nav-fundraising]").await;
    app.find("[data-testid=campaign-sentence]").await;
    let first = app.find("[data-testid=top-donors] button").await;
    let name = first.text().await.unwrap();
    first.click().await.unwrap();
    app.click("[data-testid=donor-erase]").await;
    app.click("[data-testid=donor-erase-ok]").await;
    app.find_text("[data-testid=donor-erased]", "Erased donor 1")
        .await;
    app.screenshot("erase-donor").await;
    app.quit().await;

    assert!(!holds(&db, &name), "{name} is still in the file");
    let store = Store::open(&db).unwrap();
    assert_eq!(
        campaigns::summaries(&store).unwrap()[0].raised_minor,
        raised_before
    );
}
