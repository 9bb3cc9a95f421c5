//! First start on a new database: the window offers the demo or an empty start; the demo shows
//! the seed article's comments as their real thread and the campaign $5,000 short.
mod common;

use common::App;
use readerdesk_core::newsroom::{self, Setup};
use readerdesk_core::Store;

#[tokio::test]
async fn first_start_opens_the_demo_newsroom() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let app = App::launch(&db, "first_start").await;

    let demo = app.find("[data-testid=choose-demo]").await;
    assert_eq!(demo.text().await.unwrap(), "Open the demo newsroom");
    let empty = app.find("[data-testid=choose-empty]").await;
    assert_eq!(empty.text().await.unwrap(), "Start empty");
    app.screenshot("first_start-choice").await;
    demo.click().await.unwrap();

    // The window asks who is working; the demo has three profiles.
    app.find("[data-testid=profile-picker]").await;
    app.find_text("[data-testid=profile-option]", "Olena Kovalenko")
        .await
        .click()
        .await
        .unwrap();
    let who = app
        .find("[data-testid=current-moderator]")
        .await
        .text()
        .await
        .unwrap();
    assert!(who.contains("Olena Kovalenko"), "{who}");
    app.find("[data-testid=mod-tab-articles]")
        .await
        .click()
        .await
        .unwrap();
    let seed = app
        .find_text("[data-testid=article]", "NATO supports Ukraine")
        .await;
    seed.click().await.unwrap();
    app.find_text("[data-testid=thread-title]", "NATO supports Ukraine")
        .await;
    let comments = app
        .js(
            "return Array.from(document.querySelectorAll('[data-testid=comment]')).map(c => ({
                 id: c.dataset.id,
                 parent: c.dataset.parentId,
                 depth: Number(c.dataset.depth),
                 author: c.querySelector('[data-testid=comment-author]').textContent,
                 body: c.querySelector('[data-testid=comment-body]').textContent,
                 indent: c.getBoundingClientRect().left,
             }));",
        )
        .await;
    let comments = comments.as_array().expect("an array of comments");
    let shape: Vec<(String, i64)> = comments
        .iter()
        .map(|c| {
            (
                c["author"].as_str().unwrap().to_owned(),
                c["depth"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            ("laker48".to_owned(), 0),
            ("Микола Данчук".to_owned(), 1),
            ("zorbatheturk".to_owned(), 0),
            ("laker48".to_owned(), 1),
        ]
    );
    assert_eq!(comments[1]["parent"], comments[0]["id"]);
    assert_eq!(comments[3]["parent"], comments[2]["id"]);
    assert_eq!(comments[2]["body"], "NATO rocks.");
    // Replies are drawn indented to the right of their parents.
    let left = |i: usize| comments[i]["indent"].as_f64().unwrap();
    assert!(left(1) > left(0) + 10.0 && left(3) > left(2) + 10.0 && left(0) == left(2));
    app.screenshot("first_start-seed-thread").await;

    app.find("[data-testid=nav-fundraising]")
        .await
        .click()
        .await
        .unwrap();
    let sentence = app
        .find_text(
            "[data-testid=campaign-sentence]",
            "We are now $5,000 short of our goal",
        )
        .await;
    assert_eq!(
        sentence.text().await.unwrap(),
        "We are now $5,000 short of our goal"
    );
    assert_eq!(
        app.find("[data-testid=campaign-goal]")
            .await
            .text()
            .await
            .unwrap(),
        "$30,000"
    );
    assert_eq!(
        app.find("[data-testid=campaign-raised]")
            .await
            .text()
            .await
            .unwrap(),
        "$25,000"
    );
    app.screenshot("first_start-fundraising").await;

    app.find("[data-testid=nav-settings]")
        .await
        .click()
        .await
        .unwrap();
    let path = app.find("[data-testid=settings-db-path]").await;
    assert_eq!(path.text().await.unwrap(), db.display().to_string());
    app.screenshot("first_start-settings").await;
    app.quit().await;

    let store = Store::open(&db).unwrap();
    assert_eq!(newsroom::setup(&store).unwrap(), Setup::Ready);
    assert_eq!(
        newsroom::stats(&store).unwrap().campaigns[0].short_minor,
        500_000
    );
}

#[tokio::test]
async fn an_empty_start_is_remembered_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let app = App::launch(&db, "empty_start").await;
    app.find("[data-testid=choose-empty]")
        .await
        .click()
        .await
        .unwrap();
    // A new newsroom has no profiles: the first one made is the admin.
    app.find("[data-testid=profile-picker]").await;
    app.find("[data-testid=profile-name]")
        .await
        .send_keys("Iryna Melnyk")
        .await
        .unwrap();
    app.find("[data-testid=profile-add]")
        .await
        .click()
        .await
        .unwrap();
    let who = app
        .find("[data-testid=current-moderator]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        who.contains("Iryna Melnyk") && who.to_lowercase().contains("admin"),
        "{who}"
    );
    app.find("[data-testid=mod-tab-articles]")
        .await
        .click()
        .await
        .unwrap();
    app.find_text(".articles", "No articles yet").await;
    app.quit().await;
    let store = Store::open(&db).unwrap();
    let profiles = readerdesk_core::moderation::moderators::list(&store).unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].role, readerdesk_core::model::Role::Admin);
    drop(store);

    let app = App::launch(&db, "empty_restart").await;
    app.find("[data-testid=nav-moderation]").await;
    let setup_shown = app
        .js("return document.querySelector('[data-testid=setup]') !== null")
        .await;
    assert_eq!(setup_shown, false);
    app.quit().await;
}
